package io.safehold.workflows.awareness;

import io.temporal.activity.ActivityInterface;

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
}
