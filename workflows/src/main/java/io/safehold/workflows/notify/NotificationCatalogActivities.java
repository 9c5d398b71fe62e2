package io.safehold.workflows.notify;

import io.temporal.activity.ActivityInterface;

/**
 * Reads the notification targets from the catalog, on {@link
 * io.safehold.workflows.TaskQueues#WORKFLOWS}. Read-only, so Temporal may retry it freely.
 */
@ActivityInterface
public interface NotificationCatalogActivities {

  /**
   * The enabled targets whose filter matches the event (its type, and its asset's kind when the
   * target names kinds), and the event with its asset (id, kind, name) filled in from its run or
   * asset id.
   */
  NotificationSelection selectNotificationTargets(NotificationEvent event);
}
