package io.safehold.workflows.vsphere;

import java.util.List;

/**
 * Input of {@link VmBackupWorkflow}: the catalog run it reports to and the catalog VM it backs up.
 * Never a secret: activities resolve the vCenter's credential themselves.
 *
 * @param replicateTo names of configured secondary targets; empty for none
 */
public record VmBackupRequest(
    String runId, String vmId, BackupMode mode, boolean quiesce, List<String> replicateTo) {

  public VmBackupRequest {
    replicateTo = replicateTo == null ? List.of() : List.copyOf(replicateTo);
  }
}
