package io.safehold.workflows.retention;

/**
 * Heartbeat of {@link VmPruneActivities#prune}: counters, and the last chunk deleted, so a retried
 * attempt resumes after it instead of listing the deleted chunks again.
 *
 * @param afterSha256 chunks are deleted in SHA-256 order; empty before the first
 */
public record PruneProgress(
    long objectsDeleted, long chunksDeleted, long bytesFreed, String afterSha256) {

  public static PruneProgress start() {
    return new PruneProgress(0, 0, 0, "");
  }
}
