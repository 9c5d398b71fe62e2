package io.safehold.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.awareness.AwarenessActivities;
import io.safehold.workflows.cove.CoveActivities;
import io.safehold.workflows.netdevice.CapturedConfig;
import io.safehold.workflows.netdevice.ConfigVersionRef;
import io.safehold.workflows.netdevice.DeviceBackupRequest;
import io.safehold.workflows.netdevice.DeviceBackupResult;
import io.safehold.workflows.netdevice.DeviceCatalogActivities;
import io.safehold.workflows.netdevice.DeviceConfigBackupWorkflow;
import io.safehold.workflows.netdevice.DeviceFacts;
import io.safehold.workflows.netdevice.NetDeviceActivities;
import io.safehold.workflows.notify.NotificationActivities;
import io.safehold.workflows.notify.NotificationCatalogActivities;
import io.safehold.workflows.retention.VmPruneActivities;
import io.safehold.workflows.run.RunActivities;
import io.safehold.workflows.run.RunEventType;
import io.safehold.workflows.run.RunOutcome;
import io.safehold.workflows.run.RunStatus;
import io.safehold.workflows.run.StoredObject;
import io.safehold.workflows.vsphere.ReplicationActivities;
import io.safehold.workflows.vsphere.ReplicationResult;
import io.safehold.workflows.vsphere.VSphereActivities;
import io.safehold.workflows.vsphere.VmCatalogActivities;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs a device backup through the workers {@link SafeholdWorkers} builds, on Temporal's in-process
 * test server. The activities are fakes: this test is about which queue hosts what.
 */
class SafeholdWorkersTest {

  private static final StoredObject STORED =
      new StoredObject(
          "configs/dev-1/sw1_20260101_000000.txt",
          42,
          "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae");

  private TestWorkflowEnvironment env;
  private SafeholdWorkers workers;

  private final List<String> taskQueuesSeen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() {
    env = TestWorkflowEnvironment.newInstance();
  }

  @AfterEach
  void stopAll() {
    if (workers != null) {
      workers.shutdown();
    }
    env.close();
  }

