package io.safehold.workflows.awareness;

import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.notify.NotificationEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the history that {@link BackupAwarenessReplayTest} replays: three periodic checks, a
 * {@code checkNow} and a {@code reconfigure} signal, and the check after them (the loop still
 * running, waiting for its next check). Run it only when the workflow changes on purpose (and then
 * version the change with {@code Workflow.getVersion}):
 *
 * <pre>mvn -o -pl workflows test -Dtest=AwarenessHistoryRecorder -Dsafehold.recordHistories=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "safehold.recordHistories", matches = "true")
class AwarenessHistoryRecorder {

  static final String LOOP = "histories/backup-awareness-loop.json";

  @Test
  void recordThreeChecksAndTwoSignals() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker(TaskQueues.WORKFLOWS);
      worker.registerWorkflowImplementationTypes(BackupAwarenessWorkflowImpl.class);
      worker.registerActivitiesImplementations(
          new AwarenessActivities() {
            @Override
            public AwarenessCheckResult check(AwarenessCheckRequest request) {
              return new AwarenessCheckResult(false, 3, 4, 1, 0, 0, 1, 10, 11, 0);
            }

            @Override
            public List<NotificationEvent> alertNotifications(long after, long upTo, int perType) {
              return List.of();
            }
          });
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      BackupAwarenessWorkflow loop =
          client.newWorkflowStub(
              BackupAwarenessWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(TaskQueues.WORKFLOWS)
                  .setWorkflowId(BackupAwarenessWorkflow.WORKFLOW_ID)
                  .build());
      WorkflowClient.start(loop::watch, AwarenessLoop.startingNow(21_600, 86_400));
      env.sleep(Duration.ofHours(13));
      loop.checkNow();
      env.sleep(Duration.ofHours(1));
      loop.reconfigure(AwarenessLoop.startingNow(3_600, 86_400));
      env.sleep(Duration.ofHours(2));

      Path target = Path.of("src/test/resources", LOOP);
      Files.createDirectories(target.getParent());
      Files.writeString(
          target,
          client.fetchHistory(BackupAwarenessWorkflow.WORKFLOW_ID).toJson(true),
          StandardCharsets.UTF_8);
    }
  }
}
