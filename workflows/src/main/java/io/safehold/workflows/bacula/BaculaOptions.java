package io.safehold.workflows.bacula;

import io.safehold.workflows.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts and retries of the Bacula workflows, in one place.
 *
 * @param maxJobDuration how long {@link BaculaJobWorkflow} waits for a job before it stops waiting
 *     and fails the run (the Bacula job itself is left alone); default 24 h
 * @param awaitWindow how long one {@link BaculaActivities#awaitJob} call may poll; default 5 min
 * @param importRetryMax the longest pause between import attempts while a director is down; default
 *     10 min (the first is 30 s, doubling)
 */
public record BaculaOptions(
    Duration maxJobDuration, Duration awaitWindow, Duration importRetryMax) {

  public BaculaOptions {
    Objects.requireNonNull(maxJobDuration);
    Objects.requireNonNull(awaitWindow);
    Objects.requireNonNull(importRetryMax);
  }

  public static BaculaOptions defaults() {
    return new BaculaOptions(Duration.ofHours(24), Duration.ofMinutes(5), Duration.ofMinutes(10));
  }

  /** {@link io.safehold.workflows.run.RunActivities} on the workflows queue. */
  public ActivityOptions catalog() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.WORKFLOWS)
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setScheduleToCloseTimeout(Duration.ofMinutes(5))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofSeconds(30))
                .build())
        .build();
  }

  /**
   * {@link BaculaActivities#startJob}: one attempt only, because a retry after a lost answer would
   * queue the job a second time.
   */
  public ActivityOptions start() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.BACULA)
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
  }

  /**
   * {@link BaculaActivities#awaitJob}: heartbeats every poll; a director that goes away is retried
   * with backoff for up to an hour per call.
   */
  public ActivityOptions await() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.BACULA)
        .setStartToCloseTimeout(awaitWindow.plusMinutes(2))
        .setHeartbeatTimeout(Duration.ofSeconds(90))
        .setScheduleToCloseTimeout(Duration.ofHours(1))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(5))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofMinutes(2))
                .setDoNotRetry(
                    BaculaActivities.DIRECTOR_NOT_FOUND,
                    BaculaActivities.JOB_REFUSED,
                    BaculaActivities.BAD_DIRECTOR_CONFIG)
                .build())
        .build();
  }

  /** {@link BaculaActivities#cancelJob}: a few quick attempts. */
  public ActivityOptions cancel() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.BACULA)
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setScheduleToCloseTimeout(Duration.ofMinutes(10))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(5))
                .setMaximumAttempts(5)
                .setDoNotRetry(
                    BaculaActivities.DIRECTOR_NOT_FOUND, BaculaActivities.BAD_DIRECTOR_CONFIG)
                .build())
        .build();
  }

  /**
   * {@link BaculaActivities#importJobs}: retried without limit while the director is down (30 s,
   * doubling up to {@link #importRetryMax}); retries add no history events. Only a deleted director
   * or a config that cannot work ends the loop.
   */
  public ActivityOptions importCycle() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.BACULA)
        .setStartToCloseTimeout(Duration.ofMinutes(10))
        .setHeartbeatTimeout(Duration.ofMinutes(2))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(30))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(importRetryMax)
                .setDoNotRetry(
                    BaculaActivities.DIRECTOR_NOT_FOUND, BaculaActivities.BAD_DIRECTOR_CONFIG)
                .build())
        .build();
  }
}
