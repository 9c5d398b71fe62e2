package io.safehold.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.catalog.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbCommandTest {

  @TempDir Path dir;

  @Test
  void dbMigrateCreatesTheCatalogInAnEmptyDatabase() throws Exception {
    Jdbi server = TestDatabase.get().jdbi();
    server.useHandle(h -> h.execute("DROP DATABASE IF EXISTS db_command_test"));
    server.useHandle(h -> h.execute("CREATE DATABASE db_command_test"));
    String url = TestDatabase.get().jdbcUrl().replace("/postgres?", "/db_command_test?");
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        """
        database:
          url: "%s"
        s3:
          bucket: unused
        secretKey: "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80="
        logging:
          level: WARN
        """
            .formatted(url));

    new SafeholdApplication() {
      @Override
      protected void onFatalError(Throwable t) {
        throw new AssertionError("db migrate failed", t);
      }
    }.run("db", "migrate", config.toString());

    List<String> tables =
        Jdbi.create(url)
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY"
                                + " 1")
                        .mapTo(String.class)
                        .list());
    assertThat(tables)
        .contains("api_keys", "devices", "runs", "config_versions", "flyway_schema_history");
  }
}
