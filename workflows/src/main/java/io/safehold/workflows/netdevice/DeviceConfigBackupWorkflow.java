package io.safehold.workflows.netdevice;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Backs up one network device's running config and facts. The run it fills in already exists in the
 * catalog (PENDING); the workflow always leaves it in a terminal status.
 */
@WorkflowInterface
public interface DeviceConfigBackupWorkflow {

  @WorkflowMethod
  DeviceBackupResult backup(DeviceBackupRequest request);

  static String workflowId(String runId) {
    return "device-backup-" + runId;
  }
}
