package io.safehold.workflows.awareness;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Options of {@link BackupAwarenessWorkflowImpl}: the check activity's options and how many checks
 * one workflow run does before it continues as new (it also does when Temporal suggests it).
 */
public record AwarenessOptions(ActivityOptions check, int checksPerRun) {

  /**
   * A check may take up to 10 minutes and is tried 3 times, 30 s apart then doubling; 100 checks
   * per run (25 days at the default period, a few hundred history events).
   */
  public static AwarenessOptions defaults() {
    return new AwarenessOptions(
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(10))
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(30))
                    .setBackoffCoefficient(2)
                    .setMaximumAttempts(3)
                    .build())
            .build(),
        100);
  }
}
