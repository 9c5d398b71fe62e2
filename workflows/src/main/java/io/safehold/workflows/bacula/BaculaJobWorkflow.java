package io.safehold.workflows.bacula;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runs one Bacula job for a Safehold run: queues it, waits for it to end, and records the run with
 * the job's status mapped by {@link BaculaJobStatus}. Cancelling the workflow (the run) cancels the
 * Bacula job.
 */
@WorkflowInterface
public interface BaculaJobWorkflow {

  static String workflowId(String runId) {
    return "bacula-job-" + runId;
  }

  @WorkflowMethod
  BaculaJobResult run(BaculaJobRequest request);
}
