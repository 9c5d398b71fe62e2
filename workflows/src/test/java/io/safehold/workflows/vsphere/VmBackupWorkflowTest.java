package io.safehold.workflows.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.notify.NotificationActivities;
import io.safehold.workflows.notify.NotificationEvent;
import io.safehold.workflows.notify.NotificationEventType;
import io.safehold.workflows.notify.NotificationRecipient;
import io.safehold.workflows.notify.RecordingNotifications;
import io.safehold.workflows.run.RecordingRunActivities;
import io.safehold.workflows.run.RunEventType;
import io.safehold.workflows.run.RunOutcome;
import io.safehold.workflows.run.RunStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VmBackupWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  private static final VmBackupRequest FULL =
      new VmBackupRequest("run-1", "vm-1", BackupMode.FULL, false, List.of());
  private static final VmBackupPlan FULL_PLAN =
      new VmBackupPlan("vc1", "web-01", BackupMode.FULL, null, Map.of(), null, 4 << 20);
  private static final String SNAPSHOT = "safehold-run-1";

  /** Short heartbeat and cleanup deadlines, since the test server's clock stops during attempts. */
  private static final VmBackupOptions SHORT =
      new VmBackupOptions(Duration.ofSeconds(2), Duration.ofSeconds(20));

  private final RecordingRunActivities runs = new RecordingRunActivities();
  private RecordingNotifications notifications = RecordingNotifications.none();
  private final ScriptedVSphere vsphere = new ScriptedVSphere();
  private final List<String> replicatedTo = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ReplicationActivities replication =
      (runId, manifestKey, target) -> {
        replicatedTo.add(target + " " + manifestKey);
        if (target.equals("broken")) {
          throw ApplicationFailure.newNonRetryableFailure(
              "Bucket dr-copies does not exist at http://127.0.0.1:9999", "ReplicationStoreFailed");
        }
        return new ReplicationResult(target, 12, 3, 1 << 20);
      };

  @Test
  void aFullBackupSnapshotsReadsEveryDiskWritesTheManifestAndRemovesTheSnapshot(
      TestWorkflowEnvironment env, Worker worker) {
    FakeVmCatalog catalog = new FakeVmCatalog(runs, FULL_PLAN);
    VmBackupWorkflow workflow = start(env, worker, catalog);

    VmBackupResult result = workflow.backup(FULL);

    assertThat(vsphere.calls)
        .containsExactly(
            "createSnapshot:" + SNAPSHOT,
            "backupDisk:2000",
            "backupDisk:2001",
            "backupFile:[ds] vm/vm.vmx",
            "backupFile:[ds] vm/vm.nvram",
            "removeSnapshot:" + SNAPSHOT);
    assertThat(vsphere.diskRequests)
        .allSatisfy(
            r -> {
              assertThat(r.baseRunId()).isNull();
              assertThat(r.baseChangeId()).isNull();
              assertThat(r.snapshotRef()).isEqualTo("snapshot-7");
              assertThat(r.chunkSize()).isEqualTo(4 << 20);
            });
    assertThat(catalog.manifests).hasSize(1);
    assertThat(catalog.manifests.get(0).disks()).hasSize(2);
    assertThat(catalog.manifests.get(0).configFiles()).hasSize(1);
    assertThat(runs.phases)
        .containsExactly(
            "snapshot",
            "download disk 1 of 2",
            "download disk 2 of 2",
            "config-files",
            "cleanup",
            "manifest");

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(result.mode()).isEqualTo(BackupMode.FULL);
    assertThat(result.bytesRead()).isEqualTo(96L << 20);
    assertThat(result.manifestKey()).isEqualTo("vms/vm-1/run-1/manifest.json");
    RunOutcome outcome = runs.onlyOutcome();
    assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(outcome.artifacts()).extracting(a -> a.key())
        .containsExactly("vms/vm-1/run-1/vm.vmx", "vms/vm-1/run-1/manifest.json");
    assertThat(outcome.result()).containsEntry("mode", "FULL");
    assertThat(((Number) outcome.result().get("bytesRead")).longValue()).isEqualTo(96L << 20);
    assertThat(runs.events)
        .contains(new RecordingRunActivities.Event(
            RunEventType.INFO, "[ds] vm/vm.nvram does not exist; skipped."));
    assertThat(workflow.progress().phase()).isEqualTo("done");
  }

  @Test
  void anIncrementalReadsEachDiskOnTopOfItsBaseChangeIdAndANewDiskInFull(
      TestWorkflowEnvironment env, Worker worker) {
    VmBackupPlan plan =
        new VmBackupPlan(
            "vc1", "web-01", BackupMode.INCREMENTAL, "run-0", Map.of(2000, "52 aa/3"), null, 4 << 20);
    VmBackupWorkflow workflow = start(env, worker, new FakeVmCatalog(runs, plan));

    VmBackupResult result =
        workflow.backup(new VmBackupRequest("run-1", "vm-1", BackupMode.INCREMENTAL, false, List.of()));

    assertThat(vsphere.diskRequests.get(0).baseRunId()).isEqualTo("run-0");
    assertThat(vsphere.diskRequests.get(0).baseChangeId()).isEqualTo("52 aa/3");
    // Disk 2001 is new since the base: read in full, so the backup as a whole counts as full.
    assertThat(vsphere.diskRequests.get(1).baseRunId()).isNull();
    assertThat(vsphere.diskRequests.get(1).baseChangeId()).isNull();
    assertThat(result.mode()).isEqualTo(BackupMode.FULL);
    assertThat(runs.onlyOutcome().result()).containsEntry("requestedMode", "INCREMENTAL");
  }

  @Test
  void anIncrementalWithoutABaseFallsBackToFullAndSaysSo(
      TestWorkflowEnvironment env, Worker worker) {
    String reason = "No earlier backup of web-01 to build on; taking a full backup.";
    VmBackupPlan plan = new VmBackupPlan("vc1", "web-01", BackupMode.FULL, null, Map.of(), reason, 4 << 20);
    VmBackupWorkflow workflow = start(env, worker, new FakeVmCatalog(runs, plan));

    VmBackupResult result =
        workflow.backup(new VmBackupRequest("run-1", "vm-1", BackupMode.INCREMENTAL, false, List.of()));

    assertThat(result.mode()).isEqualTo(BackupMode.FULL);
    assertThat(result.fallbackReason()).isEqualTo(reason);
    assertThat(runs.events).contains(new RecordingRunActivities.Event(RunEventType.INFO, reason));
    assertThat(runs.onlyOutcome().result()).containsEntry("fallbackReason", reason);
  }

  @Test
  void aDiskThatCannotBeReadFailsTheRunAndStillRemovesTheSnapshot(
      TestWorkflowEnvironment env, Worker worker) {
    vsphere.diskStep =
        r -> {
          throw ApplicationFailure.newNonRetryableFailure(
              "Cannot log in to https://127.0.0.1:8989/sdk as backup: wrong user name or password",
              VSphereActivities.INVALID_LOGIN);
        };
    VmBackupWorkflow workflow = start(env, worker, new FakeVmCatalog(runs, FULL_PLAN));

    WorkflowFailedException failure =
        catchThrowableOfType(WorkflowFailedException.class, () -> workflow.backup(FULL));

    String expected =
        "Reading disk 1 of 2 ([ds] vm/disk1.vmdk) failed: Cannot log in to https://127.0.0.1:8989/sdk"
            + " as backup: wrong user name or password.";
    assertThat(((ApplicationFailure) failure.getCause()).getOriginalMessage()).isEqualTo(expected);
    assertThat(vsphere.calls).containsSubsequence("backupDisk:2000", "removeSnapshot:" + SNAPSHOT);
    assertThat(vsphere.calls).filteredOn(c -> c.startsWith("backupDisk")).hasSize(1);
    assertThat(runs.onlyOutcome().status()).isEqualTo(RunStatus.FAILED);
    assertThat(runs.onlyOutcome().error()).isEqualTo(expected);
  }

  @Test
  void aSnapshotCreateThatMayHaveHappenedIsStillCleanedUpByName(
      TestWorkflowEnvironment env, Worker worker) {
    vsphere.snapshotFailure =
        ApplicationFailure.newNonRetryableFailure(
            "vCenter https://127.0.0.1:8989/sdk did not finish creating the snapshot in time",
            "VSphereTaskTimeout");
    VmBackupWorkflow workflow = start(env, worker, new FakeVmCatalog(runs, FULL_PLAN));

    catchThrowableOfType(WorkflowFailedException.class, () -> workflow.backup(FULL));

    assertThat(vsphere.calls)
        .containsExactly("createSnapshot:" + SNAPSHOT, "removeSnapshot:" + SNAPSHOT);
    assertThat(runs.onlyOutcome().error())
        .isEqualTo("vCenter https://127.0.0.1:8989/sdk did not finish creating the snapshot in time.");
  }

  @Test
  void aSnapshotCreateRefusedAtLoginOwesNoCleanup(TestWorkflowEnvironment env, Worker worker) {
    vsphere.snapshotFailure =
        ApplicationFailure.newNonRetryableFailure(
            "Cannot log in to https://127.0.0.1:8989/sdk as backup", VSphereActivities.INVALID_LOGIN);
    FakeVmCatalog catalog = new FakeVmCatalog(runs, FULL_PLAN);
    VmBackupWorkflow workflow = start(env, worker, catalog);

    catchThrowableOfType(WorkflowFailedException.class, () -> workflow.backup(FULL));

    assertThat(vsphere.calls).containsExactly("createSnapshot:" + SNAPSHOT);
    assertThat(catalog.alerts).isEmpty();
    assertThat(runs.onlyOutcome().status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void aCancelledBackupRemovesTheSnapshotAndEndsCancelled(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    vsphere.hangOnDisk = true;
    VmBackupWorkflow workflow = start(env, worker, new FakeVmCatalog(runs, FULL_PLAN));

    WorkflowClient.start(workflow::backup, FULL);
    assertThat(vsphere.diskStarted.await(30, TimeUnit.SECONDS)).isTrue();
    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    stub.cancel();

    WorkflowFailedException failure =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> stub.getResult(VmBackupResult.class));
    assertThat(failure.getCause()).isInstanceOf(CanceledFailure.class);
    assertThat(vsphere.calls).endsWith("removeSnapshot:" + SNAPSHOT);
    assertThat(runs.onlyOutcome().status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void aSnapshotThatCannotBeRemovedRaisesTheAlertAndWarnsOnTheRun(
      TestWorkflowEnvironment env, Worker worker) {
    vsphere.removeFailure =
        ApplicationFailure.newFailure("vCenter https://127.0.0.1:8989/sdk refused the connection", "VSphereUnavailable");
    FakeVmCatalog catalog = new FakeVmCatalog(runs, FULL_PLAN);
    VmBackupWorkflow workflow = start(env, worker, catalog);

    VmBackupResult result = workflow.backup(FULL);

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED_WITH_WARNINGS);
    assertThat(vsphere.calls).filteredOn(c -> c.startsWith("removeSnapshot")).hasSizeGreaterThan(1);
    assertThat(catalog.alerts).hasSize(1);
    assertThat(catalog.alerts.get(0)).startsWith("vm-1 " + SNAPSHOT + ": ");
    assertThat(result.warnings()).hasSize(1);
    assertThat(result.warnings().get(0))
        .startsWith("Snapshot " + SNAPSHOT + " is left on VM web-01: ")
        .contains("refused the connection")
        .endsWith("Remove it in vCenter.");
    assertThat(runs.onlyOutcome().status()).isEqualTo(RunStatus.COMPLETED_WITH_WARNINGS);
  }

  @Test
  void aFailedReplicationKeepsThePrimaryWarnsAndAlertsWhileAGoodOneIsRecorded(
      TestWorkflowEnvironment env, Worker worker) {
    FakeVmCatalog catalog = new FakeVmCatalog(runs, FULL_PLAN);
    VmBackupWorkflow workflow = start(env, worker, catalog);

    VmBackupResult result =
        workflow.backup(
            new VmBackupRequest("run-1", "vm-1", BackupMode.FULL, false, List.of("offsite", "broken")));

    assertThat(replicatedTo)
        .containsExactly(
            "offsite vms/vm-1/run-1/manifest.json", "broken vms/vm-1/run-1/manifest.json");
    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED_WITH_WARNINGS);
    assertThat(result.manifestKey()).isEqualTo("vms/vm-1/run-1/manifest.json");
    assertThat(result.warnings())
        .containsExactly(
            "Replication to broken failed; the primary copy is complete: Bucket dr-copies does not"
                + " exist at http://127.0.0.1:9999.");
    assertThat(catalog.alerts).singleElement().asString().startsWith("vm-1 replication to broken");
    assertThat(runs.events)
        .contains(
            new RecordingRunActivities.Event(
                RunEventType.SUCCESS,
                "Replicated to offsite: 12 objects copied (1048576 bytes), 3 already there."));
    assertThat(runs.onlyOutcome().status()).isEqualTo(RunStatus.COMPLETED_WITH_WARNINGS);
  }

  private static final NotificationRecipient HOOK =
      new NotificationRecipient("t-1", "ops-hook", "webhook");
  private static final NotificationRecipient MAIL =
      new NotificationRecipient("t-2", "ops-mail", "email");

  @Test
  void aFailedReplicationIsNotifiedToEveryMatchingTargetOnceTheRunIsFinished(
      TestWorkflowEnvironment env, Worker worker) {
    notifications = new RecordingNotifications(List.of(HOOK, MAIL));
    VmBackupWorkflow workflow = start(env, worker, new FakeVmCatalog(runs, FULL_PLAN));

    VmBackupResult result =
        workflow.backup(
            new VmBackupRequest("run-1", "vm-1", BackupMode.FULL, false, List.of("broken")));

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED_WITH_WARNINGS);
    assertThat(notifications.selected)
        .extracting(NotificationEvent::type)
        .containsExactlyInAnyOrder(
            NotificationEventType.REPLICATION_FAILED,
            NotificationEventType.RUN_COMPLETED_WITH_WARNINGS);
    NotificationEvent replication = selected(NotificationEventType.REPLICATION_FAILED);
    assertThat(replication.runId()).isEqualTo("run-1");
    assertThat(replication.subject()).isEqualTo("broken");
    assertThat(replication.message()).startsWith("Replication to broken failed");
    assertThat(selected(NotificationEventType.RUN_COMPLETED_WITH_WARNINGS).status())
        .isEqualTo("COMPLETED_WITH_WARNINGS");
    assertThat(notifications.delivered)
        .extracting(d -> d.targetId() + " " + d.event().type().wireName())
        .containsExactlyInAnyOrder(
            "t-1 replication-failed",
            "t-2 replication-failed",
            "t-1 run-completed-with-warnings",
            "t-2 run-completed-with-warnings");
    assertThat(runs.events).noneMatch(e -> e.message().startsWith("Notification"));
  }

  @Test
  void anUndeliverableNotificationIsRecordedOnTheRunAndTheBackupFailsForItsOwnReason(
      TestWorkflowEnvironment env, Worker worker) {
    vsphere.diskStep =
        r -> {
          throw ApplicationFailure.newNonRetryableFailure(
              "Cannot log in to https://127.0.0.1:8989/sdk as backup: wrong user name or password",
              VSphereActivities.INVALID_LOGIN);
        };
    notifications =
        new RecordingNotifications(List.of(HOOK, MAIL))
            .failing(
                "t-1",
                ApplicationFailure.newNonRetryableFailure(
                    "Webhook 'ops-hook' at http://127.0.0.1:9 answered 404 Not Found",
                    NotificationActivities.REJECTED));
    VmBackupWorkflow workflow = start(env, worker, new FakeVmCatalog(runs, FULL_PLAN));

    WorkflowFailedException failure =
        catchThrowableOfType(WorkflowFailedException.class, () -> workflow.backup(FULL));

    assertThat(((ApplicationFailure) failure.getCause()).getOriginalMessage())
        .startsWith("Reading disk 1 of 2");
    assertThat(runs.onlyOutcome().status()).isEqualTo(RunStatus.FAILED);
    assertThat(runs.events)
        .contains(
            new RecordingRunActivities.Event(
                RunEventType.FAILURE,
                "Notification of run-failed to target 'ops-hook' (webhook) was not delivered:"
                    + " Webhook 'ops-hook' at http://127.0.0.1:9 answered 404 Not Found."));
    assertThat(notifications.attempts).hasValue(2);
    assertThat(notifications.delivered)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.targetId()).isEqualTo("t-2");
              assertThat(d.event().type()).isEqualTo(NotificationEventType.RUN_FAILED);
              assertThat(d.event().status()).isEqualTo("FAILED");
              assertThat(d.event().message()).startsWith("Reading disk 1 of 2");
            });
  }

  @Test
  void aCancelledBackupStillNotifiesTheSnapshotItLeftBehind(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    vsphere.hangOnDisk = true;
    vsphere.removeFailure =
        ApplicationFailure.newFailure(
            "vCenter https://127.0.0.1:8989/sdk refused the connection", "VSphereUnavailable");
    notifications = new RecordingNotifications(List.of(HOOK));
    VmBackupWorkflow workflow = start(env, worker, new FakeVmCatalog(runs, FULL_PLAN));

    WorkflowClient.start(workflow::backup, FULL);
    assertThat(vsphere.diskStarted.await(30, TimeUnit.SECONDS)).isTrue();
    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    stub.cancel();
    catchThrowableOfType(
        WorkflowFailedException.class, () -> stub.getResult(VmBackupResult.class));

    assertThat(runs.onlyOutcome().status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(notifications.delivered)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.event().type()).isEqualTo(NotificationEventType.SNAPSHOT_LEFT_BEHIND);
              assertThat(d.event().subject()).isEqualTo(SNAPSHOT);
              assertThat(d.event().assetName()).isEqualTo("vc1/web-01");
            });
  }

  private NotificationEvent selected(NotificationEventType type) {
    return notifications.selected.stream().filter(e -> e.type() == type).findFirst().orElseThrow();
  }

  private VmBackupWorkflow start(TestWorkflowEnvironment env, Worker worker, FakeVmCatalog catalog) {
    worker.registerWorkflowImplementationFactory(
        VmBackupWorkflow.class, () -> new VmBackupWorkflowImpl(SHORT));
    env.newWorker(TaskQueues.WORKFLOWS)
        .registerActivitiesImplementations(runs, catalog, notifications);
    env.newWorker(TaskQueues.NOTIFY).registerActivitiesImplementations(notifications);
    env.newWorker(TaskQueues.VSPHERE).registerActivitiesImplementations(vsphere);
    env.newWorker(TaskQueues.STORAGE).registerActivitiesImplementations(replication);
    env.start();
    return env.getWorkflowClient()
        .newWorkflowStub(
            VmBackupWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(worker.getTaskQueue())
                .setWorkflowId(VmBackupWorkflow.workflowId("vc1", "web-01", "run-1"))
                .build());
  }
}
