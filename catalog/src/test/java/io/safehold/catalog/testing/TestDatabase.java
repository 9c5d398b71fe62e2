package io.safehold.catalog.testing;

import io.safehold.catalog.Catalog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * One real PostgreSQL per test JVM (zonky embedded binaries), migrated with the production Flyway
 * files. Tests call {@link #fresh()} to start from empty tables.
 */
public final class TestDatabase {

  private static TestDatabase instance;

  private final EmbeddedPostgres postgres;
  private final Jdbi jdbi;

  private TestDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    Catalog.migrate(postgres.getPostgresDatabase());
    this.jdbi = Catalog.jdbi(postgres.getPostgresDatabase());
  }

  /** Starts the database on first use; it stops when the JVM exits. */
  public static synchronized TestDatabase get() {
    if (instance == null) {
      try {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath().toFile().exists()
            ? Path.of("target").toAbsolutePath() : Path.of(System.getProperty("java.io.tmpdir")),
            "pg-");
        EmbeddedPostgres pg =
            EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("data"))
                .setOverrideWorkingDirectory(dir.resolve("work").toFile())
                .setCleanDataDirectory(true)
                .start();
        instance = new TestDatabase(pg);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            pg.close();
          } catch (IOException ignored) {
            // the JVM is exiting; the temp directory goes with the build
          }
        }));
      } catch (IOException e) {
        throw new UncheckedIOException("could not start embedded PostgreSQL", e);
      }
    }
    return instance;
  }

  /** Empties every catalog table and returns this database. */
  public TestDatabase fresh() {
    List<String> tables =
        jdbi.withHandle(h -> h.createQuery(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    + "AND tablename <> 'flyway_schema_history'")
            .mapTo(String.class)
            .list());
    jdbi.useHandle(h -> h.execute("TRUNCATE " + String.join(", ", tables) + " CASCADE"));
    return this;
  }

  public DataSource dataSource() {
    return postgres.getPostgresDatabase();
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }
}
