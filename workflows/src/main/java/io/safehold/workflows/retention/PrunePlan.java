package io.safehold.workflows.retention;

import java.util.List;

/**
 * What a prune of one VM would do: keep or remove each backup not pruned yet, with the reasons, and
 * what removing them frees in the chunk store (chunks no backup of any VM references anymore).
 *
 * @param rules the VM's rules; {@link RetentionRules#none()} when it has none
 * @param backups one decision per backup run, newest first
 * @param chunksFreed distinct stored chunks that only the removed backups reference
 * @param bytesFreed their bytes
 */
public record PrunePlan(
    String vmId,
    RetentionRules rules,
    List<RetentionDecision> backups,
    long chunksFreed,
    long bytesFreed) {

  public PrunePlan {
    backups = List.copyOf(backups);
  }

  /** The run ids to remove, newest first. */
  public List<String> removedRunIds() {
    return backups.stream().filter(d -> !d.keep()).map(RetentionDecision::runId).toList();
  }

  /** How many backup runs are kept. */
  public long keptCount() {
    return backups.stream().filter(RetentionDecision::keep).count();
  }
}
