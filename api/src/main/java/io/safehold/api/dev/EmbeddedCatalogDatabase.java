package io.safehold.api.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * PostgreSQL from zonky's embedded binaries, keeping its data under {@code <data-dir>/postgres} so
 * the catalog survives restarts. The binaries unpack under {@code <data-dir>/postgres-bin}, not the
 * shared temp folder.
 */
final class EmbeddedCatalogDatabase implements AutoCloseable {

  private final EmbeddedPostgres postgres;

  private EmbeddedCatalogDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedCatalogDatabase start(Path dataDir) throws IOException {
    Path work = Files.createDirectories(dataDir.resolve("postgres-bin"));
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir.resolve("postgres"))
            .setCleanDataDirectory(false)
            .setOverrideWorkingDirectory(work.toFile())
            .setRegisterShutdownHook(false)
            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(dataDir.resolve("postgres.log").toFile()))
            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(dataDir.resolve("postgres.log").toFile()))
            .start();
    return new EmbeddedCatalogDatabase(postgres);
  }

  String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
