package io.safehold.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.safehold.activities.awareness.AwarenessActivitiesImpl;
import io.safehold.catalog.Catalog;
import io.safehold.workflows.awareness.AwarenessCheckRequest;
import io.safehold.workflows.awareness.AwarenessCheckResult;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * One awareness check over N assets (default 10,000) in a seeded catalog, through the production
 * activity ({@link AwarenessActivitiesImpl}) on embedded PostgreSQL, and prints its time and alert
 * counts against what the seed implies. The seed, per 10 assets: 5 backed up an hour ago, 2 last
 * backed up 3 days ago (stale), 1 never backed up (one failed run), 1 declaring scopes db and files
 * with only db backed up (files missing), 1 declaring both with both backed up; every asset also
 * has 5 older runs of history.
 *
 * <p>Three checks: the first raises every alert, the second (steady state, what every period costs)
 * raises nothing, the third runs after the stale assets got a backup and clears theirs.
 *
 * <p>Usage: {@code bench/awareness.sh [assets]}. Not a test: exits 0 when every count matches the
 * seed, 1 otherwise.
 */
public final class AwarenessBenchmark {

  private static final Duration WINDOW = Duration.ofDays(1);
  private static final Duration PERIOD = Duration.ofHours(6);

  private AwarenessBenchmark() {}

  public static void main(String[] args) throws Exception {
    int assets = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    if (assets % 10 != 0) {
      throw new IllegalArgumentException("the number of assets must be a multiple of 10");
    }
    Path data = Files.createTempDirectory("safehold-awareness-bench-");
    try (EmbeddedPostgres postgres =
            EmbeddedPostgres.builder()
                .setDataDirectory(data.resolve("postgres"))
                .setOverrideWorkingDirectory(data.resolve("work").toFile())
                .setCleanDataDirectory(true)
                .setOutputRedirector(
                    ProcessBuilder.Redirect.appendTo(data.resolve("postgres.log").toFile()))
                .setErrorRedirector(
                    ProcessBuilder.Redirect.appendTo(data.resolve("postgres.log").toFile()))
                .start();
        HikariDataSource pool =
            Catalog.dataSource(
                postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 4)) {
      Catalog.migrate(pool);
      Jdbi jdbi = Catalog.jdbi(pool);
      long seedStart = System.nanoTime();
      seed(jdbi, assets);
      jdbi.useHandle(h -> h.execute("VACUUM ANALYZE"));
      long runs =
          jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM runs").mapTo(Long.class).one());
      System.out.printf(
          "seeded %d assets and %d runs in %.1f s%n",
          assets, runs, (System.nanoTime() - seedStart) / 1e9);

      AwarenessActivitiesImpl activity = new AwarenessActivitiesImpl(jdbi, Clock.systemUTC());
      AwarenessCheckRequest request =
          new AwarenessCheckRequest(PERIOD.toSeconds(), WINDOW.toSeconds());
      int tenth = assets / 10;
      int expectedStale = 2 * tenth;
      int expectedNever = tenth;
      int expectedMissingScope = tenth;
      int expectedRaised = expectedStale + expectedNever + expectedMissingScope;

      Timed first = timed(() -> activity.check(request));
      Map<String, Long> byKind = openByKind(jdbi);
      Timed second = timed(() -> activity.check(request));
      jdbi.useHandle(
          h ->
              h.execute(
                  """
                  INSERT INTO runs (id, kind, asset_id, status, source, external_id, started_at,
                                    finished_at)
                  SELECT gen_random_uuid(), 'backup', a.id, 'COMPLETED', 'event',
                         'landed-' || a.id, now() - interval '10 minutes', now()
                  FROM assets a WHERE a.name LIKE 'stale-%'
                  """));
      Timed third = timed(() -> activity.check(request));

      System.out.println();
      print("first check (raises)", first);
      System.out.printf(
          "  open by kind          %s (expected STALE_BACKUP=%d, NO_BACKUP=%d,"
              + " NO_FULL_BACKUP=%d)%n",
          byKind, expectedStale, expectedNever, expectedMissingScope);
      print("second check (steady)", second);
      print("third check (clears)", third);
      System.out.println("machine: shared with other jobs; times vary between runs");

      boolean ok =
          first.result.assets() == assets
              && first.result.raised() == expectedRaised
              && byKind.getOrDefault("STALE_BACKUP", 0L) == expectedStale
              && byKind.getOrDefault("NO_BACKUP", 0L) == expectedNever
              && byKind.getOrDefault("NO_FULL_BACKUP", 0L) == expectedMissingScope
              && second.result.raised() == 0
              && second.result.refreshed() == 0
              && second.result.cleared() == 0
              && second.result.open() == expectedRaised
              && third.result.cleared() == expectedStale
              && third.result.open() == expectedRaised - expectedStale;
      System.out.printf(
          "counts match the seed: %s; target: one check under 5 s%n", ok ? "yes" : "NO");
      System.exit(ok ? 0 : 1);
    }
  }

