package io.safehold.workflows.retention;

import io.safehold.workflows.run.RunActivities;
import io.safehold.workflows.run.RunEventType;
import io.safehold.workflows.run.RunOutcome;
import io.safehold.workflows.run.RunStatus;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plan, then delete, then record. The plan is computed once and kept in the workflow's history, so
 * a retried deletion works on the same backups even if a backup finished in between. A failed prune
 * finishes the run FAILED with one sentence and fails the workflow with a non-retryable {@link
 * ApplicationFailure} of type {@link #FAILURE_TYPE}; what it deleted stays deleted, and the next
 * prune finishes the job (every step is idempotent).
 */
public class VmPruneWorkflowImpl implements VmPruneWorkflow {

  public static final String FAILURE_TYPE = "VmPruneFailed";

  private final RunActivities runs;
  private final VmPruneActivities catalog;
  private final VmPruneActivities deletion;

  /** With {@link VmPruneOptions#defaults()}. */
  public VmPruneWorkflowImpl() {
    this(VmPruneOptions.defaults());
  }

  public VmPruneWorkflowImpl(VmPruneOptions options) {
    this.runs = Workflow.newActivityStub(RunActivities.class, options.catalog());
    this.catalog = Workflow.newActivityStub(VmPruneActivities.class, options.catalog());
    this.deletion = Workflow.newActivityStub(VmPruneActivities.class, options.deletion());
  }

  @Override
  public VmPruneResult prune(VmPruneRequest request) {
    String runId = request.runId();
    runs.markRunning(runId, Workflow.getInfo().getRunId());
    runs.setPhase(runId, "plan");
    try {
      PrunePlan plan = catalog.plan(request.vmId());
      List<String> removed = plan.removedRunIds();
      runs.recordEvent(
          runId,
          RunEventType.INFO,
          "Plan: keep "
              + plan.keptCount()
              + ", remove "
              + removed.size()
              + " backup runs; "
              + plan.bytesFreed()
              + " bytes in "
              + plan.chunksFreed()
              + " chunks are no longer referenced.");
      // Even with nothing to remove: chunks an earlier prune had to leave are collected now.
      runs.setPhase(runId, "delete");
      PruneOutcome outcome = deletion.prune(runId, request.vmId(), removed);
      return finish(runId, plan, removed.size(), outcome);
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure cancelled) {
        finishFailed(runId, RunStatus.CANCELLED, "Prune cancelled.");
        throw cancelled;
      }
      String error = describe(e);
      finishFailed(runId, RunStatus.FAILED, error);
      throw ApplicationFailure.newNonRetryableFailure(error, FAILURE_TYPE);
    } catch (CanceledFailure e) {
      finishFailed(runId, RunStatus.CANCELLED, "Prune cancelled.");
      throw e;
    }
  }

  private VmPruneResult finish(String runId, PrunePlan plan, int removed, PruneOutcome outcome) {
    VmPruneResult result =
        new VmPruneResult(
            plan.keptCount(),
            removed,
            outcome.objectsDeleted(),
            outcome.chunksDeleted(),
            outcome.bytesFreed(),
            outcome.chunksDeferred());
    String summary =
        "Pruned "
            + removed
            + " backup runs, kept "
            + plan.keptCount()
            + ": deleted "
            + outcome.objectsDeleted()
            + " objects and "
            + outcome.chunksDeleted()
            + " chunks, freed "
            + outcome.bytesFreed()
            + " bytes.";
    runs.recordEvent(runId, RunEventType.SUCCESS, summary);
    RunStatus status = RunStatus.COMPLETED;
    String warning = null;
    if (outcome.chunksDeferred() != null) {
      warning = outcome.chunksDeferred();
      runs.recordEvent(runId, RunEventType.INFO, warning);
      status = RunStatus.COMPLETED_WITH_WARNINGS;
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("kept", result.kept());
    details.put("removed", result.removed());
    details.put("objectsDeleted", result.objectsDeleted());
    details.put("chunksDeleted", result.chunksDeleted());
    details.put("bytesFreed", result.bytesFreed());
    details.put("chunksDeferred", result.chunksDeferred());
    details.put("removedRunIds", plan.removedRunIds());
    runs.finish(new RunOutcome(runId, status, warning, result.bytesFreed(), List.of(), details));
    return result;
  }

  private void finishFailed(String runId, RunStatus status, String error) {
    Workflow.newDetachedCancellationScope(
            () -> {
              runs.recordEvent(
                  runId,
                  status == RunStatus.CANCELLED ? RunEventType.INFO : RunEventType.FAILURE,
                  error);
              runs.finish(RunOutcome.failed(runId, status, error));
            })
        .run();
  }

  /** One sentence an operator can act on, from an activity failure. */
  private static String describe(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    while (cause instanceof ActivityFailure nested) {
      cause = nested.getCause();
    }
    String last = null;
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure application) {
        last = application.getOriginalMessage();
        break;
      }
    }
    if (cause instanceof TimeoutFailure) {
      return "Step "
          + failure.getActivityType()
          + " did not finish in time"
          + (last == null ? "." : "; last error: " + last);
    }
    return last == null ? "Step " + failure.getActivityType() + " failed." : last;
  }
}
