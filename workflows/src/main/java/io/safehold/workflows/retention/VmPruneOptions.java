package io.safehold.workflows.retention;

import io.safehold.workflows.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * The one place that sets timeouts and retries for the activities of {@link VmPruneWorkflow}, all
 * on {@link TaskQueues#WORKFLOWS}. Immutable; {@link #defaults()} is what production uses.
 *
 * <ul>
 *   <li>Run records and the plan: 1 min per attempt, retried with backoff for 10 min.
 *   <li>The deletion: a heartbeat at least every {@link #heartbeatTimeout()} (default 2 min, one
 *       per object deleted), 6 h per attempt, retried with backoff 5 s ×2 up to 2 min for at most
 *       24 h; each retry resumes after the last chunk deleted.
 * </ul>
 *
 * A refused prune ({@link VmPruneActivities#PRUNE_REFUSED}) is not retried.
 */
public final class VmPruneOptions {

  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofMinutes(2);

  private final Duration heartbeatTimeout;

  public VmPruneOptions(Duration heartbeatTimeout) {
    if (heartbeatTimeout.isNegative() || heartbeatTimeout.isZero()) {
      throw new IllegalArgumentException("heartbeatTimeout must be positive");
    }
    this.heartbeatTimeout = heartbeatTimeout;
  }

  public static VmPruneOptions defaults() {
    return new VmPruneOptions(DEFAULT_HEARTBEAT_TIMEOUT);
  }

  public Duration heartbeatTimeout() {
    return heartbeatTimeout;
  }

  ActivityOptions catalog() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.WORKFLOWS)
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setScheduleToCloseTimeout(Duration.ofMinutes(10))
        .setRetryOptions(backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)))
        .build();
  }

  ActivityOptions deletion() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.WORKFLOWS)
        .setStartToCloseTimeout(Duration.ofHours(6))
        .setScheduleToCloseTimeout(Duration.ofHours(24))
        .setHeartbeatTimeout(heartbeatTimeout)
        .setRetryOptions(backoff(Duration.ofSeconds(5), Duration.ofMinutes(2)))
        .build();
  }

  private static RetryOptions backoff(Duration initial, Duration max) {
    return RetryOptions.newBuilder()
        .setInitialInterval(initial)
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(max)
        .setDoNotRetry(VmPruneActivities.PRUNE_REFUSED)
        .build();
  }
}
