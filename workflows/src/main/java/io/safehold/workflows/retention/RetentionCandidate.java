package io.safehold.workflows.retention;

import java.time.Instant;

/**
 * One backup run of a VM as retention sees it: what the catalog holds about it, not yet pruned.
 *
 * @param status the run's status; only COMPLETED and COMPLETED_WITH_WARNINGS with a manifest are
 *     backups, PENDING and RUNNING are in progress, anything else left leftovers
 * @param finishedAt when the run ended; null while it runs
 * @param mode {@code FULL} or {@code INCREMENTAL}
 * @param baseRunId the backup an incremental builds on; null for a full one
 * @param hasManifest whether its manifest was written (a backup without one is not a backup)
 */
public record RetentionCandidate(
    String runId,
    String status,
    Instant finishedAt,
    String mode,
    String baseRunId,
    boolean hasManifest) {

  /** Finished, with its manifest: it can be restored. */
  public boolean countsAsBackup() {
    return hasManifest
        && finishedAt != null
        && ("COMPLETED".equals(status) || "COMPLETED_WITH_WARNINGS".equals(status));
  }

  /** Still pending or running: never pruned, and its base is not either. */
  public boolean inProgress() {
    return "PENDING".equals(status) || "RUNNING".equals(status);
  }
}
