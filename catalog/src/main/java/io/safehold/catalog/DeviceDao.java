package io.safehold.catalog;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

@RegisterConstructorMapper(DeviceRow.class)
public interface DeviceDao {

  String KIND = "network-device";

  String SELECT =
      """
      SELECT a.id, a.name, d.host, d.port, d.device_type, d.credential_id, d.jump_host_id,
             d.host_key, d.pin_on_first_use, d.tags, a.created_at
      FROM devices d JOIN assets a ON a.id = d.asset_id
      """;

  @SqlUpdate(
      "INSERT INTO assets (id, kind, name, system) VALUES (:id, '" + KIND + "', :name, 'netdevice')")
  void insertAsset(@BindMethods DeviceRow row);

  @SqlUpdate(
      """
      INSERT INTO devices (asset_id, host, port, device_type, credential_id, jump_host_id,
                           host_key, pin_on_first_use, tags)
      VALUES (:id, :host, :port, :deviceType, :credentialId, :jumpHostId, :hostKey,
              :pinOnFirstUse, COALESCE(CAST(:tags AS text[]), '{}'))
      """)
  void insertDevice(@BindMethods DeviceRow row);

  @Transaction
  default void insert(DeviceRow row) {
    insertAsset(row);
    insertDevice(row);
  }

  @SqlUpdate("UPDATE assets SET name = :name WHERE id = :id")
  void updateAsset(@BindMethods DeviceRow row);

  @SqlUpdate(
      """
      UPDATE devices SET host = :host, port = :port, device_type = :deviceType,
             credential_id = :credentialId, jump_host_id = :jumpHostId, host_key = :hostKey,
             pin_on_first_use = :pinOnFirstUse, tags = COALESCE(CAST(:tags AS text[]), '{}')
      WHERE asset_id = :id
      """)
  int updateDevice(@BindMethods DeviceRow row);

  @Transaction
  default boolean update(DeviceRow row) {
    updateAsset(row);
    return updateDevice(row) == 1;
  }

  @SqlQuery(SELECT + " WHERE a.id = :id")
  Optional<DeviceRow> find(UUID id);

  @SqlQuery(SELECT + " WHERE a.name = :name")
  Optional<DeviceRow> findByName(String name);

  @SqlQuery(SELECT + " ORDER BY a.name")
  List<DeviceRow> list();

  @SqlUpdate("DELETE FROM assets WHERE id = :id AND kind = '" + KIND + "'")
  boolean delete(UUID id);

  /**
   * Pin-on-first-use: stores the host key seen on first contact. Returns false when a key is
   * already recorded (someone else pinned first), so the caller must compare against the stored
   * one, and also when the device did not opt into pinning: such a device must carry its key.
   */
  @SqlUpdate(
      "UPDATE devices SET host_key = :hostKey "
          + "WHERE asset_id = :id AND host_key IS NULL AND pin_on_first_use")
  boolean pinHostKey(UUID id, String hostKey);
}
