package io.safehold.workflows.retention;

/**
 * What a prune did: backups kept and removed, objects and chunks deleted, bytes freed, and why
 * chunk deletion was deferred (null when it was not).
 */
public record VmPruneResult(
    long kept,
    long removed,
    long objectsDeleted,
    long chunksDeleted,
    long bytesFreed,
    String chunksDeferred) {}
