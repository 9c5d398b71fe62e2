package io.safehold.workflows.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.notify.NotificationRecipient;
import io.safehold.workflows.notify.RecordingNotifications;
import io.safehold.workflows.run.RecordingRunActivities;
import io.safehold.workflows.run.RunStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories that {@link VmBackupReplayTest} replays. Run it only when the workflow
 * changes on purpose (and then version the change with {@code Workflow.getVersion}):
 *
 * <pre>mvn -o -pl workflows test -Dtest=VmBackupHistoryRecorder -Dsafehold.recordHistories=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "safehold.recordHistories", matches = "true")
class VmBackupHistoryRecorder {

  /** A backup whose replication failed, recorded before the workflow sent notifications. */
  static final String REPLICATION_FAILED_BEFORE_NOTIFICATIONS =
      "histories/vm-backup-replication-failed-before-notifications.json";

  /** The same backup since notifications: two events, each sent to one target. */
  static final String REPLICATION_FAILED_NOTIFIED =
      "histories/vm-backup-replication-failed-notified.json";

  @Test
  void recordABackupWhoseReplicationFailed() throws Exception {
    record(REPLICATION_FAILED_NOTIFIED);
  }

  private void record(String resource) throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
      workflows.registerWorkflowImplementationTypes(VmBackupWorkflowImpl.class);
      RecordingRunActivities runs = new RecordingRunActivities();
      RecordingNotifications notifications =
          new RecordingNotifications(List.of(new NotificationRecipient("t-1", "ops", "webhook")));
      env.newWorker(TaskQueues.NOTIFY).registerActivitiesImplementations(notifications);
      workflows.registerActivitiesImplementations(
          runs,
          notifications,
          new FakeVmCatalog(
              runs,
              new VmBackupPlan("vc1", "web-01", BackupMode.FULL, null, Map.of(), null, 4 << 20)));
      env.newWorker(TaskQueues.VSPHERE).registerActivitiesImplementations(new ScriptedVSphere());
      ReplicationActivities broken =
          (runId, manifestKey, target) -> {
            throw ApplicationFailure.newNonRetryableFailure(
                "Bucket dr-copies does not exist at http://127.0.0.1:9999",
                ReplicationActivities.UNKNOWN_TARGET);
          };
      env.newWorker(TaskQueues.STORAGE).registerActivitiesImplementations(broken);
      env.start();

      WorkflowClient client = env.getWorkflowClient();
      String workflowId = VmBackupWorkflow.workflowId("vc1", "web-01", "run-recorded");
      VmBackupWorkflow workflow =
          client.newWorkflowStub(
              VmBackupWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(TaskQueues.WORKFLOWS)
                  .setWorkflowId(workflowId)
                  .build());
      VmBackupResult result =
          workflow.backup(
              new VmBackupRequest("run-recorded", "vm-1", BackupMode.FULL, false, List.of("dr")));
      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED_WITH_WARNINGS);

      assertThat(notifications.delivered).hasSize(2);
      Path target = Path.of("src/test/resources", resource);
      Files.createDirectories(target.getParent());
      Files.writeString(
          target, client.fetchHistory(workflowId).toJson(true), StandardCharsets.UTF_8);
    }
  }
}
