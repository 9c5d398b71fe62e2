package io.safehold.workflows.netdevice;

import io.safehold.workflows.run.RecordingRunActivities;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.safehold.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the history that {@link DeviceConfigBackupReplayTest} replays. Run it only when the
 * workflow changes on purpose (and then version the change with {@code Workflow.getVersion}):
 *
 * <pre>mvn -o -pl workflows test -Dtest=DeviceBackupHistoryRecorder -Dsafehold.recordHistories=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "safehold.recordHistories", matches = "true")
class DeviceBackupHistoryRecorder {

  static final String COMPLETED = "histories/device-backup-completed.json";

  /** A failed backup recorded before the workflow sent notifications (no version marker). */
  static final String FAILED_BEFORE_NOTIFICATIONS =
      "histories/device-backup-failed-before-notifications.json";

  @Test
  void recordACompletedBackupWithOneRetry() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
      workflows.registerWorkflowImplementationTypes(DeviceConfigBackupWorkflowImpl.class);
      RecordingRunActivities runs = new RecordingRunActivities();
      workflows.registerActivitiesImplementations(runs, new InMemoryDeviceCatalog(runs));
      env.newWorker(TaskQueues.NETDEVICE)
          .registerActivitiesImplementations(
              ScriptedDevice.answering(
                  attempt -> {
                    if (attempt == 1) {
                      throw ApplicationFailure.newFailure(
                          "Connection refused by 127.0.0.1:2222.",
                          NetDeviceActivities.CONNECT_FAILED);
                    }
                    return new CapturedConfig(
                        ScriptedDevice.FACTS,
                        ScriptedDevice.SHA,
                        ScriptedDevice.STORED.size(),
                        ScriptedDevice.STORED);
                  }));
      env.start();

      WorkflowClient client = env.getWorkflowClient();
      String workflowId = DeviceConfigBackupWorkflow.workflowId("run-recorded");
      DeviceConfigBackupWorkflow workflow =
          client.newWorkflowStub(
              DeviceConfigBackupWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(TaskQueues.WORKFLOWS)
                  .setWorkflowId(workflowId)
                  .build());
      DeviceBackupResult result = workflow.backup(new DeviceBackupRequest("run-recorded", "dev-1"));
      assertThat(result.configVersion()).isEqualTo(1);

      Path target = Path.of("src/test/resources", COMPLETED);
      Files.createDirectories(target.getParent());
      Files.writeString(
          target, client.fetchHistory(workflowId).toJson(true), StandardCharsets.UTF_8);
    }
  }

  @Test
  void recordAFailedBackup() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
      workflows.registerWorkflowImplementationTypes(DeviceConfigBackupWorkflowImpl.class);
      RecordingRunActivities runs = new RecordingRunActivities();
      workflows.registerActivitiesImplementations(runs, new InMemoryDeviceCatalog(runs));
      env.newWorker(TaskQueues.NETDEVICE)
          .registerActivitiesImplementations(
              ScriptedDevice.failing(
                  NetDeviceActivities.AUTHENTICATION_FAILED,
                  "Authentication failed for admin at 127.0.0.1:2222."));
      env.start();

      WorkflowClient client = env.getWorkflowClient();
      String workflowId = DeviceConfigBackupWorkflow.workflowId("run-failed");
      DeviceConfigBackupWorkflow workflow =
          client.newWorkflowStub(
              DeviceConfigBackupWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(TaskQueues.WORKFLOWS)
                  .setWorkflowId(workflowId)
                  .build());
      assertThatThrownBy(() -> workflow.backup(new DeviceBackupRequest("run-failed", "dev-1")))
          .isInstanceOf(WorkflowFailedException.class);

      Path target = Path.of("src/test/resources", FAILED_BEFORE_NOTIFICATIONS);
      Files.writeString(
          target, client.fetchHistory(workflowId).toJson(true), StandardCharsets.UTF_8);
    }
  }
}
