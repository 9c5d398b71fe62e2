package io.safehold.bench;

import io.safehold.activities.bacula.BaculaDirectors;
import io.safehold.activities.bacula.BaculaImport;
import io.safehold.catalog.BaculaDirectorDao;
import io.safehold.catalog.BaculaDirectorRow;
import io.safehold.catalog.Catalog;
import io.safehold.testbed.bacula.BaculaTestbed;
import io.safehold.workflows.bacula.BaculaImportResult;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * Times Bacula import cycles (issue 4 §5): seeds N finished jobs (default 2,000) into the SQLite
 * catalog of a real Bacula 9.6 director (the testbed), then runs the import cycle the {@code
 * BaculaImportWorkflow}'s activity runs into an embedded PostgreSQL catalog: once, again (nothing
 * new), and once more with the watermark reset to 0 (everything read again, deduplicated by
 * external id). Prints the time of each cycle and the catalog rows it wrote. Target: a cycle under
 * 30 s, and the later cycles write 0 rows.
 *
 * <p>Usage: {@code bench/bacula-import.sh [jobs]}. Needs the Bacula packages (see {@code
 * testbed/bacula/README.md}). Not a test: exits 0 when the targets are met, 1 otherwise.
 */
public final class BaculaImportBenchmark {

  private BaculaImportBenchmark() {}

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    Path pgDir = Files.createTempDirectory("safehold-bench-pg-");
    int exitCode = 1;
    try (BaculaTestbed bacula = BaculaTestbed.start();
        EmbeddedPostgres postgres =
            EmbeddedPostgres.builder()
                .setDataDirectory(pgDir.resolve("data"))
                .setOverrideWorkingDirectory(pgDir.resolve("work").toFile())
                .setCleanDataDirectory(true)
                .start()) {
      seed(bacula.catalogDatabase(), jobs);
      System.out.printf(
          "seeded %d finished jobs (40 job names) into %s%n", jobs, bacula.catalogDatabase());

      Catalog.migrate(postgres.getPostgresDatabase());
      Jdbi jdbi = Catalog.jdbi(postgres.getPostgresDatabase());
      BaculaDirectorDao directors = jdbi.onDemand(BaculaDirectorDao.class);
      BaculaDirectorRow row =
          new BaculaDirectorRow(
              UUID.randomUUID(),
              "bench-dir",
              "local",
              bacula.bconsoleConfig().toString(),
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
      directors.insert(row);
      BaculaImport imports = new BaculaImport(jdbi, BaculaDirectors.local());

      long[] rows0 = rows(jdbi);
      long start = System.nanoTime();
      BaculaImportResult first = imports.cycle(directors.find(row.id()).orElseThrow(), id -> {});
      double firstSeconds = (System.nanoTime() - start) / 1e9;
      long[] rows1 = rows(jdbi);

      start = System.nanoTime();
      BaculaImportResult second = imports.cycle(directors.find(row.id()).orElseThrow(), id -> {});
      double secondSeconds = (System.nanoTime() - start) / 1e9;
      long[] rows2 = rows(jdbi);

      // The watermark lost (e.g. a catalog restored from an old dump): everything is read again
      // and deduplicated by (source, external id).
      jdbi.useHandle(
          h ->
              h.createUpdate("UPDATE bacula_directors SET import_watermark = 0 WHERE id = :id")
                  .bind("id", row.id())
                  .execute());
      start = System.nanoTime();
      BaculaImportResult again = imports.cycle(directors.find(row.id()).orElseThrow(), id -> {});
      double againSeconds = (System.nanoTime() - start) / 1e9;
      long[] rows3 = rows(jdbi);

      System.out.println();
      System.out.printf("jobs in the Bacula catalog   %d%n", jobs);
      System.out.printf(
          "cycle 1                      %.2f s, %d job records read, %d runs + %d assets written"
              + " (target < 30 s)%n",
          firstSeconds, first.seen(), rows1[0] - rows0[0], rows1[1] - rows0[1]);
      System.out.printf(
          "cycle 2                      %.2f s, %d job records read, %d runs + %d assets written"
              + " (target 0 rows)%n",
          secondSeconds, second.seen(), rows2[0] - rows1[0], rows2[1] - rows1[1]);
      System.out.printf(
          "cycle 3, watermark reset     %.2f s, %d job records read, %d runs + %d assets written"
              + " (target 0 rows)%n",
          againSeconds, again.seen(), rows3[0] - rows2[0], rows3[1] - rows2[1]);
      System.out.printf("watermark after              %d%n", again.watermark());
      boolean met =
          firstSeconds < 30
              && rows1[0] - rows0[0] == jobs
              && rows2[0] == rows1[0]
              && rows2[1] == rows1[1]
              && rows3[0] == rows1[0]
              && rows3[1] == rows1[1];
      exitCode = met ? 0 : 1;
    } finally {
      System.exit(exitCode);
    }
  }

