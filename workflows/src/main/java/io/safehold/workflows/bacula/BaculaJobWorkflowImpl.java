package io.safehold.workflows.bacula;

import io.safehold.workflows.notify.NotificationEventType;
import io.safehold.workflows.notify.NotificationOptions;
import io.safehold.workflows.notify.Notifier;
import io.safehold.workflows.run.RunActivities;
import io.safehold.workflows.run.RunEventType;
import io.safehold.workflows.run.RunOutcome;
import io.safehold.workflows.run.RunStatus;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queues the job, loops over {@link BaculaActivities#awaitJob} (each call polls for a few minutes
 * and heartbeats) until the job ends or {@link BaculaOptions#maxJobDuration} passes, and finishes
 * the run with the mapped status. On cancellation it cancels the Bacula job in a detached scope and
 * finishes the run CANCELLED. A run that ends FAILED also fails the workflow ({@link
 * #FAILURE_TYPE}), so Temporal UI shows it.
 */
public class BaculaJobWorkflowImpl implements BaculaJobWorkflow {

  /** Type of the failure the workflow ends with when the run failed. */
  public static final String FAILURE_TYPE = "BaculaJobFailed";

  /** Pause between two {@link BaculaActivities#awaitJob} calls while the job runs. */
  static final Duration REPOLL_PAUSE = Duration.ofSeconds(10);

  private final BaculaOptions options;
  private final Notifier notifier;
  private final RunActivities runs;
  private final BaculaActivities start;
  private final BaculaActivities await;
  private final BaculaActivities cancel;

  public BaculaJobWorkflowImpl() {
    this(BaculaOptions.defaults());
  }

  public BaculaJobWorkflowImpl(BaculaOptions options) {
    this.options = options;
    this.runs = Workflow.newActivityStub(RunActivities.class, options.catalog());
    this.notifier = new Notifier(runs, NotificationOptions.defaults());
    this.start = Workflow.newActivityStub(BaculaActivities.class, options.start());
    this.await = Workflow.newActivityStub(BaculaActivities.class, options.await());
    this.cancel = Workflow.newActivityStub(BaculaActivities.class, options.cancel());
  }

  @Override
  public BaculaJobResult run(BaculaJobRequest request) {
    String runId = request.runId();
    runs.markRunning(runId, Workflow.getInfo().getRunId());
    long jobId;
    try {
      jobId = start.startJob(request);
    } catch (CanceledFailure e) {
      finishCancelled(request, 0);
      throw e;
    } catch (ActivityFailure e) {
      throw finishFailed(
          runId, "Bacula did not start job " + request.jobName() + ": " + message(e));
    }
    runs.recordEvent(
        runId,
        RunEventType.INFO,
        "Bacula queued job " + request.jobName() + " as JobId " + jobId + ".");
    BaculaJobWait wait = new BaculaJobWait(runId, request.directorId(), jobId);
    long deadline = Workflow.currentTimeMillis() + options.maxJobDuration().toMillis();
    BaculaJobState state;
    try {
      state = await.awaitJob(wait);
      while (!state.finished() && Workflow.currentTimeMillis() < deadline) {
        // awaitJob normally polls for minutes itself; the pause keeps a loop that comes back
        // early (a worker restart, a short await window) from spinning.
        Workflow.sleep(REPOLL_PAUSE);
        state = await.awaitJob(wait);
      }
    } catch (CanceledFailure e) {
      finishCancelled(request, jobId);
      throw e;
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure cancelled) {
        finishCancelled(request, jobId);
        throw cancelled;
      }
      throw finishFailed(runId, "Lost track of Bacula JobId " + jobId + ": " + message(e));
    }
    if (!state.finished()) {
      throw finishFailed(
          runId,
          "Bacula JobId "
              + jobId
              + " was still running (status "
              + state.status()
              + ") after "
              + hours(options.maxJobDuration())
              + "; Safehold stopped waiting and left the job alone.");
    }
    RunStatus status = BaculaJobStatus.toRunStatus(state.status(), state.errors());
    String error = errorFor(state, status);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("directorId", request.directorId());
    result.put("jobName", request.jobName());
    result.put("jobId", jobId);
    result.put("jobStatus", state.status());
    result.put("jobErrors", state.errors());
    result.put("jobFiles", state.files());
    if (status == RunStatus.FAILED) {
      runs.finish(new RunOutcome(runId, status, error, state.bytes(), List.of(), result));
      notifier.runEnded(NotificationEventType.RUN_FAILED, status, runId, error);
      throw ApplicationFailure.newNonRetryableFailure(error, FAILURE_TYPE);
    }
    runs.recordEvent(
        runId,
        error == null ? RunEventType.SUCCESS : RunEventType.INFO,
        "Bacula JobId " + jobId + " ended with status " + state.status() + ".");
    runs.finish(new RunOutcome(runId, status, error, state.bytes(), List.of(), result));
    if (status == RunStatus.COMPLETED_WITH_WARNINGS) {
      notifier.runEnded(NotificationEventType.RUN_COMPLETED_WITH_WARNINGS, status, runId, error);
    }
    return new BaculaJobResult(jobId, state.status(), state.errors(), state.bytes(), status);
  }

  private static String errorFor(BaculaJobState state, RunStatus status) {
    return switch (status) {
      case COMPLETED -> null;
      case COMPLETED_WITH_WARNINGS ->
          "Bacula JobId "
              + state.jobId()
              + " ended "
              + state.status()
              + " with "
              + state.errors()
              + " error(s); see the job log on the director (messages / llist joblog).";
      case CANCELLED -> "Bacula JobId " + state.jobId() + " was cancelled on the director.";
      default ->
          "Bacula JobId "
              + state.jobId()
              + " failed with status "
              + state.status()
              + "; see the job log on the director.";
    };
  }

  private ApplicationFailure finishFailed(String runId, String error) {
    runs.recordEvent(runId, RunEventType.FAILURE, error);
    runs.finish(RunOutcome.failed(runId, RunStatus.FAILED, error));
    notifier.runEnded(NotificationEventType.RUN_FAILED, RunStatus.FAILED, runId, error);
    return ApplicationFailure.newNonRetryableFailure(error, FAILURE_TYPE);
  }


  private void finishCancelled(BaculaJobRequest request, long jobId) {
    // The workflow's own scope is cancelled; only a detached scope can still call activities.
    Workflow.newDetachedCancellationScope(
            () -> {
              String message = "Cancelled.";
              if (jobId > 0) {
                try {
                  cancel.cancelJob(request.directorId(), jobId);
                  message = "Cancelled; Bacula JobId " + jobId + " was cancelled on the director.";
                } catch (ActivityFailure e) {
                  message =
                      "Cancelled, but Bacula JobId "
                          + jobId
                          + " could not be cancelled: "
                          + message(e)
                          + " Cancel it on the director (cancel jobid="
                          + jobId
                          + ").";
                }
              }
              runs.recordEvent(request.runId(), RunEventType.INFO, message);
              runs.finish(RunOutcome.failed(request.runId(), RunStatus.CANCELLED, message));
            })
        .run();
  }

  private static String message(ActivityFailure failure) {
    for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure application) {
        return application.getOriginalMessage();
      }
    }
    return failure.getCause() == null ? failure.getMessage() : failure.getCause().getMessage();
  }

  private static String hours(Duration duration) {
    return duration.toMinutes() % 60 == 0
        ? duration.toHours() + " h"
        : duration.toMinutes() + " min";
  }
}
