package io.safehold.catalog;

import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * VMs of vCenters, kept as assets of kind {@value #KIND}. Discovery records them with {@link
 * #upsert} and {@link #markRemovedExcept}; a VM is never deleted while its vCenter exists, so its
 * backups keep their VM.
 */
@RegisterConstructorMapper(VmRow.class)
@RegisterConstructorMapper(VmDiskRow.class)
public interface VmDao {

  String KIND = "vm";

  String SELECT =
      """
      SELECT v.asset_id AS id, v.vcenter_id, c.name AS vcenter_name, a.name AS asset_name, v.name,
             v.moref, v.instance_uuid, v.datacenter, v.power_state, v.cbt_enabled, v.vmx_path,
             v.removed_at, v.discovered_at, a.created_at
      FROM vms v JOIN assets a ON a.id = v.asset_id JOIN vcenters c ON c.id = v.vcenter_id
      """;

  /** What {@link #upsert} did to the catalog. */
  enum Change {
    /** The VM is new to the catalog. */
    ADDED,
    /** Its name, moref, placement, power or CBT state or disks changed, or it came back. */
    UPDATED,
    /** Only its {@code discoveredAt} moved. */
    UNCHANGED
  }

  /** The VM an {@link #upsert} recorded, and what changed. */
  record Upserted(UUID vmId, Change change) {}

  @SqlQuery(SELECT + " WHERE v.asset_id = :id")
  Optional<VmRow> find(UUID id);

  @SqlQuery(SELECT + " WHERE v.vcenter_id = :vcenterId AND v.instance_uuid = :instanceUuid")
  Optional<VmRow> findByInstanceUuid(UUID vcenterId, String instanceUuid);

  /**
   * A page of VMs ordered by asset name ({@code vCenter/VM}). Null filters match everything; {@code
   * name} matches a case-insensitive substring of the VM name. {@code afterAssetName} is the asset
   * name of the previous page's last VM, or null for the first page.
   */
  @SqlQuery(
      SELECT
          + """
            WHERE (CAST(:vcenterId AS uuid) IS NULL OR v.vcenter_id = :vcenterId)
              AND (CAST(:name AS text) IS NULL OR strpos(lower(v.name), lower(:name)) > 0)
              AND (:includeRemoved OR v.removed_at IS NULL)
              AND (CAST(:afterAssetName AS text) IS NULL OR a.name > :afterAssetName)
            ORDER BY a.name
            LIMIT :limit
            """)
  List<VmRow> list(
      UUID vcenterId, String name, boolean includeRemoved, String afterAssetName, int limit);

  @SqlQuery(
      """
      SELECT disk_key, label, capacity_bytes, datastore, file_name FROM vm_disks
      WHERE vm_id = :vmId ORDER BY disk_key
      """)
  List<VmDiskRow> disks(UUID vmId);

  /**
   * Records a VM a discovery found, matched to the catalog by (vCenter, instance UUID): inserts a
   * new one; otherwise updates what changed, replaces its disks and clears {@code removedAt}. Every
   * call moves {@code discoveredAt} to now.
   *
   * @throws NoSuchElementException when the vCenter does not exist
   */
  @Transaction
  default Upserted upsert(DiscoveredVm vm) {
    String vcenterName =
        vcenterName(vm.vcenterId())
            .orElseThrow(
                () -> new NoSuchElementException("vCenter " + vm.vcenterId() + " does not exist"));
    List<VmDiskRow> disks =
        vm.disks().stream().sorted(Comparator.comparingInt(VmDiskRow::diskKey)).toList();
    Optional<VmRow> existing = lockByInstanceUuid(vm.vcenterId(), vm.instanceUuid());
    if (existing.isEmpty()) {
      UUID id = UUID.randomUUID();
      insertAsset(id, assetName(vcenterName, vm, id));
      insertVm(id, vm);
      insertDisks(id, disks);
      return new Upserted(id, Change.ADDED);
    }
    VmRow row = existing.get();
    String assetName = assetName(vcenterName, vm, row.id());
    boolean same =
        row.removedAt() == null
            && row.assetName().equals(assetName)
            && row.name().equals(vm.name())
            && row.moref().equals(vm.moref())
            && Objects.equals(row.datacenter(), vm.datacenter())
            && Objects.equals(row.powerState(), vm.powerState())
            && row.cbtEnabled() == vm.cbtEnabled()
            && Objects.equals(row.vmxPath(), vm.vmxPath())
            && disks(row.id()).equals(disks);
    if (same) {
      touch(row.id());
      return new Upserted(row.id(), Change.UNCHANGED);
    }
    renameAsset(row.id(), assetName);
    updateVm(row.id(), vm);
    deleteDisks(row.id());
    insertDisks(row.id(), disks);
    return new Upserted(row.id(), Change.UPDATED);
  }

  /**
   * The asset name for {@code vm}: {@code vCenter/VM} when free, or held by {@code self} or by a
   * removed VM (which then moves to its suffixed name: the live VM gets the plain one); else {@code
   * vCenter/VM [instance UUID]}, since vCenter allows two VMs of one name in different folders.
   */
  private String assetName(String vcenterName, DiscoveredVm vm, UUID self) {
    String plain = vcenterName + "/" + vm.name();
    Optional<VmRow> holder = findByAssetName(plain);
    if (holder.isEmpty() || holder.get().id().equals(self)) {
      return plain;
    }
    if (holder.get().removedAt() != null) {
      renameAsset(holder.get().id(), plain + " [" + holder.get().instanceUuid() + "]");
      return plain;
    }
    return plain + " [" + vm.instanceUuid() + "]";
  }

  /**
   * Marks removed every VM of the vCenter that is not removed yet and whose instance UUID is not in
   * {@code instanceUuids} (what the last discovery reported). Removed VMs stay, with their backups.
   *
   * @return how many VMs were newly marked removed
   */
  @SqlUpdate(
      """
      UPDATE vms SET removed_at = now()
      WHERE vcenter_id = :vcenterId AND removed_at IS NULL
        AND instance_uuid <> ALL (CAST(:instanceUuids AS text[]))
      """)
  int markRemovedExcept(UUID vcenterId, String[] instanceUuids);

  /** As {@link #markRemovedExcept(UUID, String[])}. */
  default int markRemovedExcept(UUID vcenterId, List<String> instanceUuids) {
    return markRemovedExcept(vcenterId, instanceUuids.toArray(String[]::new));
  }

  @SqlQuery("SELECT name FROM vcenters WHERE id = :vcenterId")
  Optional<String> vcenterName(UUID vcenterId);

  @SqlQuery(SELECT + " WHERE a.kind = '" + KIND + "' AND a.name = :assetName")
  Optional<VmRow> findByAssetName(String assetName);

  @SqlQuery(
      SELECT
          + " WHERE v.vcenter_id = :vcenterId AND v.instance_uuid = :instanceUuid"
          + " FOR UPDATE OF v")
  Optional<VmRow> lockByInstanceUuid(UUID vcenterId, String instanceUuid);

  @SqlUpdate(
      "INSERT INTO assets (id, kind, name, system) VALUES (:id, '" + KIND + "', :name, 'vsphere')")
  void insertAsset(UUID id, String name);

  @SqlUpdate("UPDATE assets SET name = :name WHERE id = :id AND name <> :name")
  void renameAsset(UUID id, String name);

  @SqlUpdate(
      """
      INSERT INTO vms (asset_id, vcenter_id, moref, instance_uuid, name, datacenter, power_state,
                       cbt_enabled, vmx_path)
      VALUES (:id, :vm.vcenterId, :vm.moref, :vm.instanceUuid, :vm.name, :vm.datacenter,
              :vm.powerState, :vm.cbtEnabled, :vm.vmxPath)
      """)
  void insertVm(UUID id, @BindMethods("vm") DiscoveredVm vm);

  @SqlUpdate(
      """
      UPDATE vms SET moref = :vm.moref, name = :vm.name, datacenter = :vm.datacenter,
             power_state = :vm.powerState, cbt_enabled = :vm.cbtEnabled, vmx_path = :vm.vmxPath,
             removed_at = NULL, discovered_at = now()
      WHERE asset_id = :id
      """)
  void updateVm(UUID id, @BindMethods("vm") DiscoveredVm vm);

  @SqlUpdate("UPDATE vms SET discovered_at = now() WHERE asset_id = :id")
  void touch(UUID id);

  @SqlUpdate("DELETE FROM vm_disks WHERE vm_id = :vmId")
  void deleteDisks(UUID vmId);

  @SqlBatch(
      """
      INSERT INTO vm_disks (vm_id, disk_key, label, capacity_bytes, datastore, file_name)
      VALUES (:vmId, :d.diskKey, :d.label, :d.capacityBytes, :d.datastore, :d.fileName)
      """)
  void insertDisks(@Bind("vmId") UUID vmId, @BindMethods("d") List<VmDiskRow> disks);
}