  @Test
  void aDeviceBackupRunsEndToEndAcrossTheWorkflowAndDeviceQueues() {
    workers = new SafeholdWorkers(env.getWorkflowClient(), new WorkerSettings(), fakes());
    workers.start();

    DeviceConfigBackupWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                DeviceConfigBackupWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(TaskQueues.WORKFLOWS)
                    .setWorkflowId(DeviceConfigBackupWorkflow.workflowId("run-1"))
                    .build());
    DeviceBackupResult result = workflow.backup(new DeviceBackupRequest("run-1", "dev-1"));

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(result.configVersion()).isEqualTo(1);
    assertThat(result.sha256()).isEqualTo(STORED.sha256());
    assertThat(taskQueuesSeen)
        .containsExactly(
            "beginBackup@" + TaskQueues.WORKFLOWS,
            "captureConfig@" + TaskQueues.NETDEVICE,
            "completeBackup@" + TaskQueues.WORKFLOWS);
  }

  @Test
  void onlyQueuesWithSomethingRegisteredAndEnabledGetAWorker() {
    workers = new SafeholdWorkers(env.getWorkflowClient(), new WorkerSettings(), fakes());
    assertThat(workers.taskQueues())
        .containsExactlyInAnyOrder(TaskQueues.WORKFLOWS, TaskQueues.NETDEVICE);

    WorkerSettings deviceOnly = new WorkerSettings();
    QueueSettings disabled = new QueueSettings();
    disabled.setEnabled(false);
    deviceOnly.setQueues(Map.of(TaskQueues.WORKFLOWS, disabled));
    SafeholdWorkers deviceWorkers =
        new SafeholdWorkers(
            env.getWorkflowClient(),
            deviceOnly,
            new WorkerActivities(null, null, fakes().netDevice()));
    assertThat(deviceWorkers.taskQueues()).containsExactly(TaskQueues.NETDEVICE);
    deviceWorkers.shutdown();
  }

  @Test
  void everyActivityAndWorkflowRegistersTogetherWithoutANameClash() {
    WorkerActivities device = fakes();
    WorkerActivities all =
        new WorkerActivities(
            device.run(),
            device.deviceCatalog(),
            device.netDevice(),
            unused(VmCatalogActivities.class),
            unused(VSphereActivities.class),
            unused(ReplicationActivities.class),
            unused(VmPruneActivities.class),
            unused(CoveActivities.class),
            unused(AwarenessActivities.class),
            unused(NotificationCatalogActivities.class),
            unused(NotificationActivities.class));

    workers = new SafeholdWorkers(env.getWorkflowClient(), new WorkerSettings(), all);

    assertThat(workers.taskQueues())
        .containsExactlyInAnyOrder(
            TaskQueues.WORKFLOWS,
            TaskQueues.NETDEVICE,
            TaskQueues.VSPHERE,
            TaskQueues.STORAGE,
            TaskQueues.COVE,
            TaskQueues.NOTIFY);
  }

  /** An implementation only to register: Temporal reads its interface, nothing calls it. */
  private static <T> T unused(Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              throw new UnsupportedOperationException(method.getName() + " is not called here");
            }));
  }

  @Test
  void replicationIsServedOnTheStorageQueueWhenGivenAndThatQueueIsEnabled() {
    WorkerActivities device = fakes();
    ReplicationActivities replication =
        (runId, manifestKey, target) -> new ReplicationResult(target, 0, 0, 0);
    WorkerActivities withReplication =
        new WorkerActivities(
            device.run(),
            device.deviceCatalog(),
            device.netDevice(),
            null,
            null,
            replication,
            null);
    workers = new SafeholdWorkers(env.getWorkflowClient(), new WorkerSettings(), withReplication);
    assertThat(workers.taskQueues())
        .containsExactlyInAnyOrder(TaskQueues.WORKFLOWS, TaskQueues.NETDEVICE, TaskQueues.STORAGE);

    WorkerSettings noStorage = new WorkerSettings();
    QueueSettings disabled = new QueueSettings();
    disabled.setEnabled(false);
    noStorage.setQueues(Map.of(TaskQueues.STORAGE, disabled));
    SafeholdWorkers elsewhere =
        new SafeholdWorkers(env.getWorkflowClient(), noStorage, withReplication);
    assertThat(elsewhere.taskQueues())
        .containsExactlyInAnyOrder(TaskQueues.WORKFLOWS, TaskQueues.NETDEVICE);
    elsewhere.shutdown();
  }

  @Test
  void anEnabledQueueWithoutItsActivitiesIsRefusedWithAClearMessage() {
    WorkerActivities missingDevice =
        new WorkerActivities(fakes().run(), fakes().deviceCatalog(), null);

    assertThatThrownBy(
            () -> new SafeholdWorkers(env.getWorkflowClient(), new WorkerSettings(), missingDevice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "WorkerActivities.netDevice is missing but task queue safehold-netdevice is enabled;"
                + " pass it or disable the queue in the worker settings.");
  }

  private WorkerActivities fakes() {
    RunActivities run =
        new RunActivities() {
          @Override
          public void markRunning(String runId, String temporalRunId) {
            seen("markRunning");
          }

          @Override
          public void setPhase(String runId, String phase) {
            seen("setPhase");
          }

          @Override
          public void recordEvent(String runId, RunEventType type, String message) {
            seen("recordEvent");
          }

          @Override
          public void finish(RunOutcome outcome) {
            seen("finish");
          }
        };
    DeviceCatalogActivities catalog =
        new DeviceCatalogActivities() {
          @Override
          public ConfigVersionRef beginBackup(String runId, String temporalRunId, String deviceId) {
            seen("beginBackup");
            return null;
          }

          @Override
          public DeviceBackupResult completeBackup(
              String runId, String deviceId, CapturedConfig captured, ConfigVersionRef previous) {
            seen("completeBackup");
            return new DeviceBackupResult(
                runId,
                RunStatus.COMPLETED,
                1,
                false,
                captured.stored().key(),
                captured.sha256(),
                null);
          }
        };
    NetDeviceActivities device =
        request -> {
          seen("captureConfig");
          return new CapturedConfig(
              new DeviceFacts("sw1", "vEOS", "4.30", "SN1"),
              STORED.sha256(),
              STORED.size(),
              STORED);
        };
    return new WorkerActivities(run, catalog, device);
  }

  private void seen(String activity) {
    taskQueuesSeen.add(
        activity + "@" + Activity.getExecutionContext().getInfo().getActivityTaskQueue());
  }
}
