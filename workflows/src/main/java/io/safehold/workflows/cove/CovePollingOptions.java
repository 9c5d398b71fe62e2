package io.safehold.workflows.cove;

import io.safehold.workflows.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * The one place that sets timeouts and retries for {@link CovePollingWorkflow}. Immutable; {@link
 * #defaults()} is what production uses.
 *
 * <ul>
 *   <li>A cycle ({@link CoveActivities#importCycle}) on {@link TaskQueues#COVE}: 30 min per attempt
 *       with a heartbeat after every page (timeout 2 min); retried with backoff from {@link
 *       #initialBackoff()} (default 10 s) doubling up to 5 min, {@link #cycleAttempts()} attempts
 *       (default 6, about 9 min of backoff); login refused, unusable credential and a refused query
 *       are not retried.
 *   <li>Recording a failed cycle: 1 min per attempt, retried for 10 min.
 *   <li>Continue-as-new after {@link #cyclesPerRun()} cycles (default 12), about 150 events.
 * </ul>
 */
public final class CovePollingOptions {

  private final Duration initialBackoff;
  private final int cycleAttempts;
  private final int cyclesPerRun;

  /**
   * @param initialBackoff the first retry's delay after a failed cycle attempt; it doubles up to 5
   *     min
   * @param cycleAttempts attempts of one cycle before it counts as failed
   * @param cyclesPerRun cycles before continue-as-new
   */
  public CovePollingOptions(Duration initialBackoff, int cycleAttempts, int cyclesPerRun) {
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive");
    }
    if (cycleAttempts < 1 || cyclesPerRun < 1) {
      throw new IllegalArgumentException("cycleAttempts and cyclesPerRun must be at least 1");
    }
    this.initialBackoff = initialBackoff;
    this.cycleAttempts = cycleAttempts;
    this.cyclesPerRun = cyclesPerRun;
  }

  public static CovePollingOptions defaults() {
    return new CovePollingOptions(Duration.ofSeconds(10), 6, 12);
  }

  public Duration initialBackoff() {
    return initialBackoff;
  }

  public int cycleAttempts() {
    return cycleAttempts;
  }

  public int cyclesPerRun() {
    return cyclesPerRun;
  }

  ActivityOptions cycle() {
    Duration maxBackoff = Duration.ofMinutes(5);
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.COVE)
        .setStartToCloseTimeout(Duration.ofMinutes(30))
        .setHeartbeatTimeout(Duration.ofMinutes(2))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(initialBackoff)
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(
                    initialBackoff.compareTo(maxBackoff) > 0 ? initialBackoff : maxBackoff)
                .setMaximumAttempts(cycleAttempts)
                .setDoNotRetry(
                    CoveActivities.LOGIN_REFUSED,
                    CoveActivities.CREDENTIAL_UNUSABLE,
                    CoveActivities.RESPONSE_REFUSED)
                .build())
        .build();
  }

  ActivityOptions record() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.COVE)
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setScheduleToCloseTimeout(Duration.ofMinutes(10))
        .build();
  }
}
