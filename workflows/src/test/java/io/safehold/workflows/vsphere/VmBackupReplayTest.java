package io.safehold.workflows.vsphere;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/** Fails when a change to the workflow code would break workflows already running in production. */
class VmBackupReplayTest {

  /** Recorded before notifications existed: the versioned notification step must stay silent. */
  @Test
  void aBackupWhoseReplicationFailedBeforeNotificationsStillReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        VmBackupHistoryRecorder.REPLICATION_FAILED_BEFORE_NOTIFICATIONS,
        VmBackupWorkflowImpl.class);
  }

  @Test
  void aBackupWhoseReplicationFailedAndWasNotifiedStillReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        VmBackupHistoryRecorder.REPLICATION_FAILED_NOTIFIED, VmBackupWorkflowImpl.class);
  }
}
