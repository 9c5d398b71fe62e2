package io.safehold.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Runs, their events and their artifacts. Status changes never move a terminal run. */
@RegisterConstructorMapper(RunRow.class)
@RegisterConstructorMapper(ArtifactRow.class)
@RegisterConstructorMapper(RunEventRow.class)
public interface RunDao {

  String SELECT_RUN =
      """
      SELECT id, kind, asset_id, status, phase, progress_done, progress_total, workflow_id,
             temporal_run_id, source, external_id, bytes, error, result::text AS result,
             created_at, started_at, finished_at, scope
      FROM runs
      """;

  String TERMINAL = "('COMPLETED','COMPLETED_WITH_WARNINGS','FAILED','CANCELLED','ABANDONED')";

  @SqlUpdate(
      """
      INSERT INTO runs (id, kind, asset_id, status, workflow_id)
      VALUES (:id, :kind, :assetId, 'PENDING', :workflowId)
      """)
  void insertPending(UUID id, String kind, UUID assetId, String workflowId);

  @SqlQuery(SELECT_RUN + " WHERE id = :id")
  Optional<RunRow> find(UUID id);

  /**
   * A run that happened outside Safehold (a Bacula job, a Cove session, a reported event), already
   * started or finished. {@code status} may be RUNNING or terminal; {@code finishedAt} is null
   * while it runs.
   */
  record ImportedRun(
      UUID id,
      String kind,
      UUID assetId,
      String scope,
      String status,
      String source,
      String externalId,
      long bytes,
      String error,
      String resultJson,
      Instant startedAt,
      Instant finishedAt) {}

  /**
   * Inserts imported runs, skipping each whose (source, external id) is already in the catalog, so
   * importing the same history twice writes nothing new. Returns, per run, whether it was new.
   */
  @SqlBatch(
      """
      INSERT INTO runs (id, kind, asset_id, scope, status, source, external_id, bytes, error,
                        result, created_at, started_at, finished_at)
      VALUES (:id, :kind, :assetId, :scope, :status, :source, :externalId, :bytes, :error,
              CAST(:resultJson AS jsonb), COALESCE(:startedAt, now()), :startedAt, :finishedAt)
      ON CONFLICT (source, external_id) DO NOTHING
      """)
  boolean[] insertImported(@BindMethods List<ImportedRun> runs);

  @SqlQuery(SELECT_RUN + " WHERE source = :source AND external_id = :externalId")
  Optional<RunRow> findExternal(String source, String externalId);

  /**
   * Lists runs newest first. Null filters match everything. The cursor is the (createdAt, id) of
   * the last row of the previous page; pass both, or null for both on the first page.
   */
  @SqlQuery(
      SELECT_RUN
          + """
          WHERE (CAST(:assetId AS uuid) IS NULL OR asset_id = :assetId)
            AND (CAST(:status AS text) IS NULL OR status = :status)
            AND (CAST(:kind AS text) IS NULL OR kind = :kind)
            AND (CAST(:afterCreatedAt AS timestamptz) IS NULL
                 OR (created_at, id) < (CAST(:afterCreatedAt AS timestamptz), CAST(:afterId AS uuid)))
          ORDER BY created_at DESC, id DESC
          LIMIT :limit
          """)
  List<RunRow> list(
      UUID assetId, String status, String kind, Instant afterCreatedAt, UUID afterId, int limit);

  @SqlUpdate(
      """
      UPDATE runs SET status = 'RUNNING', temporal_run_id = :temporalRunId,
             started_at = COALESCE(started_at, now())
      WHERE id = :id AND status IN ('PENDING', 'RUNNING')
      """)
  boolean markRunning(UUID id, String temporalRunId);

  @SqlUpdate("UPDATE runs SET phase = :phase WHERE id = :id AND status NOT IN " + TERMINAL)
  boolean setPhase(UUID id, String phase);

  @SqlUpdate(
      "UPDATE runs SET progress_done = :done, progress_total = :total WHERE id = :id AND status NOT IN "
          + TERMINAL)
  boolean setProgress(UUID id, Long done, Long total);

  /**
   * Moves a non-terminal run to a terminal status; returns false if it had already ended (or does
   * not exist, or {@code status} is not terminal), in which case nothing changes.
   */
  @SqlUpdate(
      """
      UPDATE runs SET status = :status, error = :error, bytes = :bytes,
             result = CAST(:resultJson AS jsonb), phase = NULL, finished_at = now(),
             started_at = COALESCE(started_at, now())
      WHERE id = :id AND CAST(:status AS text) IN
      """
          + TERMINAL
          + " AND status NOT IN "
          + TERMINAL)
  boolean finish(UUID id, String status, String error, long bytes, String resultJson);

  /** Runs that are not finished yet, oldest first: start-up checks them against Temporal. */
  @SqlQuery(SELECT_RUN + " WHERE status IN ('PENDING', 'RUNNING') ORDER BY created_at")
  List<RunRow> listUnfinished();

  @SqlUpdate("INSERT INTO run_events (run_id, type, message) VALUES (:runId, :type, :message)")
  void insertEvent(UUID runId, String type, String message);

  /** An event written later than it happened, with the time it happened. */
  record NewRunEvent(UUID runId, String type, String message, Instant at) {}

  /** Writes buffered events in one batch, in list order (so ids keep their order). */
  @SqlBatch(
      "INSERT INTO run_events (run_id, type, message, at) VALUES (:runId, :type, :message, :at)")
  void insertEvents(@BindMethods List<NewRunEvent> events);

  @SqlQuery("SELECT * FROM run_events WHERE run_id = :runId ORDER BY id")
  List<RunEventRow> events(UUID runId);

  @SqlBatch(
      """
      INSERT INTO artifacts (run_id, object_key, size, sha256)
      VALUES (:runId, :objectKey, :size, :sha256) ON CONFLICT (run_id, object_key) DO NOTHING
      """)
  void insertArtifacts(@BindMethods List<ArtifactRow> artifacts);

  @SqlQuery("SELECT run_id, object_key, size, sha256 FROM artifacts WHERE run_id = :runId ORDER BY id")
  List<ArtifactRow> artifacts(UUID runId);

  /** The latest finished run's status per asset, for the last-status gauge. */
  @RegisterConstructorMapper(AssetStatus.class)
  @SqlQuery(
      """
      SELECT DISTINCT ON (asset_id) asset_id, status FROM runs
      WHERE asset_id IS NOT NULL AND status IN
      """
          + TERMINAL
          + " ORDER BY asset_id, finished_at DESC NULLS LAST, created_at DESC, id DESC")
  List<AssetStatus> lastStatusPerAsset();

  /** The status of an asset's latest finished run. */
  record AssetStatus(UUID assetId, String status) {}
}
