package io.safehold.catalog;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Bacula directors: how to reach them, their health and how far their history is imported. */
@RegisterConstructorMapper(BaculaDirectorRow.class)
public interface BaculaDirectorDao {

  @SqlUpdate(
      """
INSERT INTO bacula_directors (id, name, mode, bconsole_config, ssh_host, ssh_port,
                              ssh_host_key, credential_id, time_zone, import_interval_minutes)
VALUES (:id, :name, :mode, :bconsoleConfig, :sshHost, :sshPort, :sshHostKey, :credentialId,
        :timeZone, :importIntervalMinutes)
""")
  void insert(@BindMethods BaculaDirectorRow row);

  @SqlQuery("SELECT * FROM bacula_directors WHERE id = :id")
  Optional<BaculaDirectorRow> find(UUID id);

  @SqlQuery("SELECT * FROM bacula_directors WHERE name = :name")
  Optional<BaculaDirectorRow> findByName(String name);

  @SqlQuery("SELECT * FROM bacula_directors ORDER BY name")
  List<BaculaDirectorRow> list();

  /** Deletes the director; its imported runs and job assets stay. False when there was none. */
  @SqlUpdate("DELETE FROM bacula_directors WHERE id = :id")
  boolean delete(UUID id);

  /** Records a contact that worked: healthy again, no error. */
  @SqlUpdate(
      "UPDATE bacula_directors SET healthy = true, last_error = NULL, last_checked_at = now()"
          + " WHERE id = :id")
  boolean markHealthy(UUID id);

  /** Records a failed contact and why. */
  @SqlUpdate(
      "UPDATE bacula_directors SET healthy = false, last_error = :error, last_checked_at = now()"
          + " WHERE id = :id")
  boolean markUnhealthy(UUID id, String error);

  /**
   * Ends an import cycle: moves the watermark (never backwards) and records the time; the contact
   * worked, so the director is healthy.
   */
  @SqlUpdate(
      """
      UPDATE bacula_directors
      SET import_watermark = GREATEST(import_watermark, :watermark), last_import_at = now(),
          healthy = true, last_error = NULL, last_checked_at = now()
      WHERE id = :id
      """)
  boolean recordImport(UUID id, long watermark);
}
