package io.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.catalog.testing.TestDatabase;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeyDaoTest {

  private ApiKeyDao keys;

  @BeforeEach
  void setUp() {
    keys = TestDatabase.get().fresh().jdbi().onDemand(ApiKeyDao.class);
  }

  @Test
  void findsAnActiveKeyByItsHash() {
    UUID id = UUID.randomUUID();
    keys.insert(id, "ops laptop", "operator", "hash-1");

    ApiKeyRow row = keys.findActiveByHash("hash-1").orElseThrow();

    assertThat(row.id()).isEqualTo(id);
    assertThat(row.name()).isEqualTo("ops laptop");
    assertThat(row.role()).isEqualTo("operator");
    assertThat(row.createdAt()).isNotNull();
    assertThat(row.revokedAt()).isNull();
    assertThat(keys.findActiveByHash("hash-2")).isEmpty();
  }

  @Test
  void aRevokedKeyNoLongerAuthenticatesButStaysListed() {
    UUID id = UUID.randomUUID();
    keys.insert(id, "old", "viewer", "hash-old");

    assertThat(keys.revoke(id)).isTrue();

    assertThat(keys.findActiveByHash("hash-old")).isEmpty();
    assertThat(keys.find(id).orElseThrow().revokedAt()).isNotNull();
    assertThat(keys.list()).extracting(ApiKeyRow::id).containsExactly(id);
  }

  @Test
  void revokingTwiceOrAnUnknownKeyReportsNothingRevoked() {
    UUID id = UUID.randomUUID();
    keys.insert(id, "k", "viewer", "h");
    keys.revoke(id);

    assertThat(keys.revoke(id)).isFalse();
    assertThat(keys.revoke(UUID.randomUUID())).isFalse();
  }

  @Test
  void countsOnlyActiveAdmins() {
    UUID first = UUID.randomUUID();
    keys.insert(first, "a1", "admin", "h1");
    keys.insert(UUID.randomUUID(), "a2", "admin", "h2");
    keys.insert(UUID.randomUUID(), "op", "operator", "h3");
    keys.revoke(first);

    assertThat(keys.countActiveAdmins()).isEqualTo(1);
  }
}
