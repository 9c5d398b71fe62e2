package io.safehold.catalog;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * The awareness loop's catalog side: per-asset and per-scope settings, and the check itself, which
 * raises and clears {@link #NO_BACKUP}, {@link #STALE_BACKUP} and {@link #NO_FULL_BACKUP} alerts
 * for every asset in a handful of set-based statements (no per-asset round trip), so one check over
 * 10,000 assets stays one short transaction.
 *
 * <p>What is checked: an asset that declares no scope is checked as a whole (any successful run
 * counts); an asset that declares scopes is checked per scope, where a run of that scope or of the
 * whole asset (scope {@code ""}) counts. A successful backup is a run of kind {@code backup},
 * COMPLETED or COMPLETED_WITH_WARNINGS, whatever its source, dated by {@code finished_at}. New
 * assets and newly declared scopes get one window of grace before {@code NO_BACKUP} or {@code
 * NO_FULL_BACKUP}.
 */
@RegisterConstructorMapper(AwarenessSettingRow.class)
public interface AwarenessDao extends SqlObject {

  /** Never backed up successfully (subject {@code ""}). */
  String NO_BACKUP = "NO_BACKUP";

  /** The last successful backup is older than the window (subject: the scope, {@code ""} whole). */
  String STALE_BACKUP = "STALE_BACKUP";

  /** A declared scope has no successful backup while the asset has some (subject: the scope). */
  String NO_FULL_BACKUP = "NO_FULL_BACKUP";

  /** Actor of the check's raises and clears in the alert event log. */
  String ACTOR = "awareness";

  /** Only one check at a time, across every process sharing the catalog. */
  long LOCK_KEY = 0x5afe_0a1e_27L;

  /** The global defaults from the configuration, in seconds; a period of -1 disables. */
  record Defaults(long checkPeriodS, long alertWindowS) {}

  /**
   * What a check did. {@code skipped}: another check held the lock, nothing was done. Alert event
   * ids in ({@code eventsAfter}, {@code eventsUpTo}] are this check's raises, refreshes and clears.
   */
  record CheckCounts(
      boolean skipped,
      int assets,
      int scopes,
      int raised,
      int refreshed,
      int cleared,
      int open,
      long eventsAfter,
      long eventsUpTo) {

    static CheckCounts skippedCheck() {
      return new CheckCounts(true, 0, 0, 0, 0, 0, 0, 0, 0);
    }
  }

  @SqlQuery("SELECT * FROM awareness_settings WHERE asset_id = :assetId ORDER BY scope")
  List<AwarenessSettingRow> settings(UUID assetId);

  @SqlUpdate("DELETE FROM awareness_settings WHERE asset_id = :assetId")
  void deleteSettings(UUID assetId);

  @SqlBatch(
      """
      INSERT INTO awareness_settings (asset_id, scope, check_period_s, alert_window_s, declared_at)
      VALUES (:assetId, :scope, :checkPeriodS, :alertWindowS, COALESCE(:declaredAt, now()))
      """)
  void insertSettings(@BindMethods List<AwarenessSettingRow> rows);

  /**
   * Replaces an asset's settings and declared scopes. A scope declared before keeps its {@code
   * declaredAt} (its grace period does not restart); rows' own {@code declaredAt} is ignored.
   */
  @Transaction
  default List<AwarenessSettingRow> replaceSettings(UUID assetId, List<AwarenessSettingRow> rows) {
    List<AwarenessSettingRow> before = settings(assetId);
    deleteSettings(assetId);
    insertSettings(
        rows.stream()
            .map(
                r ->
                    new AwarenessSettingRow(
                        assetId,
                        r.scope(),
                        r.checkPeriodS(),
                        r.alertWindowS(),
                        before.stream()
                            .filter(b -> b.scope().equals(r.scope()))
                            .map(AwarenessSettingRow::declaredAt)
                            .findFirst()
                            .orElse(null)))
            .toList());
    return settings(assetId);
  }

  /** The shortest positive check period set on any asset or scope, if any. */
  @SqlQuery("SELECT min(check_period_s) FROM awareness_settings WHERE check_period_s > 0")
  Long shortestPeriodSetting();

  default OptionalLong shortestCheckPeriod() {
    Long shortest = shortestPeriodSetting();
    return shortest == null ? OptionalLong.empty() : OptionalLong.of(shortest);
  }

  /**
   * Checks every asset (or only {@code onlyAsset}) as of {@code now}: raises the alerts whose
   * condition holds (or refreshes their message), and clears open awareness alerts whose condition
   * no longer holds (a backup landed, a scope was dropped, awareness was turned off). With {@code
   * raise} false it only clears: the cheap path taken right after a backup lands. Returns skipped
   * counts when another check is running.
   */
  @Transaction
  default CheckCounts check(Instant now, Defaults defaults, UUID onlyAsset, boolean raise) {
    Handle h = getHandle();
    boolean locked =
        h.createQuery("SELECT pg_try_advisory_xact_lock(:key)")
            .bind("key", LOCK_KEY)
            .mapTo(Boolean.class)
            .one();
    if (!locked) {
      return CheckCounts.skippedCheck();
    }
    long eventsAfter =
        h.createQuery("SELECT COALESCE(max(id), 0) FROM alert_events").mapTo(Long.class).one();
    h.execute(
        """
        CREATE TEMP TABLE awareness_checked (
          asset_id UUID, name TEXT, created_at TIMESTAMPTZ, scope TEXT, declared_at TIMESTAMPTZ,
          window_s BIGINT, last_good TIMESTAMPTZ, any_good BOOLEAN) ON COMMIT DROP
        """);
    h.execute(
        """
        CREATE TEMP TABLE awareness_desired (
          asset_id UUID, kind TEXT, subject TEXT, message TEXT) ON COMMIT DROP
        """);
    h.createUpdate(CHECKED)
        .bind("now", now)
        .bind("periodS", defaults.checkPeriodS())
        .bind("windowS", defaults.alertWindowS())
        .bind("assetId", onlyAsset)
        .execute();
    h.createUpdate(DESIRED).bind("now", now).execute();
    int raised = 0;
    int refreshed = 0;
    if (raise) {
      for (var row : h.createQuery(RAISE).bind("now", now).bind("actor", ACTOR).mapToMap().list()) {
        long n = ((Number) row.get("n")).longValue();
        if ("raise".equals(row.get("type"))) {
          raised = (int) n;
        } else {
          refreshed = (int) n;
        }
      }
    }
    int cleared =
        h.createQuery(CLEAR)
            .bind("now", now)
            .bind("actor", ACTOR)
            .bind("assetId", onlyAsset)
            .mapTo(Integer.class)
            .one();
    var sizes =
        h.createQuery(
                """
                SELECT count(DISTINCT asset_id) AS assets, count(*) AS scopes,
                       (SELECT count(*) FROM alerts WHERE cleared_at IS NULL
                          AND kind IN ('NO_BACKUP', 'STALE_BACKUP', 'NO_FULL_BACKUP')) AS open,
                       (SELECT COALESCE(max(id), 0) FROM alert_events) AS events_up_to
                FROM awareness_checked
                """)
            .mapToMap()
            .one();
    return new CheckCounts(
        false,
        ((Number) sizes.get("assets")).intValue(),
        ((Number) sizes.get("scopes")).intValue(),
        raised,
        refreshed,
        cleared,
        ((Number) sizes.get("open")).intValue(),
        eventsAfter,
        ((Number) sizes.get("events_up_to")).longValue());
  }

  /**
   * Clears, right after run {@code runId} finished, the awareness alerts its backup resolves: a
   * backup that just finished is within any window, so no setting needs reading. It clears the
   * asset's {@code NO_BACKUP}, and its {@code STALE_BACKUP} and {@code NO_FULL_BACKUP} of the run's
   * scope (every scope for a whole-asset run; the whole asset for any run). Does nothing unless the
   * run is a successful {@code backup} of an asset. Returns how many alerts it cleared.
   */
  @SqlQuery(
      """
      WITH landed AS (
        SELECT id, asset_id, scope FROM runs
        WHERE id = :runId AND kind = 'backup' AND asset_id IS NOT NULL
          AND status IN ('COMPLETED', 'COMPLETED_WITH_WARNINGS')),
      cl AS (
        UPDATE alerts a SET cleared_at = now(), cleared_by = 'run ' || l.id
        FROM landed l
        WHERE a.cleared_at IS NULL AND a.asset_id = l.asset_id
          AND (a.kind = 'NO_BACKUP'
               OR (a.kind IN ('STALE_BACKUP', 'NO_FULL_BACKUP')
                   AND (l.scope = '' OR a.subject = l.scope OR a.subject = '')))
        RETURNING a.id, a.cleared_by),
      ev AS (
        INSERT INTO alert_events (alert_id, type, actor, message)
        SELECT id, 'clear', cleared_by, 'A backup landed.' FROM cl
        RETURNING 1)
      SELECT count(*) FROM ev
      """)
  int clearAfterBackup(UUID runId);

  /** One row per asset and checked scope with awareness on, and its last successful backup. */
  String CHECKED =
      """
      INSERT INTO awareness_checked
      SELECT t.asset_id, t.name, t.created_at, t.scope, t.declared_at, t.window_s,
             (SELECT max(r.finished_at) FROM runs r
              WHERE r.asset_id = t.asset_id
                AND r.status IN ('COMPLETED', 'COMPLETED_WITH_WARNINGS')
                AND r.kind = 'backup'
                AND (t.scope = '' OR r.scope = t.scope OR r.scope = '')) AS last_good,
             EXISTS (SELECT 1 FROM runs r
                     WHERE r.asset_id = t.asset_id
                       AND r.status IN ('COMPLETED', 'COMPLETED_WITH_WARNINGS')
                       AND r.kind = 'backup') AS any_good
      FROM (
        SELECT a.id AS asset_id, a.name, a.created_at, s.scope, s.declared_at,
               COALESCE(s.alert_window_s, g.alert_window_s, a.backup_window_s, :windowS)
                 AS window_s,
               COALESCE(s.check_period_s, g.check_period_s, :periodS) AS period_s
        FROM assets a
        LEFT JOIN awareness_settings g ON g.asset_id = a.id AND g.scope = ''
        CROSS JOIN LATERAL (
          SELECT d.scope, d.alert_window_s, d.check_period_s, d.declared_at
          FROM awareness_settings d WHERE d.asset_id = a.id AND d.scope <> ''
          UNION ALL
          SELECT '', NULL::bigint, NULL::bigint, a.created_at
          WHERE NOT EXISTS (
            SELECT 1 FROM awareness_settings d WHERE d.asset_id = a.id AND d.scope <> '')
        ) s
        WHERE CAST(:assetId AS uuid) IS NULL OR a.id = CAST(:assetId AS uuid)
      ) t
      WHERE t.period_s <> -1
      """;

  /** The alerts whose condition holds now. */
  String DESIRED =
      """
      INSERT INTO awareness_desired
      SELECT asset_id, 'NO_BACKUP', '',
             'No successful backup of ' || name || ' has ever been recorded.'
      FROM awareness_checked
      WHERE NOT any_good
      GROUP BY asset_id, name, created_at
      HAVING created_at <= CAST(:now AS timestamptz) - min(window_s) * interval '1 second'
      UNION ALL
      SELECT asset_id, 'NO_FULL_BACKUP', scope,
             'Scope ' || scope || ' of ' || name
               || ' has no successful backup, although other parts of it have.'
      FROM awareness_checked
      WHERE any_good AND scope <> '' AND last_good IS NULL
        AND declared_at <= CAST(:now AS timestamptz) - window_s * interval '1 second'
      UNION ALL
      SELECT asset_id, 'STALE_BACKUP', scope,
             'The last successful backup of ' || name
               || CASE WHEN scope = '' THEN '' ELSE ' (scope ' || scope || ')' END
               || ' finished at '
               || to_char(last_good AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
               || ', longer ago than its window of '
               || justify_interval(window_s * interval '1 second') || '.'
      FROM awareness_checked
      WHERE last_good < CAST(:now AS timestamptz) - window_s * interval '1 second'
      """;

  /** Opens the desired alerts not open yet, refreshes changed messages; counts per event type. */
  String RAISE =
      """
      WITH up AS (
        INSERT INTO alerts (kind, asset_id, subject, message, raised_at)
        SELECT kind, asset_id, subject, message, CAST(:now AS timestamptz) FROM awareness_desired
        ON CONFLICT (kind, asset_id, subject) WHERE cleared_at IS NULL
        DO UPDATE SET message = EXCLUDED.message
          WHERE alerts.message IS DISTINCT FROM EXCLUDED.message
        RETURNING id, (xmax = 0) AS inserted, message),
      ev AS (
        INSERT INTO alert_events (alert_id, at, type, actor, message)
        SELECT id, CAST(:now AS timestamptz), CASE WHEN inserted THEN 'raise' ELSE 'refresh' END,
               :actor, message
        FROM up
        RETURNING type)
      SELECT type, count(*) AS n FROM ev GROUP BY type
      """;

  /** Clears open awareness alerts that are no longer desired; returns how many. */
  String CLEAR =
      """
      WITH cl AS (
        UPDATE alerts a SET cleared_at = CAST(:now AS timestamptz), cleared_by = :actor
        WHERE a.cleared_at IS NULL
          AND a.kind IN ('NO_BACKUP', 'STALE_BACKUP', 'NO_FULL_BACKUP')
          AND (CAST(:assetId AS uuid) IS NULL OR a.asset_id = CAST(:assetId AS uuid))
          AND NOT EXISTS (
            SELECT 1 FROM awareness_desired d
            WHERE d.kind = a.kind AND d.asset_id = a.asset_id AND d.subject = a.subject)
        RETURNING a.id, a.kind),
      ev AS (
        INSERT INTO alert_events (alert_id, at, type, actor, message)
        SELECT id, CAST(:now AS timestamptz), 'clear', :actor,
               'The condition of this ' || kind || ' alert no longer holds.'
        FROM cl
        RETURNING 1)
      SELECT count(*) FROM ev
      """;
}
