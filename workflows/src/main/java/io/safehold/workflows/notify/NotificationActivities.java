package io.safehold.workflows.notify;

import io.temporal.activity.ActivityInterface;

/**
 * Sends one notification to one target, on {@link io.safehold.workflows.TaskQueues#NOTIFY}. The
 * activity reads the target (URL, SMTP settings, credential) from the catalog itself, so no URL,
 * password or secret header crosses the workflow. Every attempt is written to the target's delivery
 * log.
 *
 * <p>Failures: a target that answered in a way retrying cannot change (HTTP 400, 401, 403, 404, an
 * SMTP 5xx, a refused login) is {@link #REJECTED}; a target deleted since it was selected is {@link
 * #TARGET_GONE}; a target whose settings or credential cannot be used is {@link #BAD_TARGET}; an
 * untrusted TLS certificate is {@link #TLS_UNTRUSTED}. All four are non-retryable. Connection
 * failures, timeouts, HTTP 408, 429 and 5xx and SMTP 4xx are retryable with type {@link
 * #NOT_DELIVERED}.
 */
@ActivityInterface
public interface NotificationActivities {

  String REJECTED = "NotificationRejected";
  String TARGET_GONE = "NotificationTargetGone";
  String BAD_TARGET = "NotificationTargetUnusable";
  String TLS_UNTRUSTED = "NotificationTlsUntrusted";
  String NOT_DELIVERED = "NotificationNotDelivered";

  void deliverNotification(String targetId, NotificationEvent event);
}
