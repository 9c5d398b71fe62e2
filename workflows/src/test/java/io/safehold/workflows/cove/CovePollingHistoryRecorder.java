package io.safehold.workflows.cove;

import io.safehold.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the history that {@link CovePollingReplayTest} replays: a good cycle, a cycle whose three
 * attempts fail (recorded as failed), a "poll now", and the account deleted. Run it only when the
 * workflow changes on purpose (and then version the change with {@code Workflow.getVersion}):
 *
 * <pre>mvn -o -pl workflows test -Dtest=CovePollingHistoryRecorder -Dsafehold.recordHistories=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "safehold.recordHistories", matches = "true")
class CovePollingHistoryRecorder {

  static final String ENDED = "histories/cove-polling-ended.json";

  @Test
  void recordALoopUntilItsAccountIsDeleted() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
      workflows.registerWorkflowImplementationTypes(CovePollingWorkflowImpl.class);
      ScriptedCove cove =
          new ScriptedCove(
              attempt -> {
                if (attempt == 1 || attempt == 8) {
                  return ScriptedCove.good(900);
                }
                if (attempt <= 7) {
                  return ScriptedCove.unreachable();
                }
                return CoveCycleSummary.accountGone();
              });
      env.newWorker(TaskQueues.COVE).registerActivitiesImplementations(cove);
      env.start();

      WorkflowClient client = env.getWorkflowClient();
      String workflowId = CovePollingWorkflow.workflowId("account-recorded");
      CovePollingWorkflow workflow =
          client.newWorkflowStub(
              CovePollingWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(TaskQueues.WORKFLOWS)
                  .setWorkflowId(workflowId)
                  .build());
      WorkflowClient.start(workflow::poll, CovePollingRequest.of("account-recorded"));
      env.sleep(Duration.ofMinutes(20));
      client.newWorkflowStub(CovePollingWorkflow.class, workflowId).pollNow();
      WorkflowStub.fromTyped(workflow).getResult(60, TimeUnit.SECONDS, Void.class);

      Path target = Path.of("src/test/resources", ENDED);
      Files.createDirectories(target.getParent());
      Files.writeString(
          target, client.fetchHistory(workflowId).toJson(true), StandardCharsets.UTF_8);
    }
  }
}
