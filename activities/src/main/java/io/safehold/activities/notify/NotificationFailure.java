package io.safehold.activities.notify;

import io.safehold.workflows.notify.NotificationActivities;
import io.temporal.failure.ApplicationFailure;

/**
 * A notification that did not reach its target: one sentence for the operator, and whether retrying
 * may help. {@link #type()} is one of the failure types of {@link NotificationActivities}.
 */
public final class NotificationFailure extends Exception {

  private final String type;

  NotificationFailure(String type, String message, Throwable cause) {
    super(message, cause);
    this.type = type;
  }

  static NotificationFailure retryable(String message, Throwable cause) {
    return new NotificationFailure(NotificationActivities.NOT_DELIVERED, message, cause);
  }

  static NotificationFailure rejected(String message) {
    return new NotificationFailure(NotificationActivities.REJECTED, message, null);
  }

  static NotificationFailure unusable(String message) {
    return new NotificationFailure(NotificationActivities.BAD_TARGET, message, null);
  }

  static NotificationFailure untrusted(String message, Throwable cause) {
    return new NotificationFailure(NotificationActivities.TLS_UNTRUSTED, message, cause);
  }

  public String type() {
    return type;
  }

  public boolean isRetryable() {
    return NotificationActivities.NOT_DELIVERED.equals(type);
  }

  /** As Temporal should see it; the cause is left out, since it may carry what a peer said. */
  ApplicationFailure toApplicationFailure() {
    return isRetryable()
        ? ApplicationFailure.newFailure(getMessage(), type)
        : ApplicationFailure.newNonRetryableFailure(getMessage(), type);
  }
}
