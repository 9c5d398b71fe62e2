package io.safehold.workflows.bacula;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.run.RecordingRunActivities;
import io.safehold.workflows.run.RunOutcome;
import io.safehold.workflows.run.RunStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The job workflow's decisions, with a scripted director and time skipping. */
class BaculaJobWorkflowTest {

  private static final BaculaOptions OPTIONS =
      new BaculaOptions(Duration.ofMinutes(3), Duration.ofMinutes(5), Duration.ofMinutes(10));

  private TestWorkflowEnvironment env;
  private final RecordingRunActivities runs = new RecordingRunActivities();

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
  }

  private BaculaJobWorkflow start(ScriptedBacula bacula) {
    env = TestWorkflowEnvironment.newInstance();
    Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
    workflows.registerWorkflowImplementationFactory(
        BaculaJobWorkflow.class, () -> new BaculaJobWorkflowImpl(OPTIONS));
    workflows.registerActivitiesImplementations(runs);
    env.newWorker(TaskQueues.BACULA).registerActivitiesImplementations(bacula);
    env.start();
    return env.getWorkflowClient()
        .newWorkflowStub(
            BaculaJobWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(BaculaJobWorkflow.workflowId("run-1"))
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .build());
  }

  private static BaculaJobRequest request() {
    return new BaculaJobRequest("run-1", "dir-1", "BackupSource");
  }

  @Test
  void waitsThroughRunningPollsAndMapsTerminatedWithErrorsToWarnings() {
    BaculaJobResult result =
        start(
                new ScriptedBacula(
                    ScriptedBacula.running(),
                    ScriptedBacula.running(),
                    ScriptedBacula.ended("T", 2)))
            .run(request());

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED_WITH_WARNINGS);
    RunOutcome outcome = runs.onlyOutcome();
    assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED_WITH_WARNINGS);
    assertThat(outcome.bytes()).isEqualTo(12);
    assertThat(outcome.error()).contains("2 error(s)");
    assertThat(outcome.result()).containsEntry("jobStatus", "T");
    // Through Temporal's JSON the number comes back as whatever type fits it.
    assertThat(((Number) outcome.result().get("jobId")).longValue()).isEqualTo(42);
  }

  @Test
  void aJobThatEndsInErrorFailsTheRunAndTheWorkflow() {
    BaculaJobWorkflow workflow = start(new ScriptedBacula(ScriptedBacula.ended("f", 1)));
    assertThatThrownBy(() -> workflow.run(request())).isInstanceOf(WorkflowFailedException.class);
    assertThat(runs.onlyOutcome().status()).isEqualTo(RunStatus.FAILED);
    assertThat(runs.onlyOutcome().error()).contains("status f");
  }

  @Test
  void aJobTheDirectorRefusesFailsTheRunWithTheDirectorsReason() {
    ScriptedBacula bacula = new ScriptedBacula(ScriptedBacula.ended("T", 0));
    bacula.refuseStart = "Bacula has no job named BackupSource.";
    BaculaJobWorkflow workflow = start(bacula);
    assertThatThrownBy(() -> workflow.run(request())).isInstanceOf(WorkflowFailedException.class);
    assertThat(runs.onlyOutcome().status()).isEqualTo(RunStatus.FAILED);
    assertThat(runs.onlyOutcome().error()).contains("no job named BackupSource");
  }

  @Test
  void stopsWaitingAfterTheMaximumDurationAndLeavesTheJobAlone() {
    ScriptedBacula bacula = new ScriptedBacula(ScriptedBacula.running());
    BaculaJobWorkflow workflow = start(bacula);
    assertThatThrownBy(() -> workflow.run(request())).isInstanceOf(WorkflowFailedException.class);
    assertThat(runs.onlyOutcome().error()).contains("still running").contains("3 min");
    assertThat(bacula.cancelled).isEmpty();
  }

  @Test
  void cancellingTheWorkflowCancelsTheBaculaJobAndTheRun() {
    ScriptedBacula bacula = new ScriptedBacula(ScriptedBacula.running());
    BaculaJobWorkflow workflow = start(bacula);
    WorkflowClient.start(workflow::run, request());
    // Let a few polls happen (time is skipped), then cancel.
    env.sleep(Duration.ofSeconds(30));
    WorkflowStub.fromTyped(workflow).cancel();
    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(BaculaJobResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(bacula.cancelled).containsExactly(ScriptedBacula.JOB_ID);
    assertThat(runs.onlyOutcome().status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(runs.onlyOutcome().error()).contains("JobId 42 was cancelled");
  }
}
