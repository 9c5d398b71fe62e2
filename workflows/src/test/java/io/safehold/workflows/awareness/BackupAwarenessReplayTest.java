package io.safehold.workflows.awareness;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/** Fails when a change to the loop's code would break the loop already running in production. */
class BackupAwarenessReplayTest {

  @Test
  void aRecordedLoopWithSignalsStillReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        AwarenessHistoryRecorder.LOOP, BackupAwarenessWorkflowImpl.class);
  }
}
