package io.safehold.workflows.bacula;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/** Fails when a change to the workflow code would break Bacula job workflows already running. */
class BaculaJobReplayTest {

  @Test
  void aRecordedJobWithWarningsStillReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        BaculaJobHistoryRecorder.WARNINGS, BaculaJobWorkflowImpl.class);
  }
}
