package io.safehold.workflows.netdevice;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/** Fails when a change to the workflow code would break workflows already running in production. */
class DeviceConfigBackupReplayTest {

  @Test
  void aRecordedCompletedBackupStillReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        DeviceBackupHistoryRecorder.COMPLETED, DeviceConfigBackupWorkflowImpl.class);
  }

  /** Recorded before notifications existed: the versioned notification step must stay silent. */
  @Test
  void aFailedBackupRecordedBeforeNotificationsStillReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        DeviceBackupHistoryRecorder.FAILED_BEFORE_NOTIFICATIONS,
        DeviceConfigBackupWorkflowImpl.class);
  }
}
