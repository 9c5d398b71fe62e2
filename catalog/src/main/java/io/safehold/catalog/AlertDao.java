package io.safehold.catalog;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(AlertRow.class)
public interface AlertDao {

  /**
   * Opens an alert, or refreshes the message and run of the one already open for the same kind,
   * asset and subject; returns its id.
   */
  @SqlQuery(
      """
      INSERT INTO alerts (kind, asset_id, subject, run_id, message)
      VALUES (:kind, :assetId, :subject, :runId, :message)
      ON CONFLICT (kind, asset_id, subject) WHERE cleared_at IS NULL
      DO UPDATE SET message = EXCLUDED.message, run_id = EXCLUDED.run_id
      RETURNING id
      """)
  long raise(String kind, UUID assetId, String subject, UUID runId, String message);

  /** Clears an open alert; false when it does not exist or was already cleared. */
  @SqlUpdate(
      "UPDATE alerts SET cleared_at = now(), cleared_by = :by WHERE id = :id AND cleared_at IS NULL")
  boolean clear(long id, String by);

  /** Clears the open alert of this kind, asset and subject, if any (e.g. a backup landed). */
  @SqlUpdate(
      """
      UPDATE alerts SET cleared_at = now(), cleared_by = :by
      WHERE kind = :kind AND asset_id = :assetId AND subject = :subject AND cleared_at IS NULL
      """)
  boolean clearOpen(String kind, UUID assetId, String subject, String by);

  @SqlQuery("SELECT * FROM alerts WHERE id = :id")
  Optional<AlertRow> find(long id);

  /** Newest first; {@code open} null lists all, true only open ones, false only cleared ones. */
  @SqlQuery(
      """
      SELECT * FROM alerts
      WHERE id < :beforeId
        AND (CAST(:open AS boolean) IS NULL OR (cleared_at IS NULL) = CAST(:open AS boolean))
      ORDER BY id DESC LIMIT :limit
      """)
  List<AlertRow> list(Boolean open, long beforeId, int limit);
}
