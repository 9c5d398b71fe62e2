package io.safehold.catalog;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The catalog side of backup events reported by other tools: runs with source {@value #SOURCE}
 * opened by a {@code started} event and closed by {@code completed} or {@code failed}, and the keys
 * of events already applied, so a replay changes nothing.
 */
@RegisterConstructorMapper(RunRow.class)
public interface BackupEventDao {

  /** {@code runs.source} of runs reported by events. */
  String SOURCE = "event";

  /** The run an already applied event (by its key) opened or closed. */
  @SqlQuery("SELECT run_id FROM backup_events WHERE event_key = :eventKey")
  Optional<UUID> appliedEvent(String eventKey);

  @SqlUpdate(
      """
      INSERT INTO backup_events (event_key, run_id) VALUES (:eventKey, :runId)
      ON CONFLICT (event_key) DO NOTHING
      """)
  void recordApplied(String eventKey, UUID runId);

  /** Takes a transaction-long lock on one asset's events, so two events never race to close. */
  @SqlQuery("SELECT pg_advisory_xact_lock(hashtextextended(CAST(:assetId AS text), 8)) IS NOT NULL")
  boolean lockAsset(UUID assetId);

  /** The newest RUNNING event run of this asset and scope. */
  @SqlQuery(
      RunDao.SELECT_RUN
          + """
          WHERE asset_id = :assetId AND scope = :scope AND source = 'event' AND status = 'RUNNING'
          ORDER BY started_at DESC, created_at DESC LIMIT 1
          """)
  Optional<RunRow> newestOpenRun(UUID assetId, String scope);

  /**
   * Closes a RUNNING event run at the time the event gives, merging {@code resultJson} into what
   * its start recorded; false when it was not running.
   */
  @SqlUpdate(
      """
      UPDATE runs SET status = :status, error = :error, phase = NULL, finished_at = :at,
             result = COALESCE(result, '{}'::jsonb) || COALESCE(CAST(:resultJson AS jsonb), '{}')
      WHERE id = :id AND status = 'RUNNING'
      """)
  boolean close(UUID id, String status, String error, String resultJson, Instant at);
}
