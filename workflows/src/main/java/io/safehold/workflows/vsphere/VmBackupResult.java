package io.safehold.workflows.vsphere;

import io.safehold.workflows.run.RunStatus;
import java.util.List;

/**
 * Outcome of {@link VmBackupWorkflow}; the catalog run carries the same.
 *
 * @param mode what was really done: an incremental that fell back is {@link BackupMode#FULL}
 * @param fallbackReason why an incremental ran as a full backup, else null
 * @param bytesRead bytes read from the datastore
 * @param bytesStored bytes written as new chunks (after dedup and zero skipping)
 * @param warnings sentences for the operator, e.g. a failed replication or a snapshot left behind
 */
public record VmBackupResult(
    String runId,
    RunStatus status,
    BackupMode mode,
    String fallbackReason,
    String manifestKey,
    long bytesRead,
    long bytesStored,
    List<String> warnings) {

  public VmBackupResult {
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }
}
