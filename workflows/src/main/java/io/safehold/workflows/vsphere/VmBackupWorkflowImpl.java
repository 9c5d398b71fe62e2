package io.safehold.workflows.vsphere;

import io.safehold.workflows.notify.NotificationEvent;
import io.safehold.workflows.notify.NotificationEventType;
import io.safehold.workflows.notify.NotificationOptions;
import io.safehold.workflows.notify.Notifier;
import io.safehold.workflows.run.RunActivities;
import io.safehold.workflows.run.RunEventType;
import io.safehold.workflows.run.RunOutcome;
import io.safehold.workflows.run.RunStatus;
import io.safehold.workflows.run.StoredObject;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Snapshot, disks, config files, snapshot removal, manifest, replication; the snapshot is removed
 * whatever happened. The snapshot's removal
 * is owed from the moment the create is asked for (a create that timed out may still have made
 * one), and cleanup runs in a detached cancellation scope, so a failed or cancelled backup removes
 * it too. When cleanup cannot remove it within its deadline, the run says so and an alert names
 * the VM and the snapshot.
 *
 * <p>Notifications (run failed, completed with warnings, replication failed, snapshot left behind)
 * go out once the run is finished in the catalog, through {@link Notifier}; one that cannot be
 * delivered is recorded on the run and never changes its outcome.
 *
 * <p>A failed backup finishes the run FAILED with one sentence and fails the workflow with a
 * non-retryable {@link ApplicationFailure} of type {@link #FAILURE_TYPE}; a cancelled one finishes
 * CANCELLED.
 */
public class VmBackupWorkflowImpl implements VmBackupWorkflow {

  public static final String FAILURE_TYPE = "VmBackupFailed";

  private final RunActivities runs;
  private final VmCatalogActivities catalog;
  private final VSphereActivities vsphere;
  private final VSphereActivities disks;
  private final VSphereActivities cleanup;
  private final ReplicationActivities replication;
  private final Notifier notifier;

  /** Notifications owed, sent once the run is finished. */
  private final List<NotificationEvent> notifications = new ArrayList<>();

  private VmBackupProgress progress = new VmBackupProgress("snapshot", 0, 0, 0, 0);
  private String diskBeingRead;

  /** With {@link VmBackupOptions#defaults()}. */
  public VmBackupWorkflowImpl() {
    this(VmBackupOptions.defaults());
  }

  public VmBackupWorkflowImpl(VmBackupOptions options) {
    this.runs = Workflow.newActivityStub(RunActivities.class, options.catalog());
    this.catalog = Workflow.newActivityStub(VmCatalogActivities.class, options.catalog());
    this.vsphere = Workflow.newActivityStub(VSphereActivities.class, options.vsphereCall());
    this.disks = Workflow.newActivityStub(VSphereActivities.class, options.disk());
    this.cleanup = Workflow.newActivityStub(VSphereActivities.class, options.cleanup());
    this.replication = Workflow.newActivityStub(ReplicationActivities.class, options.replication());
    this.notifier = new Notifier(runs, NotificationOptions.defaults());
  }

  @Override
  public VmBackupProgress progress() {
    return progress;
  }

  @Override
  public VmBackupResult backup(VmBackupRequest request) {
    String runId = request.runId();
    Instant startedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    String snapshotName = "safehold-" + runId;
    List<String> warnings = new ArrayList<>();
    boolean snapshotOwed = false;
    VmBackupPlan plan = null;
    try {
      plan =
          catalog.beginBackup(
              runId, Workflow.getInfo().getRunId(), request.vmId(), request.mode());
      if (plan.fallbackReason() != null) {
        runs.recordEvent(runId, RunEventType.INFO, plan.fallbackReason());
      }
      snapshotOwed = true;
      VmSnapshot snapshot =
          vsphere.createSnapshot(runId, request.vmId(), snapshotName, request.quiesce());
      List<DiskBackupResult> read = readDisks(request, plan, snapshot);
      List<StoredObject> files = backupConfigFiles(request, snapshot);
      // Everything is read: release the snapshot now rather than hold it through replication.
      cleanUp(request, plan, snapshotName, warnings);
      snapshotOwed = false;
      enter(runId, "manifest");
      StoredObject manifest =
          catalog.writeManifest(
              new ManifestRequest(runId, request.vmId(), plan, snapshot, read, files, startedAt));
      replicate(request, manifest, warnings);
      return finishCompleted(runId, plan, read, files, manifest, warnings);
    } catch (CanceledFailure e) {
      finishAfterFailure(request, plan, snapshotOwed, snapshotName, RunStatus.CANCELLED, null);
      throw e;
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure cancelled) {
        finishAfterFailure(request, plan, snapshotOwed, snapshotName, RunStatus.CANCELLED, null);
        throw cancelled;
      }
      if (refusedBeforeCreating(e)) {
        snapshotOwed = false;
      }
      String error =
          e.getActivityType().equals("BackupDisk") && diskBeingRead != null
              ? "Reading " + diskBeingRead + " failed: " + describe(e)
              : describe(e);
      finishAfterFailure(request, plan, snapshotOwed, snapshotName, RunStatus.FAILED, error);
      throw ApplicationFailure.newNonRetryableFailure(error, FAILURE_TYPE);
    }
  }

  private List<DiskBackupResult> readDisks(
      VmBackupRequest request, VmBackupPlan plan, VmSnapshot snapshot) {
    List<VmDisk> all = snapshot.disks();
    long total = all.stream().mapToLong(VmDisk::capacityBytes).sum();
    List<DiskBackupResult> read = new ArrayList<>();
    long done = 0;
    for (int i = 0; i < all.size(); i++) {
      VmDisk disk = all.get(i);
      progress = new VmBackupProgress("download", i + 1, all.size(), done, total);
      runs.setPhase(request.runId(), "download disk " + (i + 1) + " of " + all.size());
      diskBeingRead = "disk " + (i + 1) + " of " + all.size() + " (" + disk.fileName() + ")";
      String baseChangeId = plan.baseChangeIds().get(disk.key());
      DiskBackupResult result =
          disks.backupDisk(
              new DiskBackupRequest(
                  request.runId(),
                  request.vmId(),
                  snapshot.snapshotRef(),
                  disk,
                  baseChangeId == null ? null : plan.baseRunId(),
                  baseChangeId,
                  plan.chunkSize()));
      if (result.fallbackReason() != null) {
        runs.recordEvent(request.runId(), RunEventType.INFO, result.fallbackReason());
      }
      read.add(result);
      diskBeingRead = null;
      done += disk.capacityBytes();
    }
    progress = new VmBackupProgress("config-files", 0, all.size(), total, total);
    return read;
  }

  private List<StoredObject> backupConfigFiles(VmBackupRequest request, VmSnapshot snapshot) {
    enter(request.runId(), "config-files");
    List<StoredObject> files = new ArrayList<>();
    for (String path : snapshot.configFiles()) {
      StoredObject stored = vsphere.backupFile(request.runId(), request.vmId(), path);
      if (stored == null) {
        runs.recordEvent(request.runId(), RunEventType.INFO, path + " does not exist; skipped.");
      } else {
        files.add(stored);
      }
    }
    return files;
  }

  /** Copies the backup to each requested target; a failure warns and alerts, never undoes. */
  private void replicate(VmBackupRequest request, StoredObject manifest, List<String> warnings) {
    for (String target : request.replicateTo()) {
      enter(request.runId(), "replicate to " + target);
      try {
        ReplicationResult copied = replication.replicate(request.runId(), manifest.key(), target);
        runs.recordEvent(
            request.runId(),
            RunEventType.SUCCESS,
            "Replicated to "
                + target
                + ": "
                + copied.objectsCopied()
                + " objects copied ("
                + copied.bytesCopied()
                + " bytes), "
                + copied.objectsPresent()
                + " already there.");
      } catch (ActivityFailure e) {
        if (e.getCause() instanceof CanceledFailure) {
          throw e;
        }
        String warning =
            "Replication to " + target + " failed; the primary copy is complete: " + describe(e);
        warnings.add(warning);
        runs.recordEvent(request.runId(), RunEventType.FAILURE, warning);
        catalog.raiseReplicationAlert(request.runId(), request.vmId(), target, describe(e));
        notifications.add(
            NotificationEvent.aboutRun(
                NotificationEventType.REPLICATION_FAILED, request.runId(), target, warning, now()));
      }
    }
  }

  /**
   * Removes the snapshot in a scope that outlives cancellation; adds a warning, and raises the
   * alert, when it cannot.
   */
  private void cleanUp(
      VmBackupRequest request, VmBackupPlan plan, String snapshotName, List<String> warnings) {
    Workflow.newDetachedCancellationScope(
            () -> {
              enter(request.runId(), "cleanup");
              try {
                cleanup.removeSnapshot(request.vmId(), snapshotName);
              } catch (ActivityFailure e) {
                String vmName = plan == null ? "VM " + request.vmId() : "VM " + plan.vmName();
                String warning =
                    "Snapshot "
                        + snapshotName
                        + " is left on "
                        + vmName
                        + ": "
                        + describe(e)
                        + " Remove it in vCenter.";
                warnings.add(warning);
                runs.recordEvent(request.runId(), RunEventType.FAILURE, warning);
                catalog.raiseSnapshotAlert(
                    request.runId(), request.vmId(), snapshotName, describe(e));
                notifications.add(
                    NotificationEvent.aboutRun(
                        NotificationEventType.SNAPSHOT_LEFT_BEHIND,
                        request.runId(),
                        snapshotName,
                        warning,
                        now()));
              }
            })
        .run();
  }

  private void finishAfterFailure(
      VmBackupRequest request,
      VmBackupPlan plan,
      boolean snapshotOwed,
      String snapshotName,
      RunStatus status,
      String error) {
    List<String> warnings = new ArrayList<>();
    if (snapshotOwed) {
      cleanUp(request, plan, snapshotName, warnings);
    }
    String message = status == RunStatus.CANCELLED ? "Backup cancelled." : error;
    if (!warnings.isEmpty()) {
      message = message + " " + String.join(" ", warnings);
    }
    String finalMessage = message;
    Workflow.newDetachedCancellationScope(
            () -> {
              runs.recordEvent(
                  request.runId(),
                  status == RunStatus.CANCELLED ? RunEventType.INFO : RunEventType.FAILURE,
                  status == RunStatus.CANCELLED ? "Backup cancelled." : error);
              runs.finish(RunOutcome.failed(request.runId(), status, finalMessage));
            })
        .run();
    if (status == RunStatus.FAILED) {
      notifications.add(
          NotificationEvent.runEnded(
              NotificationEventType.RUN_FAILED,
              request.runId(),
              status.name(),
              finalMessage,
              now()));
    }
    notifier.notifyAll(notifications);
  }

  private VmBackupResult finishCompleted(
      String runId,
      VmBackupPlan plan,
      List<DiskBackupResult> read,
      List<StoredObject> files,
      StoredObject manifest,
      List<String> warnings) {
    long bytesRead = read.stream().mapToLong(DiskBackupResult::bytesRead).sum();
    long bytesStored = read.stream().mapToLong(DiskBackupResult::bytesStored).sum();
    boolean allIncremental =
        plan.mode() == BackupMode.INCREMENTAL && read.stream().allMatch(DiskBackupResult::incremental);
    BackupMode mode = allIncremental ? BackupMode.INCREMENTAL : BackupMode.FULL;
    String fallback =
        plan.fallbackReason() != null
            ? plan.fallbackReason()
            : read.stream()
                .map(DiskBackupResult::fallbackReason)
                .filter(reason -> reason != null)
                .findFirst()
                .orElse(null);
    RunStatus status = warnings.isEmpty() ? RunStatus.COMPLETED : RunStatus.COMPLETED_WITH_WARNINGS;

    List<StoredObject> artifacts = new ArrayList<>(files);
    artifacts.add(manifest);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("mode", mode.name());
    result.put("requestedMode", plan.mode().name());
    result.put("fallbackReason", fallback);
    result.put("baseRunId", allIncremental ? plan.baseRunId() : null);
    result.put("manifestKey", manifest.key());
    result.put("bytesRead", bytesRead);
    result.put("bytesReread", read.stream().mapToLong(DiskBackupResult::bytesReread).sum());
    result.put("bytesStored", bytesStored);
    result.put("warnings", warnings);
    String summary =
        mode.name().toLowerCase(Locale.ROOT)
            + " backup: read "
            + bytesRead
            + " bytes, stored "
            + bytesStored
            + " new bytes; manifest "
            + manifest.key()
            + ".";
    runs.recordEvent(runId, RunEventType.SUCCESS, summary);
    runs.finish(
        new RunOutcome(
            runId,
            status,
            warnings.isEmpty() ? null : String.join(" ", warnings),
            bytesStored,
            artifacts,
            result));
    if (status == RunStatus.COMPLETED_WITH_WARNINGS) {
      notifications.add(
          NotificationEvent.runEnded(
              NotificationEventType.RUN_COMPLETED_WITH_WARNINGS,
              runId,
              status.name(),
              String.join(" ", warnings),
              now()));
    }
    notifier.notifyAll(notifications);
    progress = new VmBackupProgress("done", 0, read.size(), bytesRead, bytesRead);
    return new VmBackupResult(
        runId, status, mode, fallback, manifest.key(), bytesRead, bytesStored, warnings);
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private void enter(String runId, String phase) {
    progress =
        new VmBackupProgress(
            phase, 0, progress.disks(), progress.bytesDone(), progress.bytesTotal());
    runs.setPhase(runId, phase);
  }

  /**
   * True when the snapshot create was refused before vCenter was asked to make one (wrong login,
   * untrusted certificate, unknown VM): there is nothing to clean up, and trying would only fail
   * the same way and raise a false alert.
   */
  private static boolean refusedBeforeCreating(ActivityFailure failure) {
    return failure.getActivityType().equals("CreateSnapshot")
        && failure.getCause() instanceof ApplicationFailure application
        && NOTHING_CREATED.contains(application.getType());
  }

  private static final List<String> NOTHING_CREATED =
      List.of(
          VSphereActivities.INVALID_LOGIN,
          VSphereActivities.CERTIFICATE_MISMATCH,
          VSphereActivities.CERTIFICATE_UNTRUSTED,
          VSphereActivities.VM_NOT_FOUND,
          VSphereActivities.CREDENTIAL_UNUSABLE);

  /** One sentence an operator can act on, from an activity failure. */
  static String describe(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    while (cause instanceof ActivityFailure nested) {
      cause = nested.getCause();
    }
    if (cause instanceof ApplicationFailure application) {
      return sentence(application.getOriginalMessage());
    }
    if (cause instanceof TimeoutFailure timeout) {
      String last = lastApplicationMessage(timeout);
      return "Step "
          + failure.getActivityType()
          + " did not finish in time"
          + (last == null ? "." : "; last error: " + sentence(last));
    }
    if (cause instanceof TemporalFailure temporal) {
      return "Step " + failure.getActivityType() + " failed: " + sentence(temporal.getOriginalMessage());
    }
    return "Step " + failure.getActivityType() + " failed.";
  }

  private static String lastApplicationMessage(Throwable failure) {
    String last = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure application) {
        last = application.getOriginalMessage();
      }
    }
    return last;
  }

  private static String sentence(String message) {
    if (message == null || message.isBlank()) {
      return "no reason given.";
    }
    String trimmed = message.strip();
    return trimmed.endsWith(".") ? trimmed : trimmed + ".";
  }
}
