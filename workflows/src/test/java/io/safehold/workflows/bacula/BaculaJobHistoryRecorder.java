package io.safehold.workflows.bacula;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.run.RecordingRunActivities;
import io.safehold.workflows.run.RunStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the history that {@link BaculaJobReplayTest} replays. Run it only when the workflow
 * changes on purpose (and then version the change with {@code Workflow.getVersion}):
 *
 * <pre>mvn -o -pl workflows test -Dtest=BaculaJobHistoryRecorder -Dsafehold.recordHistories=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "safehold.recordHistories", matches = "true")
class BaculaJobHistoryRecorder {

  static final String WARNINGS = "histories/bacula-job-warnings.json";

  @Test
  void recordAJobThatEndsWithWarningsAfterTwoPolls() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
      workflows.registerWorkflowImplementationTypes(BaculaJobWorkflowImpl.class);
      workflows.registerActivitiesImplementations(new RecordingRunActivities());
      env.newWorker(TaskQueues.BACULA)
          .registerActivitiesImplementations(
              new ScriptedBacula(ScriptedBacula.running(), ScriptedBacula.ended("T", 1)));
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      String workflowId = BaculaJobWorkflow.workflowId("run-recorded");
      BaculaJobResult result =
          client
              .newWorkflowStub(
                  BaculaJobWorkflow.class,
                  WorkflowOptions.newBuilder()
                      .setTaskQueue(TaskQueues.WORKFLOWS)
                      .setWorkflowId(workflowId)
                      .build())
              .run(new BaculaJobRequest("run-recorded", "dir-1", "BackupSource"));
      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED_WITH_WARNINGS);

      Path target = Path.of("src/test/resources", WARNINGS);
      Files.createDirectories(target.getParent());
      Files.writeString(
          target, client.fetchHistory(workflowId).toJson(true), StandardCharsets.UTF_8);
    }
  }
}
