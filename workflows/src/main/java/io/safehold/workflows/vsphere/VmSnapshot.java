package io.safehold.workflows.vsphere;

import java.util.List;

/**
 * A snapshot taken for one backup, and what it froze.
 *
 * @param snapshotRef the snapshot's managed object reference (e.g. {@code snapshot-42})
 * @param configFiles datastore paths of the VM's .vmx and .nvram (what exists of them)
 */
public record VmSnapshot(
    String snapshotRef,
    String snapshotName,
    boolean changeTracking,
    List<VmDisk> disks,
    List<String> configFiles) {

  public VmSnapshot {
    disks = List.copyOf(disks);
    configFiles = List.copyOf(configFiles);
  }
}
