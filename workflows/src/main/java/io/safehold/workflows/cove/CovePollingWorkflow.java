package io.safehold.workflows.cove;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Polls one Cove account for as long as it exists: a cycle at once, then one every poll interval
 * (or at once on {@link #pollNow()}); continues as new every few cycles so its history stays small.
 * A cycle that fails is retried with backoff and leaves the account unhealthy; the loop itself
 * never fails. It ends when its account is deleted. Workflow id: {@link #workflowId}.
 */
@WorkflowInterface
public interface CovePollingWorkflow {

  @WorkflowMethod
  void poll(CovePollingRequest request);

  /**
   * Starts a cycle now instead of at the end of the interval (one that is running finishes first).
   */
  @SignalMethod
  void pollNow();

  /** Cycles this run has completed, good or failed (the count restarts at continue-as-new). */
  @QueryMethod
  int cyclesThisRun();

  /** {@code cove-polling/<account id>}: one loop per account. */
  static String workflowId(String accountId) {
    return "cove-polling/" + accountId;
  }
}
