package io.safehold.workflows.retention;

/**
 * What {@link VmPruneActivities#prune} did.
 *
 * @param objectsDeleted manifests and config files deleted (deleting a missing one counts too)
 * @param chunksDeleted stored chunks deleted
 * @param bytesFreed their bytes
 * @param chunksDeferred why chunk deletion was put off to the next prune (a VM backup was in
 *     progress); null when it ran
 */
public record PruneOutcome(
    long objectsDeleted, long chunksDeleted, long bytesFreed, String chunksDeferred) {}
