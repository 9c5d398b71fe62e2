package io.safehold.workflows.vsphere;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Backs up one VM: snapshot, read each disk in chunks into the chunk store, config files, manifest
 * (written last), replication, and cleanup that removes the snapshot whatever happened. Started by
 * the API on {@link io.safehold.workflows.TaskQueues#WORKFLOWS} with workflow id {@link
 * #workflowId}.
 */
@WorkflowInterface
public interface VmBackupWorkflow {

  @WorkflowMethod
  VmBackupResult backup(VmBackupRequest request);

  @QueryMethod
  VmBackupProgress progress();

  /** {@code vm-backup/<vCenter name>/<VM name>/<run id>}: easy to find in Temporal UI. */
  static String workflowId(String vcenterName, String vmName, String runId) {
    return "vm-backup/" + vcenterName + "/" + vmName + "/" + runId;
  }
}
