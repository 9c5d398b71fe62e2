package io.safehold.workflows.netdevice;

import io.safehold.workflows.notify.NotificationEventType;
import io.safehold.workflows.notify.NotificationOptions;
import io.safehold.workflows.notify.Notifier;
import io.safehold.workflows.run.RunActivities;
import io.safehold.workflows.run.RunEventType;
import io.safehold.workflows.run.RunOutcome;
import io.safehold.workflows.run.RunStatus;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Captures a device's config through {@link NetDeviceActivities}, records a new version or notes
 * that nothing changed, and always leaves the catalog run in a terminal status.
 *
 * <p>A failed backup finishes the run FAILED with one sentence for the operator and then fails the
 * workflow with a non-retryable {@link ApplicationFailure} of type {@link #FAILURE_TYPE}, so it
 * shows as Failed in Temporal UI too. A cancelled backup finishes the run CANCELLED.
 *
 * <p>A failed backup, and one completed with warnings, is notified through {@link Notifier} once
 * the run is finished; a notification that cannot be delivered is recorded on the run and never
 * changes its outcome.
 */
public class DeviceConfigBackupWorkflowImpl implements DeviceConfigBackupWorkflow {

  /** Type of the failure the workflow ends with when the backup failed. */
  public static final String FAILURE_TYPE = "DeviceBackupFailed";

  /** Temporal's activity type name for {@link NetDeviceActivities#captureConfig}. */
  private static final String CAPTURE_ACTIVITY = "CaptureConfig";

  private final DeviceBackupOptions options;
  private final RunActivities runs;
  private final DeviceCatalogActivities configs;
  private final NetDeviceActivities devices;
  private final Notifier notifier;

  /** With {@link DeviceBackupOptions#defaults()}; what a plain worker registration uses. */
  public DeviceConfigBackupWorkflowImpl() {
    this(DeviceBackupOptions.defaults());
  }

  /** With the worker's configured timeouts (register through a workflow implementation factory). */
  public DeviceConfigBackupWorkflowImpl(DeviceBackupOptions options) {
    this.options = options;
    this.runs = Workflow.newActivityStub(RunActivities.class, options.catalog());
    this.configs = Workflow.newActivityStub(DeviceCatalogActivities.class, options.catalog());
    this.devices = Workflow.newActivityStub(NetDeviceActivities.class, options.netDevice());
    this.notifier = new Notifier(runs, NotificationOptions.defaults());
  }

  @Override
  public DeviceBackupResult backup(DeviceBackupRequest request) {
    String runId = request.runId();
    try {
      DeviceBackupResult result = capture(request);
      if (result.status() == RunStatus.COMPLETED_WITH_WARNINGS) {
        notifier.runEnded(
            NotificationEventType.RUN_COMPLETED_WITH_WARNINGS,
            result.status(),
            runId,
            result.error());
      }
      return result;
    } catch (CanceledFailure e) {
      finishCancelled(runId);
      throw e;
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure cancelled) {
        finishCancelled(runId);
        throw cancelled;
      }
      throw finishFailed(runId, describe(e, options));
    } catch (ApplicationFailure e) {
      throw finishFailed(runId, sentence(e.getOriginalMessage()));
    }
  }

  /** Records the failure on the run and returns the failure the workflow ends with. */
  private ApplicationFailure finishFailed(String runId, String error) {
    runs.recordEvent(runId, RunEventType.FAILURE, error);
    runs.finish(RunOutcome.failed(runId, RunStatus.FAILED, error));
    notifier.runEnded(NotificationEventType.RUN_FAILED, RunStatus.FAILED, runId, error);
    return ApplicationFailure.newNonRetryableFailure(error, FAILURE_TYPE);
  }


  private DeviceBackupResult capture(DeviceBackupRequest request) {
    String runId = request.runId();
    String deviceId = request.deviceId();
    ConfigVersionRef latest =
        configs.beginBackup(runId, Workflow.getInfo().getRunId(), deviceId);
    CapturedConfig captured =
        devices.captureConfig(
            new CaptureRequest(runId, deviceId, latest == null ? null : latest.sha256()));
    if (captured.unchanged() && latest == null) {
      // The activity only skips storing when given a previous hash, so this means a broken
      // activity.
      throw ApplicationFailure.newNonRetryableFailure(
          "The device step stored nothing although the device has no config version yet.",
          FAILURE_TYPE);
    }
    return configs.completeBackup(runId, deviceId, captured, latest);
  }

  private void finishCancelled(String runId) {
    // The workflow's own scope is cancelled; only a detached scope can still call activities.
    Workflow.newDetachedCancellationScope(
            () -> {
              runs.recordEvent(runId, RunEventType.INFO, "Backup cancelled.");
              runs.finish(RunOutcome.failed(runId, RunStatus.CANCELLED, "Backup cancelled."));
            })
        .run();
  }

  /** Turns an activity failure into one sentence an operator can act on. */
  static String describe(ActivityFailure failure, DeviceBackupOptions options) {
    boolean device = failure.getActivityType().equals(CAPTURE_ACTIVITY);
    String system = device ? "device" : "catalog";
    Throwable cause = failure.getCause();
    if (deadlineReached(failure)) {
      Duration deadline = device ? options.deviceDeadline() : DeviceBackupOptions.CATALOG_DEADLINE;
      String last = lastApplicationMessage(cause);
      return "The "
          + system
          + " did not answer within the "
          + minutes(deadline)
          + " deadline"
          + (last == null ? "." : "; last error: " + last);
    }
    if (cause instanceof ApplicationFailure application) {
      String message = sentence(application.getOriginalMessage());
      return failure.getRetryState() == RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED
          ? "Gave up after " + DeviceBackupOptions.DEVICE_MAX_ATTEMPTS + " attempts: " + message
          : message;
    }
    if (cause instanceof TimeoutFailure timeout
        && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_HEARTBEAT) {
      return "The device stopped responding (no progress for "
          + seconds(options.deviceHeartbeatTimeout())
          + ").";
    }
    if (cause instanceof TimeoutFailure) {
      return "The " + system + " did not answer in time.";
    }
    return "Step " + failure.getActivityType() + " failed: " + sentence(failure.getMessage());
  }

  private static boolean deadlineReached(ActivityFailure failure) {
    return failure.getRetryState() == RetryState.RETRY_STATE_TIMEOUT
        || (failure.getCause() instanceof TimeoutFailure timeout
            && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE);
  }

  /** The deepest application message in a chain, e.g. the last connect error before a deadline. */
  private static String lastApplicationMessage(Throwable cause) {
    String message = null;
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure application) {
        message = sentence(application.getOriginalMessage());
      }
    }
    return message;
  }

  private static String sentence(String message) {
    if (message == null || message.isBlank()) {
      return "no details given.";
    }
    String trimmed = message.strip();
    return trimmed.endsWith(".") ? trimmed : trimmed + ".";
  }

  /** "3-minute", "90-second": reads well before "deadline". */
  private static String minutes(Duration duration) {
    if (duration.toMillis() % 60_000 == 0) {
      return duration.toMinutes() + "-minute";
    }
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + "-second"
        : duration.toMillis() + "-millisecond";
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }
}
