package io.safehold.workflows.awareness;

import io.safehold.workflows.notify.NotificationEvent;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * The catalog side of the awareness loop, on {@link io.safehold.workflows.TaskQueues#WORKFLOWS}.
 */
@ActivityInterface
public interface AwarenessActivities {

  /**
   * Checks every asset and declared scope against its window in one catalog transaction: raises
   * {@code NO_BACKUP}, {@code STALE_BACKUP} and {@code NO_FULL_BACKUP}, clears those whose
   * condition no longer holds, and records every raise and clear as an alert event. At most one
   * check runs at a time across all workers; a second one returns {@code skipped}. Idempotent: a
   * retry raises nothing twice.
   */
  AwarenessCheckResult check(AwarenessCheckRequest request);

  /**
   * What a check's alert events (ids in ({@code afterId}, {@code upToId}]) should tell the
   * notification targets: one {@code alert-raised} or {@code alert-cleared} event per alert, up to
   * {@code perType} of each, and one summary event per type for the rest, with the counts per
   * alert kind. A first check over 10,000 unprotected assets therefore sends a few dozen messages,
   * not 10,000.
   */
  List<NotificationEvent> alertNotifications(long afterId, long upToId, int perType);
}
