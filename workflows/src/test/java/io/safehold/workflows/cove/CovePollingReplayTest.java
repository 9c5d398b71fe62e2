package io.safehold.workflows.cove;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/** Fails when a change to the polling loop would break loops already running in production. */
class CovePollingReplayTest {

  @Test
  void aRecordedLoopWithAFailedCycleStillReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        CovePollingHistoryRecorder.ENDED, CovePollingWorkflowImpl.class);
  }
}
