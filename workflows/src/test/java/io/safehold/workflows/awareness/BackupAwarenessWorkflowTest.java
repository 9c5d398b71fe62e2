package io.safehold.workflows.awareness;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.workflows.notify.NotificationEvent;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BackupAwarenessWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  private static final long SIX_HOURS = Duration.ofHours(6).toSeconds();
  private static final long ONE_DAY = Duration.ofDays(1).toSeconds();

  /** One attempt, so a failing check fails at once. */
  private static final ActivityOptions ONE_ATTEMPT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build();

  @Test
  void checksAtStartThenEveryPeriodWithTheConfiguredDefaults(
      TestWorkflowEnvironment env, Worker worker) {
    RecordingChecks checks = new RecordingChecks(env, n -> result(0));
    BackupAwarenessWorkflow loop = start(env, worker, AwarenessOptions.defaults(), checks);

    env.sleep(Duration.ofHours(13));

    assertThat(checks.hoursSinceStart()).containsExactly(0L, 6L, 12L);
    assertThat(checks.requests).allMatch(r -> r.defaultAlertWindowSeconds() == ONE_DAY);
    AwarenessStatus status = loop.status();
    assertThat(status.checks()).isEqualTo(3);
    assertThat(status.last().raised()).isEqualTo(1);
    assertThat(Duration.ofMillis(status.nextCheckAtMillis() - checks.start).toHours())
        .isEqualTo(18);
  }

  @Test
  void continuesAsNewWithoutLosingTheSchedule(TestWorkflowEnvironment env, Worker worker) {
    RecordingChecks checks = new RecordingChecks(env, n -> result(0));
    start(env, worker, new AwarenessOptions(ONE_ATTEMPT, 2), checks);

    env.sleep(Duration.ofHours(25));

    // Runs of two checks each: the continued run waits for the due time instead of checking at
    // once.
    assertThat(checks.hoursSinceStart()).containsExactly(0L, 6L, 12L, 18L, 24L);
    WorkflowStub stub =
        env.getWorkflowClient().newUntypedWorkflowStub(BackupAwarenessWorkflow.WORKFLOW_ID);
    assertThat(stub.getExecution().getRunId()).isNotEqualTo(checks.firstRunId);
  }

  @Test
  void anAssetAskingForAShorterPeriodIsCheckedThatOften(
      TestWorkflowEnvironment env, Worker worker) {
    RecordingChecks checks = new RecordingChecks(env, n -> result(3600));
    start(env, worker, AwarenessOptions.defaults(), checks);

    env.sleep(Duration.ofMinutes(150));

    assertThat(checks.hoursSinceStart()).containsExactly(0L, 1L, 2L);
  }

  @Test
  void aFailedCheckIsCountedAndTheLoopGoesOn(TestWorkflowEnvironment env, Worker worker) {
    RecordingChecks checks =
        new RecordingChecks(
            env,
            n -> {
              if (n == 1) {
                throw ApplicationFailure.newFailure("catalog unreachable", "CatalogDown");
              }
              return result(0);
            });
    BackupAwarenessWorkflow loop =
        start(env, worker, new AwarenessOptions(ONE_ATTEMPT, 100), checks);

    env.sleep(Duration.ofHours(7));

    assertThat(checks.hoursSinceStart()).containsExactly(0L, 6L);
    assertThat(loop.status().failedChecks()).isEqualTo(1);
    assertThat(loop.status().checks()).isEqualTo(1);
  }

  @Test
  void requestsDuringACheckMakeOneMoreCheckNeverTwoAtOnce(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    RecordingChecks checks =
        new RecordingChecks(
            env,
            n -> {
              if (n == 1) {
                firstRunning.countDown();
                await(releaseFirst);
              }
              return result(0);
            });
    BackupAwarenessWorkflow loop = start(env, worker, AwarenessOptions.defaults(), checks);
    assertThat(firstRunning.await(30, TimeUnit.SECONDS)).isTrue();

    loop.checkNow();
    loop.checkNow();
    loop.reconfigure(AwarenessLoop.startingNow(SIX_HOURS, 2 * ONE_DAY));
    releaseFirst.countDown();
    env.sleep(Duration.ofHours(1));

    assertThat(checks.calls.get()).isEqualTo(2);
    assertThat(checks.maxConcurrent.get()).isEqualTo(1);
    assertThat(checks.requests.get(1).defaultAlertWindowSeconds()).isEqualTo(2 * ONE_DAY);
  }

  private static BackupAwarenessWorkflow start(
      TestWorkflowEnvironment env,
      Worker worker,
      AwarenessOptions options,
      RecordingChecks checks) {
    worker.registerWorkflowImplementationFactory(
        BackupAwarenessWorkflow.class, () -> new BackupAwarenessWorkflowImpl(options));
    worker.registerActivitiesImplementations(checks);
    env.start();
    BackupAwarenessWorkflow loop =
        env.getWorkflowClient()
            .newWorkflowStub(
                BackupAwarenessWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(BackupAwarenessWorkflow.WORKFLOW_ID)
                    .setTaskQueue(worker.getTaskQueue())
                    .build());
    checks.start = env.currentTimeMillis();
    checks.firstRunId =
        WorkflowClient.start(loop::watch, AwarenessLoop.startingNow(SIX_HOURS, ONE_DAY)).getRunId();
    return loop;
  }

  private static AwarenessCheckResult result(long shortestPeriod) {
    return new AwarenessCheckResult(false, 10, 12, 1, 0, 0, 1, 0, 1, shortestPeriod);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Records when each check ran (test-server time) and how many ran at once. */
  static final class RecordingChecks implements AwarenessActivities {
    final TestWorkflowEnvironment env;
    final IntFunction<AwarenessCheckResult> answer;
    final List<Long> times = new CopyOnWriteArrayList<>();
    final List<AwarenessCheckRequest> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    volatile long start;
    volatile String firstRunId;

    RecordingChecks(TestWorkflowEnvironment env, IntFunction<AwarenessCheckResult> answer) {
      this.env = env;
      this.answer = answer;
    }

    @Override
    public AwarenessCheckResult check(AwarenessCheckRequest request) {
      int n = calls.incrementAndGet();
      maxConcurrent.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        times.add(env.currentTimeMillis());
        requests.add(request);
        return answer.apply(n);
      } finally {
        running.decrementAndGet();
      }
    }

    @Override
    public List<NotificationEvent> alertNotifications(long afterId, long upToId, int perType) {
      return List.of();
    }

    List<Long> hoursSinceStart() {
      return times.stream().map(t -> Duration.ofMillis(t - start).toHours()).toList();
    }
  }
}
