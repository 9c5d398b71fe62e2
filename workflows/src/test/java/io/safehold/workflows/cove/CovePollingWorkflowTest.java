package io.safehold.workflows.cove;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.workflows.TaskQueues;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The polling loop's timing and failure handling, with time skipping and scripted activities. */
class CovePollingWorkflowTest {

  private static final String ACCOUNT = "7d1c0e5e-2f3b-4d53-9a53-0a1e5f6b7c8d";
  private static final CovePollingOptions OPTIONS =
      new CovePollingOptions(Duration.ofSeconds(1), 3, 3);

  private TestWorkflowEnvironment env;

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
  }

  private WorkflowClient start(ScriptedCove cove) {
    env = TestWorkflowEnvironment.newInstance();
    Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
    workflows.registerWorkflowImplementationFactory(
        CovePollingWorkflow.class, () -> new CovePollingWorkflowImpl(OPTIONS));
    env.newWorker(TaskQueues.COVE).registerActivitiesImplementations(cove);
    env.start();
    WorkflowClient client = env.getWorkflowClient();
    CovePollingWorkflow workflow =
        client.newWorkflowStub(
            CovePollingWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .setWorkflowId(CovePollingWorkflow.workflowId(ACCOUNT))
                .build());
    WorkflowClient.start(workflow::poll, CovePollingRequest.of(ACCOUNT));
    return client;
  }

  @Test
  void pollsAtOnceThenEveryIntervalAndContinuesAsNewWithoutMissingACycle() {
    ScriptedCove cove = new ScriptedCove(attempt -> ScriptedCove.good(600));
    WorkflowClient client = start(cove);

    await(() -> cove.attempts() >= 1);
    env.sleep(Duration.ofSeconds(590));
    assertThat(cove.attempts()).isEqualTo(1);
    env.sleep(Duration.ofSeconds(10));
    await(() -> cove.attempts() >= 2);
    // Three cycles per run: the fourth and fifth come from the run continued as new.
    for (int cycle = 3; cycle <= 5; cycle++) {
      env.sleep(Duration.ofSeconds(600));
      int expected = cycle;
      await(() -> cove.attempts() >= expected);
    }

    assertThat(cove.attempts()).isEqualTo(5);
    assertThat(status(client)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(stub(client).cyclesThisRun()).isEqualTo(2);
  }

  @Test
  void pollNowCutsTheWaitShort() {
    ScriptedCove cove = new ScriptedCove(attempt -> ScriptedCove.good(900));
    WorkflowClient client = start(cove);
    await(() -> cove.attempts() >= 1);

    stub(client).pollNow();

    await(() -> cove.attempts() >= 2);
  }

  @Test
  void aCycleThatFailsEveryAttemptIsRecordedAndTheLoopGoesOn() {
    ScriptedCove cove =
        new ScriptedCove(
            attempt -> attempt <= 3 ? ScriptedCove.unreachable() : ScriptedCove.good(900));
    WorkflowClient client = start(cove);

    await(() -> cove.attempts() >= 1);
    env.sleep(Duration.ofSeconds(10));
    await(() -> cove.failedCycles.size() == 1);
    assertThat(cove.attempts()).isEqualTo(3);
    assertThat(cove.failedCycles)
        .containsExactly(
            "Could not connect to the Cove API at https://cove.test/jsonapi for partner 'Acme'");
    env.sleep(Duration.ofMinutes(15));
    await(() -> cove.attempts() >= 4);

    assertThat(cove.failedCycles).hasSize(1);
    assertThat(status(client)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }

  @Test
  void aRefusedLoginIsNotRetriedWithinTheCycle() {
    ScriptedCove cove =
        new ScriptedCove(
            attempt -> attempt == 1 ? ScriptedCove.loginRefused() : ScriptedCove.good(900));
    start(cove);

    await(() -> cove.failedCycles.size() == 1);

    assertThat(cove.attempts()).isEqualTo(1);
    assertThat(cove.failedCycles).singleElement().asString().contains("refused the login");
  }

  @Test
  void theLoopEndsWhenItsAccountIsDeleted() throws Exception {
    ScriptedCove cove =
        new ScriptedCove(
            attempt -> attempt == 1 ? ScriptedCove.good(900) : CoveCycleSummary.accountGone());
    WorkflowClient client = start(cove);

    WorkflowStub.fromTyped(
            client.newWorkflowStub(
                CovePollingWorkflow.class, CovePollingWorkflow.workflowId(ACCOUNT)))
        .getResult(30, TimeUnit.SECONDS, Void.class);

    assertThat(cove.attempts()).isEqualTo(2);
    assertThat(status(client))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  }

  private static CovePollingWorkflow stub(WorkflowClient client) {
    return client.newWorkflowStub(
        CovePollingWorkflow.class, CovePollingWorkflow.workflowId(ACCOUNT));
  }

  /** Waits in real time (the test server's clock stands still meanwhile), at most 30 s. */
  private static void await(BooleanSupplier done) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("within 30 s").isLessThan(deadline);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private WorkflowExecutionStatus status(WorkflowClient client) {
    return WorkflowStub.fromTyped(
            client.newWorkflowStub(
                CovePollingWorkflow.class, CovePollingWorkflow.workflowId(ACCOUNT)))
        .describe()
        .getWorkflowExecutionInfo()
        .getStatus();
  }
}