  private static void print(String label, Timed timed) {
    AwarenessCheckResult r = timed.result;
    System.out.printf(
        "%-23s %.3f s: %d assets, %d scopes; raised %d, refreshed %d, cleared %d, open %d%n",
        label,
        timed.seconds,
        r.assets(),
        r.scopes(),
        r.raised(),
        r.refreshed(),
        r.cleared(),
        r.open());
  }

  private record Timed(AwarenessCheckResult result, double seconds) {}

  private interface Check {
    AwarenessCheckResult run();
  }

  private static Timed timed(Check check) {
    long start = System.nanoTime();
    AwarenessCheckResult result = check.run();
    return new Timed(result, (System.nanoTime() - start) / 1e9);
  }

  private static Map<String, Long> openByKind(Jdbi jdbi) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT kind, count(*) AS n FROM alerts WHERE cleared_at IS NULL GROUP BY kind")
                .reduceRows(
                    new TreeMap<String, Long>(),
                    (map, row) -> {
                      map.put(row.getColumn("kind", String.class), row.getColumn("n", Long.class));
                      return map;
                    }));
  }

  /** The mix described on the class, in a few set-based statements. */
  private static void seed(Jdbi jdbi, int assets) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  """
                  INSERT INTO assets (id, kind, name, system, external_id, created_at)
                  SELECT gen_random_uuid(), 'external',
                         CASE WHEN i % 10 < 5 THEN 'fresh-' WHEN i % 10 < 7 THEN 'stale-'
                              WHEN i % 10 = 7 THEN 'never-' WHEN i % 10 = 8 THEN 'partial-'
                              ELSE 'scoped-' END || i,
                         'event', 'bench-' || i, now() - interval '30 days'
                  FROM generate_series(0, :n - 1) AS i
                  """)
              .bind("n", assets)
              .execute();
          h.execute(
              """
              INSERT INTO awareness_settings (asset_id, scope, declared_at)
              SELECT a.id, s.scope, now() - interval '30 days'
              FROM assets a CROSS JOIN (VALUES ('db'), ('files')) AS s (scope)
              WHERE a.name LIKE 'partial-%' OR a.name LIKE 'scoped-%'
              """);
          // History: 5 older runs per asset, 10 to 14 days ago, failed for never-backed-up ones.
          h.execute(
              """
              INSERT INTO runs (id, kind, asset_id, scope, status, source, external_id,
                                created_at, started_at, finished_at)
              SELECT gen_random_uuid(), 'backup', a.id,
                     CASE WHEN a.name LIKE 'partial-%' OR a.name LIKE 'scoped-%' THEN 'db'
                          ELSE '' END,
                     CASE WHEN a.name LIKE 'never-%' THEN 'FAILED' ELSE 'COMPLETED' END,
                     'event', a.id || '-' || d, now() - (10 + d) * interval '1 day',
                     now() - (10 + d) * interval '1 day', now() - (10 + d) * interval '1 day'
              FROM assets a CROSS JOIN generate_series(0, 4) AS d
              """);
          h.execute(
              """
              INSERT INTO runs (id, kind, asset_id, scope, status, source, external_id,
                                created_at, started_at, finished_at)
              SELECT gen_random_uuid(), 'backup', a.id, s.scope, 'COMPLETED_WITH_WARNINGS', 'event',
                     a.id || '-last-' || s.scope, s.at, s.at, s.at
              FROM assets a
              CROSS JOIN LATERAL (
                SELECT '' AS scope, now() - interval '1 hour' AS at WHERE a.name LIKE 'fresh-%'
                UNION ALL SELECT '', now() - interval '3 days' WHERE a.name LIKE 'stale-%'
                UNION ALL SELECT 'db', now() - interval '1 hour'
                  WHERE a.name LIKE 'partial-%' OR a.name LIKE 'scoped-%'
                UNION ALL SELECT 'files', now() - interval '1 hour' WHERE a.name LIKE 'scoped-%'
              ) s
              """);
        });
  }
}
