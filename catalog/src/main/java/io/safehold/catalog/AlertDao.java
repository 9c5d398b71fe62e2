package io.safehold.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * Alerts and their event log. Every raise, refresh, acknowledgement and clear made through this DAO
 * writes an {@link AlertEventRow} in the same transaction.
 */
@RegisterConstructorMapper(AlertRow.class)
@RegisterConstructorMapper(AlertEventRow.class)
public interface AlertDao {

  /** Actor of automatic steps when the caller names none. */
  String SYSTEM = "safehold";

  /** What {@link #upsert} did. */
  record Upserted(long id, boolean inserted, boolean changed) {}

  @RegisterConstructorMapper(Upserted.class)
  @SqlQuery(
      """
      WITH old AS (
        SELECT id, message FROM alerts
        WHERE kind = :kind AND asset_id = :assetId AND subject = :subject AND cleared_at IS NULL),
      up AS (
        INSERT INTO alerts (kind, asset_id, subject, run_id, message)
        VALUES (:kind, :assetId, :subject, :runId, :message)
        ON CONFLICT (kind, asset_id, subject) WHERE cleared_at IS NULL
        DO UPDATE SET message = EXCLUDED.message, run_id = EXCLUDED.run_id
        RETURNING id, (xmax = 0) AS inserted)
      SELECT up.id, up.inserted, (old.message IS DISTINCT FROM :message) AS changed
      FROM up LEFT JOIN old ON old.id = up.id
      """)
  Upserted upsert(String kind, UUID assetId, String subject, UUID runId, String message);

  @SqlUpdate(
      """
      INSERT INTO alert_events (alert_id, at, type, actor, message)
      VALUES (:alertId, COALESCE(:at, now()), :type, :actor, :message)
      """)
  void insertEvent(long alertId, Instant at, String type, String actor, String message);

  /**
   * Opens an alert, or refreshes the message and run of the one already open for the same kind,
   * asset and subject; returns its id. Records {@code raise}, or {@code refresh} when the message
   * changed.
   */
  @Transaction
  default long raise(String kind, UUID assetId, String subject, UUID runId, String message) {
    Upserted up = upsert(kind, assetId, subject, runId, message);
    if (up.inserted()) {
      insertEvent(up.id(), null, "raise", SYSTEM, message);
    } else if (up.changed()) {
      insertEvent(up.id(), null, "refresh", SYSTEM, message);
    }
    return up.id();
  }

  @SqlQuery(
      """
      UPDATE alerts SET cleared_at = now(), cleared_by = :by
      WHERE id = :id AND cleared_at IS NULL RETURNING id
      """)
  Optional<Long> markCleared(long id, String by);

  /** Clears an open alert; false when it does not exist or was already cleared. */
  @Transaction
  default boolean clear(long id, String by) {
    Optional<Long> cleared = markCleared(id, by);
    cleared.ifPresent(alertId -> insertEvent(alertId, null, "clear", by, null));
    return cleared.isPresent();
  }

  @SqlQuery(
      """
      UPDATE alerts SET cleared_at = now(), cleared_by = :by
      WHERE kind = :kind AND asset_id = :assetId AND subject = :subject AND cleared_at IS NULL
      RETURNING id
      """)
  Optional<Long> markOpenCleared(String kind, UUID assetId, String subject, String by);

  /** Clears the open alert of this kind, asset and subject, if any (e.g. a backup landed). */
  @Transaction
  default boolean clearOpen(String kind, UUID assetId, String subject, String by) {
    Optional<Long> cleared = markOpenCleared(kind, assetId, subject, by);
    cleared.ifPresent(alertId -> insertEvent(alertId, null, "clear", by, null));
    return cleared.isPresent();
  }

  @SqlQuery(
      """
      UPDATE alerts SET acked_at = now(), acked_by = :by, ack_comment = :comment
      WHERE id = :id AND cleared_at IS NULL AND acked_at IS NULL RETURNING id
      """)
  Optional<Long> markAcknowledged(long id, String by, String comment);

