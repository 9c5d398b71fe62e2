package io.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.catalog.testing.TestDatabase;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MigrationTest {

  @Test
  void migrationsCreateTheCatalogAndRerunningThemIsANoOp() {
    TestDatabase db = TestDatabase.get().fresh();
    assertThat(Catalog.migrate(db.dataSource())).isZero();

    UUID key = UUID.randomUUID();
    db.jdbi().onDemand(ApiKeyDao.class).insert(key, "first", "admin", "ab12");
    assertThat(db.jdbi().onDemand(ApiKeyDao.class).findActiveByHash("ab12"))
        .get()
        .extracting(ApiKeyRow::role)
        .isEqualTo("admin");
  }
}
