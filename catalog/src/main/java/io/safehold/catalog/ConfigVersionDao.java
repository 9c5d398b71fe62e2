package io.safehold.catalog;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

@RegisterConstructorMapper(ConfigVersionRow.class)
public interface ConfigVersionDao {

  String SELECT =
      """
      SELECT device_id, version, run_id, object_key, size, sha256, hostname, facts::text AS facts,
             captured_at
      FROM config_versions
      """;

  @SqlQuery(SELECT + " WHERE device_id = :deviceId ORDER BY version DESC LIMIT 1")
  Optional<ConfigVersionRow> latest(UUID deviceId);

  @SqlQuery(SELECT + " WHERE device_id = :deviceId AND version = :version")
  Optional<ConfigVersionRow> find(UUID deviceId, int version);

  @SqlQuery(SELECT + " WHERE run_id = :runId")
  Optional<ConfigVersionRow> findByRun(UUID runId);

  @SqlQuery(SELECT + " WHERE device_id = :deviceId ORDER BY version DESC")
  List<ConfigVersionRow> list(UUID deviceId);

  @SqlUpdate(
      """
      INSERT INTO config_versions (device_id, version, run_id, object_key, size, sha256, hostname,
                                   facts, captured_at)
      SELECT :deviceId, COALESCE(MAX(version), 0) + 1, :runId, :objectKey, :size, :sha256,
             :hostname, COALESCE(CAST(:facts AS jsonb), '{}'), :capturedAt
      FROM config_versions WHERE device_id = :deviceId
      """)
  void insertNext(@BindMethods ConfigVersionRow row);

  /**
   * Records the run's config as the device's next version, once: a retry of the same run returns
   * the version already recorded. The device row is locked so concurrent runs get distinct numbers.
   * The {@code version} of {@code row} is ignored; null {@code facts} are stored as {@code {}}.
   *
   * @return the recorded row, with its version
   * @throws NoSuchElementException when the device does not exist
   */
  @Transaction
  default ConfigVersionRow recordNext(ConfigVersionRow row) {
    if (lockDevice(row.deviceId()).isEmpty()) {
      throw new NoSuchElementException("device " + row.deviceId() + " does not exist");
    }
    // Checked under the lock, so a retry racing its own first attempt cannot insert twice.
    Optional<ConfigVersionRow> existing = findByRun(row.runId());
    if (existing.isPresent()) {
      return existing.get();
    }
    insertNext(row);
    return findByRun(row.runId()).orElseThrow();
  }

  @SqlQuery("SELECT asset_id FROM devices WHERE asset_id = :deviceId FOR UPDATE")
  Optional<UUID> lockDevice(UUID deviceId);
}
