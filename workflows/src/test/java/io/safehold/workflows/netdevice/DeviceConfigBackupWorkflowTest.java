package io.safehold.workflows.netdevice;

import io.safehold.workflows.run.RecordingRunActivities;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.notify.NotificationActivities;
import io.safehold.workflows.notify.NotificationEventType;
import io.safehold.workflows.notify.NotificationRecipient;
import io.safehold.workflows.notify.RecordingNotifications;
import io.safehold.workflows.run.RunEventType;
import io.safehold.workflows.run.RunOutcome;
import io.safehold.workflows.run.RunStatus;
import io.safehold.workflows.run.StoredObject;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeviceConfigBackupWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  /**
   * The test server stops its clock while an activity attempt is outstanding, so a hung device
   * would take the real 3 minutes; these tests shrink the device timeouts instead.
   */
  private static final DeviceBackupOptions SHORT_DEVICE_TIMEOUTS =
      // 800 ms attempts and 1 s, 2 s backoff put no retry exactly on the 3 s deadline, so the
      // outcome does not depend on which of two timers the server fires first.
      new DeviceBackupOptions(Duration.ofSeconds(3), Duration.ofMillis(800), Duration.ofMillis(500));

  private static final DeviceBackupRequest REQUEST = new DeviceBackupRequest("run-1", "dev-1");

  private final RecordingRunActivities runs = new RecordingRunActivities();
  private RecordingNotifications notifications = RecordingNotifications.none();

  @Test
  void retriesRefusedConnectionsWithBackoffThenStoresTheConfig(
      TestWorkflowEnvironment env, Worker worker) {
    ScriptedDevice device =
        ScriptedDevice.answering(
            attempt -> {
              if (attempt < 3) {
                throw ApplicationFailure.newFailure(
                    "Connection refused by 127.0.0.1:2222.", NetDeviceActivities.CONNECT_FAILED);
              }
              return new CapturedConfig(
                  ScriptedDevice.FACTS,
                  ScriptedDevice.SHA,
                  ScriptedDevice.STORED.size(),
                  ScriptedDevice.STORED);
            });
    InMemoryDeviceCatalog catalog = new InMemoryDeviceCatalog(runs);
    DeviceConfigBackupWorkflow workflow =
        start(env, worker, DeviceBackupOptions.defaults(), catalog, device);

    long before = env.currentTimeMillis();
    DeviceBackupResult result = workflow.backup(REQUEST);
    long elapsed = env.currentTimeMillis() - before;

    assertThat(device.attempts()).isEqualTo(3);
    // Backoff 1 s then 2 s between the three attempts.
    assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofSeconds(3).toMillis());
    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(result.unchanged()).isFalse();
    assertThat(result.configVersion()).isEqualTo(1);
    assertThat(result.objectKey()).isEqualTo(ScriptedDevice.STORED.key());

    RunOutcome outcome = runs.onlyOutcome();
    assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(outcome.artifacts()).containsExactly(ScriptedDevice.STORED);
    assertThat(outcome.bytes()).isEqualTo(ScriptedDevice.STORED.size());
    assertThat(catalog.recorded).hasSize(1);
    assertThat(runs.phases).containsExactly("connect");
    assertThat(runs.events)
        .contains(
            new RecordingRunActivities.Event(
                RunEventType.SUCCESS, "Stored version 1 (2048 bytes)."));
    assertThat(runs.temporalRunIds).hasSize(1).doesNotContainNull();
  }

  @Test
  void aHungDeviceFailsAtTheDeviceDeadline(TestWorkflowEnvironment env, Worker worker) {
    ScriptedDevice device = ScriptedDevice.hanging();
    DeviceConfigBackupWorkflow workflow =
        start(env, worker, SHORT_DEVICE_TIMEOUTS, new InMemoryDeviceCatalog(runs), device);

    WorkflowFailedException failure =
        catchThrowableOfType(WorkflowFailedException.class, () -> workflow.backup(REQUEST));

    String expected = "The device did not answer within the 3-second deadline.";
    assertFailedWith(failure, expected);
    // 0.8 s per attempt and 1 s backoff inside a 3-second deadline leave room for two attempts.
    assertThat(device.attempts()).isBetween(1, 2);
    assertThat(runs.onlyOutcome().status()).isEqualTo(RunStatus.FAILED);
    assertThat(runs.onlyOutcome().error()).isEqualTo(expected);
    assertThat(runs.events)
        .contains(new RecordingRunActivities.Event(RunEventType.FAILURE, expected));
  }

  @Test
  void anUnreachableDeviceFailsWithTheLastCauseAfterAllAttempts(
      TestWorkflowEnvironment env, Worker worker) {
    ScriptedDevice device =
        ScriptedDevice.failing(
            NetDeviceActivities.CONNECT_FAILED, "Connection refused by 127.0.0.1:2222.");
    DeviceConfigBackupWorkflow workflow =
        start(env, worker, DeviceBackupOptions.defaults(), new InMemoryDeviceCatalog(runs), device);

    WorkflowFailedException failure =
        catchThrowableOfType(WorkflowFailedException.class, () -> workflow.backup(REQUEST));

    assertFailedWith(failure, "Gave up after 6 attempts: Connection refused by 127.0.0.1:2222.");
    assertThat(device.attempts()).isEqualTo(DeviceBackupOptions.DEVICE_MAX_ATTEMPTS);
    assertThat(runs.onlyOutcome().status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void anAuthenticationFailureIsNotRetried(TestWorkflowEnvironment env, Worker worker) {
    String message =
        "Authentication failed for admin at 127.0.0.1:2222; check the device's credential.";
    assertSingleAttemptFailure(env, worker, NetDeviceActivities.AUTHENTICATION_FAILED, message);
  }

  @Test
  void aHostKeyMismatchIsNotRetried(TestWorkflowEnvironment env, Worker worker) {
    String message =
        "Host key of 127.0.0.1:2222 changed: expected SHA256:abc, got SHA256:def; refusing to"
            + " connect.";
    assertSingleAttemptFailure(env, worker, NetDeviceActivities.HOST_KEY_MISMATCH, message);
  }

  @Test
  void anUnchangedConfigPointsAtTheExistingVersion(TestWorkflowEnvironment env, Worker worker) {
    ConfigVersionRef existing =
        new ConfigVersionRef(
            4, "configs/dev-1/sw-core-1_20251231_235959.txt", 1900, ScriptedDevice.SHA);
    InMemoryDeviceCatalog catalog = new InMemoryDeviceCatalog(runs, existing);
    ScriptedDevice device =
        ScriptedDevice.answering(
            attempt -> new CapturedConfig(ScriptedDevice.FACTS, ScriptedDevice.SHA, 1900, null));
    DeviceConfigBackupWorkflow workflow =
        start(env, worker, DeviceBackupOptions.defaults(), catalog, device);

    DeviceBackupResult result = workflow.backup(REQUEST);

    assertThat(device.requests)
        .containsExactly(new CaptureRequest("run-1", "dev-1", ScriptedDevice.SHA));
    assertThat(catalog.recorded).isEmpty();
    assertThat(result.unchanged()).isTrue();
    assertThat(result.configVersion()).isEqualTo(4);
    assertThat(result.objectKey()).isEqualTo(existing.objectKey());
    // completeBackup is told which version is current, so the catalog can point the run at it.
    assertThat(runs.onlyOutcome().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(runs.onlyOutcome().artifacts())
        .containsExactly(new StoredObject(existing.objectKey(), 1900, ScriptedDevice.SHA));
  }

  @Test
  void aDeviceStepThatStoresNothingForANewDeviceFailsTheRunInsteadOfLeavingItRunning(
      TestWorkflowEnvironment env, Worker worker) {
    ScriptedDevice device =
        ScriptedDevice.answering(
            attempt -> new CapturedConfig(ScriptedDevice.FACTS, ScriptedDevice.SHA, 10, null));
    DeviceConfigBackupWorkflow workflow =
        start(env, worker, DeviceBackupOptions.defaults(), new InMemoryDeviceCatalog(runs), device);

    WorkflowFailedException failure =
        catchThrowableOfType(WorkflowFailedException.class, () -> workflow.backup(REQUEST));

    String expected =
        "The device step stored nothing although the device has no config version yet.";
    assertFailedWith(failure, expected);
    assertThat(runs.onlyOutcome().status()).isEqualTo(RunStatus.FAILED);
    assertThat(runs.onlyOutcome().error()).isEqualTo(expected);
  }

  @Test
  void aCancelledBackupEndsCancelled(TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedDevice device = ScriptedDevice.hanging();
    DeviceConfigBackupWorkflow workflow =
        start(env, worker, SHORT_DEVICE_TIMEOUTS, new InMemoryDeviceCatalog(runs), device);

    WorkflowClient.start(workflow::backup, REQUEST);
    assertThat(device.started.await(30, TimeUnit.SECONDS)).isTrue();
    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    stub.cancel();

    WorkflowFailedException failure =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> stub.getResult(DeviceBackupResult.class));
    assertThat(failure.getCause()).isInstanceOf(CanceledFailure.class);
    assertThat(runs.onlyOutcome().status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(runs.events)
        .contains(new RecordingRunActivities.Event(RunEventType.INFO, "Backup cancelled."));
  }

  @Test
  void aFailedBackupIsNotifiedAndADeliveryThatKeepsFailingIsRecordedAtItsDeadline(
      TestWorkflowEnvironment env, Worker worker) {
    String message =
        "Authentication failed for admin at 127.0.0.1:2222; check the device's credential.";
    notifications =
        new RecordingNotifications(
                List.of(
                    new NotificationRecipient("t-1", "ops-hook", "webhook"),
                    new NotificationRecipient("t-2", "ops-mail", "email")))
            .failing(
                "t-2",
                ApplicationFailure.newFailure(
                    "SMTP server 127.0.0.1:2525 could not be reached: Connection refused",
                    NotificationActivities.NOT_DELIVERED));
    ScriptedDevice device =
        ScriptedDevice.failing(NetDeviceActivities.AUTHENTICATION_FAILED, message);
    DeviceConfigBackupWorkflow workflow =
        start(env, worker, DeviceBackupOptions.defaults(), new InMemoryDeviceCatalog(runs), device);

    WorkflowFailedException failure =
        catchThrowableOfType(WorkflowFailedException.class, () -> workflow.backup(REQUEST));

    assertFailedWith(failure, message);
    assertThat(runs.onlyOutcome().status()).isEqualTo(RunStatus.FAILED);
    assertThat(notifications.delivered)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.targetId()).isEqualTo("t-1");
              assertThat(d.event().type()).isEqualTo(NotificationEventType.RUN_FAILED);
              assertThat(d.event().runId()).isEqualTo("run-1");
              assertThat(d.event().message()).isEqualTo(message);
            });
    // Retried with backoff until the delivery deadline, then recorded on the run.
    assertThat(notifications.attempts.get()).isGreaterThan(3);
    assertThat(runs.events)
        .contains(
            new RecordingRunActivities.Event(
                RunEventType.FAILURE,
                "Notification of run-failed to target 'ops-mail' (email) was not delivered: no"
                    + " success before the deadline; last error: SMTP server 127.0.0.1:2525 could"
                    + " not be reached: Connection refused."));
  }

  private void assertSingleAttemptFailure(
      TestWorkflowEnvironment env, Worker worker, String type, String message) {
    ScriptedDevice device = ScriptedDevice.failing(type, message);
    DeviceConfigBackupWorkflow workflow =
        start(env, worker, DeviceBackupOptions.defaults(), new InMemoryDeviceCatalog(runs), device);

    WorkflowFailedException failure =
        catchThrowableOfType(WorkflowFailedException.class, () -> workflow.backup(REQUEST));

    assertFailedWith(failure, message);
    assertThat(device.attempts()).isEqualTo(1);
    assertThat(runs.onlyOutcome().status()).isEqualTo(RunStatus.FAILED);
    assertThat(runs.onlyOutcome().error()).isEqualTo(message);
    assertThat(runs.events)
        .contains(new RecordingRunActivities.Event(RunEventType.FAILURE, message));
  }

  private static void assertFailedWith(WorkflowFailedException failure, String message) {
    assertThat(failure).isNotNull();
    assertThat(failure.getCause()).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(DeviceConfigBackupWorkflowImpl.FAILURE_TYPE);
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(cause.getOriginalMessage()).isEqualTo(message);
  }

  private DeviceConfigBackupWorkflow start(
      TestWorkflowEnvironment env,
      Worker worker,
      DeviceBackupOptions options,
      InMemoryDeviceCatalog catalog,
      ScriptedDevice device) {
    worker.registerWorkflowImplementationFactory(
        DeviceConfigBackupWorkflow.class, () -> new DeviceConfigBackupWorkflowImpl(options));
    env.newWorker(TaskQueues.WORKFLOWS)
        .registerActivitiesImplementations(runs, catalog, notifications);
    env.newWorker(TaskQueues.NOTIFY).registerActivitiesImplementations(notifications);
    env.newWorker(TaskQueues.NETDEVICE).registerActivitiesImplementations(device);
    env.start();
    return env.getWorkflowClient()
        .newWorkflowStub(
            DeviceConfigBackupWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(worker.getTaskQueue())
                .setWorkflowId(DeviceConfigBackupWorkflow.workflowId(REQUEST.runId()))
                .build());
  }
}
