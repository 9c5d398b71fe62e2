package io.safehold.api.runs;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunRow;
import io.safehold.workflows.run.RunStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes catalog runs whose workflow can no longer finish them: a workflow Temporal does not know
 * (the embedded server lost it on restart, or the API died between recording the run and starting
 * it) makes the run ABANDONED; a workflow that closed without recording the outcome (timed out,
 * terminated, failed before its last step) makes it FAILED or CANCELLED. Runs younger than the
 * grace period are left alone, since their workflow may be starting right now. Finishing is
 * conditional in the catalog, so several processes may reconcile at once.
 */
public final class RunReconciler {

  private static final Logger LOG = LoggerFactory.getLogger(RunReconciler.class);

  private final RunDao runs;
  private final WorkflowServiceStubs stubs;
  private final String namespace;
  private final Duration grace;
  private final Clock clock;

  public RunReconciler(
      RunDao runs, WorkflowServiceStubs stubs, String namespace, Duration grace, Clock clock) {
    this.runs = runs;
    this.stubs = stubs;
    this.namespace = namespace;
    this.grace = grace;
    this.clock = clock;
  }

  /**
   * Checks every unfinished run against Temporal; returns how many it finished. Stops early,
   * leaving the rest for the next call, when Temporal cannot be reached.
   */
  public int reconcile() {
    Instant youngest = clock.instant().minus(grace);
    int finished = 0;
    for (RunRow run : runs.listUnfinished()) {
      if (run.workflowId() == null || run.createdAt().isAfter(youngest)) {
        continue;
      }
      Outcome outcome;
      try {
        outcome = check(run.workflowId());
      } catch (StatusRuntimeException e) {
        LOG.warn("run reconciliation paused: Temporal did not answer ({})", e.getStatus());
        return finished;
      }
      if (outcome != null
          && runs.finish(run.id(), outcome.status().name(), outcome.reason(), 0, null)) {
        LOG.info("run {} finished as {}: {}", run.id(), outcome.status(), outcome.reason());
        finished++;
      }
    }
    return finished;
  }

  private record Outcome(RunStatus status, String reason) {}

  /** What the run should become, or null while its workflow is still running. */
  private Outcome check(String workflowId) {
    WorkflowExecutionStatus status;
    try {
      status =
          stubs
              .blockingStub()
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(namespace)
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                      .build())
              .getWorkflowExecutionInfo()
              .getStatus();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return new Outcome(
            RunStatus.ABANDONED,
            "Temporal has no workflow "
                + workflowId
                + " any more (e.g. the embedded Temporal server restarted); start the work again");
      }
      throw e;
    }
    return switch (status) {
      case WORKFLOW_EXECUTION_STATUS_RUNNING,
          WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
          WORKFLOW_EXECUTION_STATUS_PAUSED,
          WORKFLOW_EXECUTION_STATUS_UNSPECIFIED,
          UNRECOGNIZED ->
          null;
      case WORKFLOW_EXECUTION_STATUS_TIMED_OUT ->
          new Outcome(RunStatus.FAILED, "the workflow hit its execution timeout");
      case WORKFLOW_EXECUTION_STATUS_TERMINATED ->
          new Outcome(RunStatus.FAILED, "the workflow was terminated in Temporal");
      case WORKFLOW_EXECUTION_STATUS_CANCELED ->
          new Outcome(RunStatus.CANCELLED, "the workflow was cancelled");
      case WORKFLOW_EXECUTION_STATUS_FAILED ->
          new Outcome(RunStatus.FAILED, "the workflow failed before recording the outcome");
      case WORKFLOW_EXECUTION_STATUS_COMPLETED ->
          new Outcome(RunStatus.FAILED, "the workflow ended without recording the outcome");
    };
  }
}
