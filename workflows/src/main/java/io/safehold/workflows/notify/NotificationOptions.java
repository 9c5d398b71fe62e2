package io.safehold.workflows.notify;

import io.safehold.workflows.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * The one place that sets timeouts and retries for notifications. Immutable.
 *
 * <ul>
 *   <li>Selection ({@link NotificationCatalogActivities}, on {@link TaskQueues#WORKFLOWS}): 30 s
 *       per attempt, retried with backoff 1 s ×2 up to 30 s, for at most 2 minutes.
 *   <li>Delivery ({@link NotificationActivities}, on {@link TaskQueues#NOTIFY}): 1 minute per
 *       attempt, retried with backoff 5 s ×2 up to 2 minutes, for at most {@link
 *       #deliveryDeadline()} (default {@link #DEFAULT_DELIVERY_DEADLINE}); a target that rejected
 *       the notification, is gone, is unusable or has an untrusted certificate is not retried.
 * </ul>
 */
public final class NotificationOptions {

  public static final Duration DEFAULT_DELIVERY_DEADLINE = Duration.ofMinutes(10);
  static final Duration SELECTION_DEADLINE = Duration.ofMinutes(2);

  private final Duration deliveryDeadline;

  /**
   * @param deliveryDeadline how long one notification to one target may take, retries included
   */
  public NotificationOptions(Duration deliveryDeadline) {
    if (deliveryDeadline == null || deliveryDeadline.isNegative() || deliveryDeadline.isZero()) {
      throw new IllegalArgumentException("deliveryDeadline must be a positive duration.");
    }
    this.deliveryDeadline = deliveryDeadline;
  }

  public static NotificationOptions defaults() {
    return new NotificationOptions(DEFAULT_DELIVERY_DEADLINE);
  }

  public Duration deliveryDeadline() {
    return deliveryDeadline;
  }

  ActivityOptions selection() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.WORKFLOWS)
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setScheduleToCloseTimeout(SELECTION_DEADLINE)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofSeconds(30))
                .build())
        .build();
  }

  ActivityOptions delivery() {
    Duration attempt = Duration.ofMinutes(1);
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.NOTIFY)
        .setStartToCloseTimeout(
            attempt.compareTo(deliveryDeadline) < 0 ? attempt : deliveryDeadline)
        .setScheduleToCloseTimeout(deliveryDeadline)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(5))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofMinutes(2))
                .setDoNotRetry(
                    NotificationActivities.REJECTED,
                    NotificationActivities.TARGET_GONE,
                    NotificationActivities.BAD_TARGET,
                    NotificationActivities.TLS_UNTRUSTED)
                .build())
        .build();
  }
}
