package io.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.catalog.testing.TestDatabase;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditDaoTest {

  private AuditDao audit;

  @BeforeEach
  void setUp() {
    audit = TestDatabase.get().fresh().jdbi().onDemand(AuditDao.class);
  }

  @Test
  void pagesNewestFirstWithoutOverlap() {
    UUID key = UUID.randomUUID();
    for (int i = 1; i <= 5; i++) {
      audit.insert(key, "POST /api/v1/devices", "/api/v1/devices/" + i, 201);
    }

    List<AuditRow> first = audit.list(Long.MAX_VALUE, 2);
    List<AuditRow> second = audit.list(first.get(first.size() - 1).id(), 2);
    List<AuditRow> third = audit.list(second.get(second.size() - 1).id(), 2);

    assertThat(first)
        .extracting(AuditRow::target)
        .containsExactly("/api/v1/devices/5", "/api/v1/devices/4");
    assertThat(second)
        .extracting(AuditRow::target)
        .containsExactly("/api/v1/devices/3", "/api/v1/devices/2");
    assertThat(third).extracting(AuditRow::target).containsExactly("/api/v1/devices/1");
  }

  @Test
  void recordsWhoDidWhatAndTheResult() {
    UUID key = UUID.randomUUID();
    audit.insert(key, "DELETE /api/v1/devices/x", "/api/v1/devices/x", 404);
    audit.insert(null, "POST /api/v1/keys", "/api/v1/keys", 401);

    List<AuditRow> rows = audit.list(Long.MAX_VALUE, 10);

    assertThat(rows.get(0).keyId()).isNull();
    assertThat(rows.get(0).result()).isEqualTo(401);
    assertThat(rows.get(1).keyId()).isEqualTo(key);
    assertThat(rows.get(1).action()).isEqualTo("DELETE /api/v1/devices/x");
    assertThat(rows.get(1).result()).isEqualTo(404);
    assertThat(rows.get(1).at()).isNotNull();
  }
}