  /**
   * Acknowledges an open alert with a comment: it stays until its condition clears, but leaves the
   * list of alerts nobody has looked at. False when it is cleared, unknown or already acknowledged.
   */
  @Transaction
  default boolean acknowledge(long id, String by, String comment) {
    Optional<Long> acked = markAcknowledged(id, by, comment);
    acked.ifPresent(alertId -> insertEvent(alertId, null, "ack", by, comment));
    return acked.isPresent();
  }

  @SqlQuery("SELECT * FROM alerts WHERE id = :id")
  Optional<AlertRow> find(long id);

  /**
   * Newest first; {@code open} null lists all, true only uncleared ones, false only cleared ones.
   */
  @SqlQuery(
      """
      SELECT * FROM alerts
      WHERE id < :beforeId
        AND (CAST(:open AS boolean) IS NULL OR (cleared_at IS NULL) = CAST(:open AS boolean))
      ORDER BY id DESC LIMIT :limit
      """)
  List<AlertRow> list(Boolean open, long beforeId, int limit);

  /**
   * Newest first, by state: {@code open} (not cleared, not acknowledged), {@code acknowledged} (not
   * cleared), {@code cleared}, or {@code all}.
   */
  @SqlQuery(
      """
      SELECT * FROM alerts
      WHERE id < :beforeId
        AND CASE :state
              WHEN 'open' THEN cleared_at IS NULL AND acked_at IS NULL
              WHEN 'acknowledged' THEN cleared_at IS NULL AND acked_at IS NOT NULL
              WHEN 'cleared' THEN cleared_at IS NOT NULL
              ELSE true
            END
      ORDER BY id DESC LIMIT :limit
      """)
  List<AlertRow> listByState(String state, long beforeId, int limit);

  /** The alert's life, oldest first. */
  @SqlQuery("SELECT * FROM alert_events WHERE alert_id = :alertId ORDER BY id")
  List<AlertEventRow> events(long alertId);

  /** Events with ids in ({@code afterId}, {@code upToId}], oldest first: e.g. to notify. */
  @SqlQuery(
      """
      SELECT * FROM alert_events WHERE id > :afterId AND id <= :upToId ORDER BY id LIMIT :limit
      """)
  List<AlertEventRow> eventsBetween(long afterId, long upToId, int limit);

  /** A raise or clear, with its alert: what a notification says. */
  record NotifiableAlertEvent(
      long eventId,
      String type,
      long alertId,
      String kind,
      UUID assetId,
      String subject,
      UUID runId,
      String message) {}

  /**
   * The raises and clears with event ids in ({@code afterId}, {@code upToId}], oldest first, at most
   * {@code limit} of each type; refreshes and acknowledgements are not news to send.
   */
  @RegisterConstructorMapper(NotifiableAlertEvent.class)
  @SqlQuery(
      """
      SELECT event_id, type, alert_id, kind, asset_id, subject, run_id, message FROM (
        SELECT e.id AS event_id, e.type, a.id AS alert_id, a.kind, a.asset_id, a.subject, a.run_id,
               COALESCE(e.message, a.message) AS message,
               row_number() OVER (PARTITION BY e.type ORDER BY e.id) AS n
        FROM alert_events e JOIN alerts a ON a.id = e.alert_id
        WHERE e.id > :afterId AND e.id <= :upToId AND e.type IN ('raise', 'clear')
      ) ranked
      WHERE n <= :limit ORDER BY event_id
      """)
  List<NotifiableAlertEvent> notifiableEvents(long afterId, long upToId, int limit);

  /** How many raises and clears of each alert kind have event ids in ({@code afterId}, {@code upToId}]. */
  @RegisterConstructorMapper(AlertEventCount.class)
  @SqlQuery(
      """
      SELECT e.type, a.kind, count(*) AS events
      FROM alert_events e JOIN alerts a ON a.id = e.alert_id
      WHERE e.id > :afterId AND e.id <= :upToId AND e.type IN ('raise', 'clear')
      GROUP BY e.type, a.kind ORDER BY e.type, a.kind
      """)
  List<AlertEventCount> countEvents(long afterId, long upToId);

  /** Raises or clears of one alert kind. */
  record AlertEventCount(String type, String kind, long events) {}
}
