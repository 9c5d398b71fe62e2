package io.safehold.catalog;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Notification targets and their delivery log. */
@RegisterConstructorMapper(NotificationTargetRow.class)
@RegisterConstructorMapper(NotificationDeliveryRow.class)
public interface NotificationDao {

  @SqlUpdate(
      """
      INSERT INTO notification_targets (id, name, kind, url_enc, url_origin, secret_header,
          smtp_host, smtp_port, smtp_require_starttls, smtp_tls_sha256, mail_from, mail_to,
          credential_id, event_types, asset_kinds, enabled)
      VALUES (:id, :name, :kind, :urlEnc, :urlOrigin, :secretHeader,
          :smtpHost, :smtpPort, :smtpRequireStarttls, :smtpTlsSha256, :mailFrom,
          COALESCE(CAST(:mailTo AS text[]), '{}'), :credentialId, CAST(:eventTypes AS text[]),
          COALESCE(CAST(:assetKinds AS text[]), '{}'), :enabled)
      """)
  void insert(@BindMethods NotificationTargetRow row);

  @SqlQuery("SELECT * FROM notification_targets WHERE id = :id")
  Optional<NotificationTargetRow> find(UUID id);

  @SqlQuery("SELECT * FROM notification_targets WHERE name = :name")
  Optional<NotificationTargetRow> findByName(String name);

  @SqlQuery("SELECT * FROM notification_targets ORDER BY name")
  List<NotificationTargetRow> list();

  /**
   * Enabled targets subscribed to {@code eventType} whose asset kinds are empty or include {@code
   * assetKind} (a null kind matches only targets without kinds).
   */
  @SqlQuery(
      """
      SELECT * FROM notification_targets
      WHERE enabled AND :eventType = ANY (event_types)
        AND (cardinality(asset_kinds) = 0 OR :assetKind = ANY (asset_kinds))
      ORDER BY name
      """)
  List<NotificationTargetRow> matching(String eventType, String assetKind);

  @SqlQuery("SELECT * FROM notification_targets WHERE credential_id = :credentialId ORDER BY name")
  List<NotificationTargetRow> listByCredential(UUID credentialId);

  @SqlUpdate("DELETE FROM notification_targets WHERE id = :id")
  boolean delete(UUID id);

  /** Records one attempt; a run id the catalog does not hold is stored as null. */
  @SqlUpdate(
      """
INSERT INTO notification_deliveries (target_id, event_type, run_id, attempt, delivered, detail)
VALUES (:targetId, :eventType, (SELECT id FROM runs WHERE id = :runId), :attempt,
    :delivered, :detail)
""")
  void recordDelivery(
      UUID targetId, String eventType, UUID runId, int attempt, boolean delivered, String detail);

  /** The newest attempts first. */
  @SqlQuery(
      """
      SELECT * FROM notification_deliveries WHERE target_id = :targetId
      ORDER BY id DESC LIMIT :limit
      """)
  List<NotificationDeliveryRow> deliveries(UUID targetId, int limit);
}
