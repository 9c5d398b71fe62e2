package io.safehold.api.lifecycle;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunRow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, finds catalog runs still PENDING or RUNNING whose workflow Temporal no longer knows
 * (the embedded server keeps state in memory) or that closed without recording their end, and marks
 * them ABANDONED with the reason. A run is never left RUNNING with nothing behind it.
 */
public final class AbandonedRunSweeper {

  private static final Logger LOG = LoggerFactory.getLogger(AbandonedRunSweeper.class);

  private final RunDao runs;
  private final WorkflowServiceStubs temporal;
  private final String namespace;

  public AbandonedRunSweeper(RunDao runs, WorkflowServiceStubs temporal, String namespace) {
    this.runs = runs;
    this.temporal = temporal;
    this.namespace = namespace;
  }

  /** Returns how many runs were marked ABANDONED. */
  public int sweep() {
    int abandoned = 0;
    for (RunRow run : runs.listUnfinished()) {
      String reason = reasonIfAbandoned(run);
      if (reason != null && runs.finish(run.id(), "ABANDONED", reason, run.bytes(), null)) {
        abandoned++;
      }
    }
    if (abandoned > 0) {
      LOG.warn("marked {} unfinished run(s) ABANDONED: their workflows no longer exist", abandoned);
    }
    return abandoned;
  }

  private String reasonIfAbandoned(RunRow run) {
    if (run.workflowId() == null) {
      return "the run was never handed to Temporal";
    }
    WorkflowExecution.Builder execution = WorkflowExecution.newBuilder().setWorkflowId(run.workflowId());
    if (run.temporalRunId() != null) {
      execution.setRunId(run.temporalRunId());
    }
    try {
      WorkflowExecutionStatus status =
          temporal
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(namespace)
                      .setExecution(execution)
                      .build())
              .getWorkflowExecutionInfo()
              .getStatus();
      return isOpen.test(status)
          ? null
          : "its workflow ended (" + status.name().replace("WORKFLOW_EXECUTION_STATUS_", "")
              + ") without recording the outcome";
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return "Temporal no longer knows its workflow (the embedded Temporal server restarted)";
      }
      throw e;
    }
  }

  private static final Predicate<WorkflowExecutionStatus> isOpen =
      status -> status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
}
