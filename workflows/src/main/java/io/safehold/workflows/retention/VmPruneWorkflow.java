package io.safehold.workflows.retention;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Applies a VM's retention rules: plans from the catalog, deletes the removed backups' objects and
 * the chunks nothing else references, marks them pruned, and records the outcome on the run (kind
 * {@code prune}). Started by the API on {@link io.safehold.workflows.TaskQueues#WORKFLOWS} with
 * workflow id {@link #workflowId}.
 */
@WorkflowInterface
public interface VmPruneWorkflow {

  @WorkflowMethod
  VmPruneResult prune(VmPruneRequest request);

  /** {@code vm-prune/<vCenter name>/<VM name>/<run id>}. */
  static String workflowId(String vcenterName, String vmName, String runId) {
    return "vm-prune/" + vcenterName + "/" + vmName + "/" + runId;
  }
}