  /** Imported runs and Bacula assets in the Safehold catalog. */
  private static long[] rows(Jdbi jdbi) {
    return jdbi.withHandle(
        h ->
            new long[] {
              h.createQuery("SELECT count(*) FROM runs WHERE source = 'import:bacula'")
                  .mapTo(Long.class)
                  .one(),
              h.createQuery("SELECT count(*) FROM assets WHERE system = 'bacula'")
                  .mapTo(Long.class)
                  .one()
            });
  }

  /**
   * Inserts finished backup jobs spread over the last weeks, in the director's local time: mostly
   * T, every 20th T with errors, every 33rd E, every 50th A.
   */
  private static void seed(Path database, int jobs) throws Exception {
    String sql =
        """
INSERT OR IGNORE INTO Client (ClientId, Name, Uname, AutoPrune, FileRetention, JobRetention)
  VALUES (1, 'safehold-fd', '', 1, 2592000, 15552000);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
INSERT INTO Job (Job, Name, Type, Level, ClientId, JobStatus, SchedTime, StartTime,
                 EndTime, RealEndTime, JobTDate, JobFiles, JobBytes, ReadBytes, JobErrors,
                 PoolId)
SELECT 'Bench' || (i %% 40) || '.seed_' || i, 'Bench' || (i %% 40), 'B',
       CASE WHEN i %% 7 = 0 THEN 'F' ELSE 'I' END, 1,
       CASE WHEN i %% 50 = 0 THEN 'A' WHEN i %% 33 = 0 THEN 'E' ELSE 'T' END,
       datetime('now', '-' || (i * 10) || ' minutes', 'localtime'),
       datetime('now', '-' || (i * 10) || ' minutes', 'localtime'),
       datetime('now', '-' || (i * 10 - 4) || ' minutes', 'localtime'),
       datetime('now', '-' || (i * 10 - 4) || ' minutes', 'localtime'),
       CAST(strftime('%%s', 'now', '-' || (i * 10) || ' minutes') AS INTEGER),
       i %% 1000, i * 1048576, i * 1048576,
       CASE WHEN i %% 20 = 0 THEN 2 ELSE 0 END,
       (SELECT PoolId FROM Pool WHERE Name = 'Default')
FROM n;
"""
            .formatted(jobs);
    Path file = Files.createTempFile("bacula-seed", ".sql");
    try {
      Files.writeString(file, sql, StandardCharsets.UTF_8);
      Process sqlite =
          new ProcessBuilder("/usr/bin/sqlite3", database.toString())
              .redirectInput(file.toFile())
              .redirectErrorStream(true)
              .start();
      String output = new String(sqlite.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!sqlite.waitFor(60, TimeUnit.SECONDS) || sqlite.exitValue() != 0) {
        throw new IllegalStateException("seeding the Bacula catalog failed: " + output);
      }
    } finally {
      Files.delete(file);
    }
  }
}
