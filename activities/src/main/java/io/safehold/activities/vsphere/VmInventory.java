package io.safehold.activities.vsphere;

import java.util.List;

/**
 * What Safehold needs to know about one VM to back it up.
 *
 * @param moref the managed object id, e.g. {@code vm-27}; stable while the VM is registered
 * @param name the VM's display name
 * @param instanceUuid {@code config.instanceUuid}, stable across renames and re-registration
 * @param powerState {@code poweredOn}, {@code poweredOff} or {@code suspended}
 * @param changeTrackingEnabled {@code config.changeTrackingEnabled}
 * @param datacenter the name of the datacenter holding the VM
 * @param datacenterPath the datacenter's inventory path (folders and name), the {@code dcPath} of
 *     {@code /folder} URLs
 * @param vmx {@code config.files.vmPathName}, the VM's configuration file
 * @param configFiles the small files to back up beside the disks: the .vmx, then the .nvram
 * @param disks the VM's virtual disks, in device order
 */
public record VmInventory(
    String moref,
    String name,
    String instanceUuid,
    String powerState,
    boolean changeTrackingEnabled,
    String datacenter,
    String datacenterPath,
    DatastorePath vmx,
    List<DatastorePath> configFiles,
    List<VmDisk> disks) {

  public VmInventory {
    configFiles = List.copyOf(configFiles);
    disks = List.copyOf(disks);
  }
}
