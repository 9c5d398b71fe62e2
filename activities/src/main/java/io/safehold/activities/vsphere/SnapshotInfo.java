package io.safehold.activities.vsphere;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot just taken for a backup.
 *
 * @param moref the snapshot's managed object id, e.g. {@code snapshot-33}
 * @param vmMoref the VM it belongs to
 * @param disks the disks of the snapshot's configuration: the files to read and, per disk, the
 *     changeId that the next incremental backup queries from
 */
public record SnapshotInfo(String moref, String vmMoref, List<VmDisk> disks) {

  public SnapshotInfo {
    disks = List.copyOf(disks);
  }

  /** Device key to changeId, for the disks that have one. */
  public Map<Integer, String> changeIds() {
    Map<Integer, String> ids = new LinkedHashMap<>();
    for (VmDisk disk : disks) {
      if (disk.changeId() != null) {
        ids.put(disk.key(), disk.changeId());
      }
    }
    return ids;
  }
}
