package io.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.safehold.catalog.testing.TestDatabase;
import java.util.UUID;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BaculaDirectorDaoTest {

  private BaculaDirectorDao directors;

  @BeforeEach
  void setUp() {
    directors = TestDatabase.get().fresh().jdbi().onDemand(BaculaDirectorDao.class);
  }

  static BaculaDirectorRow local(String name) {
    return new BaculaDirectorRow(
        UUID.randomUUID(),
        name,
        "local",
        "/etc/bacula/bconsole.conf",
        null,
        22,
        null,
        null,
        null,
        15,
        0,
        true,
        null,
        null,
        null,
        null);
  }

  @Test
  void storesADirectorThatStartsHealthyWithNothingImported() {
    BaculaDirectorRow row = local("main-dir");
    directors.insert(row);
    BaculaDirectorRow stored = directors.findByName("main-dir").orElseThrow();
    assertThat(stored.id()).isEqualTo(row.id());
    assertThat(stored.healthy()).isTrue();
    assertThat(stored.importWatermark()).isZero();
    assertThat(stored.createdAt()).isNotNull();
  }

  @Test
  void healthFollowsTheLastContactAndTheWatermarkNeverMovesBack() {
    BaculaDirectorRow row = local("main-dir");
    directors.insert(row);
    directors.markUnhealthy(row.id(), "director down");
    assertThat(directors.find(row.id()).orElseThrow())
        .satisfies(
            d -> {
              assertThat(d.healthy()).isFalse();
              assertThat(d.lastError()).isEqualTo("director down");
              assertThat(d.lastCheckedAt()).isNotNull();
            });
    directors.recordImport(row.id(), 40);
    directors.recordImport(row.id(), 12);
    BaculaDirectorRow after = directors.find(row.id()).orElseThrow();
    assertThat(after.healthy()).isTrue();
    assertThat(after.lastError()).isNull();
    assertThat(after.importWatermark()).isEqualTo(40);
    assertThat(after.lastImportAt()).isNotNull();
  }

  @Test
  void anSshDirectorNeedsAHostKeyAndACredential() {
    BaculaDirectorRow template = local("remote-dir");
    BaculaDirectorRow ssh =
        new BaculaDirectorRow(
            template.id(),
            "remote-dir",
            "ssh",
            "/etc/bacula/bconsole.conf",
            "bacula.example",
            22,
            null,
            null,
            null,
            15,
            0,
            true,
            null,
            null,
            null,
            null);
    assertThatThrownBy(() -> directors.insert(ssh))
        .isInstanceOf(UnableToExecuteStatementException.class);
  }
}
