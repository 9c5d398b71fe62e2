package io.safehold.workflows.retention;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * Catalog and store side of a VM prune, on {@link io.safehold.workflows.TaskQueues#WORKFLOWS}.
 * Idempotent: a retry after a crash finishes what the first attempt started.
 */
@ActivityInterface
public interface VmPruneActivities {

  /** Failure type of a prune asked for a VM or backups that do not fit (not retried). */
  String PRUNE_REFUSED = "PruneRefused";

  /** Computes the VM's prune plan from the catalog with {@link RetentionPlanner}; reads only. */
  PrunePlan plan(String vmId);

  /**
   * Deletes the given backups of the VM: first their manifests and config files, then the chunks no
   * other backup of any VM references (unless a VM backup is in progress: then they wait for the
   * next prune), and only then marks the backups pruned in the catalog. Heartbeats after each
   * object deleted with {@link PruneProgress}.
   *
   * @param removedRunIds backups of {@code vmId} the plan removes; none may be in progress
   */
  PruneOutcome prune(String pruneRunId, String vmId, List<String> removedRunIds);
}
