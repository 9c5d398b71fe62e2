package io.safehold.catalog;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** vCenters: connection details, the pinned certificate and the outcome of the last discovery. */
@RegisterConstructorMapper(VcenterRow.class)
public interface VcenterDao {

  @SqlUpdate(
      """
      INSERT INTO vcenters (id, name, url, credential_id, thumbprint, pin_on_first_use)
      VALUES (:id, :name, :url, :credentialId, :thumbprint, :pinOnFirstUse)
      """)
  void insert(@BindMethods VcenterRow row);

  @SqlQuery("SELECT * FROM vcenters WHERE id = :id")
  Optional<VcenterRow> find(UUID id);

  /** Points a vCenter at a new address and certificate (the dev stack's vcsim moves each start). */
  @SqlUpdate("UPDATE vcenters SET url = :url, thumbprint = :thumbprint WHERE id = :id")
  boolean updateConnection(UUID id, String url, String thumbprint);

  @SqlQuery("SELECT * FROM vcenters WHERE name = :name")
  Optional<VcenterRow> findByName(String name);

  @SqlQuery("SELECT * FROM vcenters ORDER BY name")
  List<VcenterRow> list();

  /** The vCenters that log in with a credential. */
  @SqlQuery("SELECT * FROM vcenters WHERE credential_id = :credentialId ORDER BY name")
  List<VcenterRow> listByCredential(UUID credentialId);

  /**
   * Deletes the vCenter with its VMs (their assets, disks and discovery state); their runs stay,
   * without an asset. Fails on the foreign key of {@code vm_backups} when one of its VMs has a
   * backup in the catalog: callers check {@link #countBackups} first.
   *
   * @return false when there was no such vCenter
   */
  @Transaction
  default boolean delete(UUID id) {
    deleteVmAssets(id);
    return deleteRow(id);
  }

  @SqlUpdate(
      "DELETE FROM assets WHERE id IN (SELECT asset_id FROM vms WHERE vcenter_id = :vcenterId)")
  void deleteVmAssets(UUID vcenterId);

  @SqlUpdate("DELETE FROM vcenters WHERE id = :id")
  boolean deleteRow(UUID id);

  /** VM backup runs of this vCenter's VMs that are PENDING or RUNNING. */
  @SqlQuery(
      """
      SELECT count(*) FROM runs r JOIN vms v ON v.asset_id = r.asset_id
      WHERE v.vcenter_id = :vcenterId AND r.kind = 'backup' AND r.status IN ('PENDING', 'RUNNING')
      """)
  int countActiveBackups(UUID vcenterId);

  /** Backups (of any outcome) recorded for this vCenter's VMs. */
  @SqlQuery(
      """
      SELECT count(*) FROM vm_backups b JOIN vms v ON v.asset_id = b.vm_id
      WHERE v.vcenter_id = :vcenterId
      """)
  int countBackups(UUID vcenterId);

  /**
   * Pin-on-first-use: records the thumbprint seen on first contact. Returns false when one is
   * already recorded (someone pinned first: compare against the stored one), and when the vCenter
   * did not opt into pinning (it must carry its thumbprint).
   */
  @SqlUpdate(
      "UPDATE vcenters SET thumbprint = :thumbprint "
          + "WHERE id = :id AND thumbprint IS NULL AND pin_on_first_use")
  boolean setThumbprint(UUID id, String thumbprint);

  /**
   * Records that a discovery ended now: {@code error} null for success, else the sentence saying
   * why it failed.
   *
   * @return false when there is no such vCenter
   */
  @SqlUpdate(
      "UPDATE vcenters SET last_discovery_at = now(), last_discovery_error = :error WHERE id = :id")
  boolean recordDiscovery(UUID id, String error);
}
