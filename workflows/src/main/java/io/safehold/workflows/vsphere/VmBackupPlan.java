package io.safehold.workflows.vsphere;

import java.util.Map;

/**
 * What {@link VmCatalogActivities#beginBackup} decided before the snapshot.
 *
 * @param baseRunId the newest finished backup of the VM an incremental reads on top of, null for a
 *     full backup
 * @param baseChangeIds per disk key, the change id the base recorded (disks absent here are read in
 *     full)
 * @param fallbackReason why an incremental request runs as a full backup, else null
 */
public record VmBackupPlan(
    String vcenterName,
    String vmName,
    BackupMode mode,
    String baseRunId,
    Map<Integer, String> baseChangeIds,
    String fallbackReason,
    int chunkSize) {

  public VmBackupPlan {
    baseChangeIds = baseChangeIds == null ? Map.of() : Map.copyOf(baseChangeIds);
  }
}
