package io.safehold.workflows.vsphere;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Refreshes one vCenter's VMs in the catalog as assets (name, moref, instance UUID, disks, power
 * and CBT state). Started by the API with workflow id {@link #workflowId}.
 */
@WorkflowInterface
public interface VmDiscoveryWorkflow {

  @WorkflowMethod
  DiscoveryResult discover(DiscoveryRequest request);

  /** {@code vcenter-discovery/<vCenter name>/<run id>}. */
  static String workflowId(String vcenterName, String runId) {
    return "vcenter-discovery/" + vcenterName + "/" + runId;
  }
}
