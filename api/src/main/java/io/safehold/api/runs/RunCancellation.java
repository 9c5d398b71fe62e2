package io.safehold.api.runs;

import io.safehold.api.errors.ApiException;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunRow;
import io.safehold.workflows.run.RunStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a run's workflow to cancel. The workflow decides how to stop (cleanup runs in a detached
 * scope) and records CANCELLED itself; a run whose workflow Temporal no longer knows is finished
 * CANCELLED here, since nothing else would.
 */
public final class RunCancellation {

  private static final Logger LOG = LoggerFactory.getLogger(RunCancellation.class);

  private final RunDao runs;
  private final WorkflowClient client;

  public RunCancellation(RunDao runs, WorkflowClient client) {
    this.runs = runs;
    this.client = client;
  }

  /**
   * @throws ApiException 409 when the run has already ended or has no workflow (e.g. an imported
   *     run), 503 when Temporal cannot be reached
   */
  public void cancel(RunRow run) {
    if (RunStatus.valueOf(run.status()).isTerminal()) {
      throw ApiException.conflict("run " + run.id() + " has already ended (" + run.status() + ")");
    }
    if (run.workflowId() == null) {
      throw ApiException.conflict("run " + run.id() + " has no workflow that could be cancelled");
    }
    try {
      client.newUntypedWorkflowStub(run.workflowId()).cancel();
    } catch (WorkflowNotFoundException e) {
      runs.finish(
          run.id(),
          RunStatus.CANCELLED.name(),
          "cancelled; Temporal had no workflow " + run.workflowId() + " any more",
          0,
          null);
    } catch (RuntimeException e) {
      throw unavailable(run, e);
    }
  }

  private static ApiException unavailable(RunRow run, RuntimeException e) {
    LOG.warn("could not cancel workflow {}: {}", run.workflowId(), e.toString());
    return new ApiException(
        503,
        "temporal_unavailable",
        "Temporal did not take the cancellation of run " + run.id() + "; try again");
  }
}
