package io.safehold.catalog;

import java.util.UUID;

/**
 * A VM backup: the run it belongs to and what the workflow decided and stored.
 *
 * @param mode what was really done, {@code FULL} or {@code INCREMENTAL}
 * @param requestedMode what was asked for; differs from {@code mode} when an incremental fell back
 * @param baseRunId the backup an incremental builds on; null for a full one
 * @param fallbackReason why an incremental ran as a full backup, else null
 * @param chunkSize bytes per chunk of every disk
 * @param manifestKey set when the manifest is written, last: a backup without one is not a backup
 * @param bytesRead bytes read from the datastore, over all disks
 * @param bytesStored bytes written as new chunks (after dedup and zero skipping)
 */
public record VmBackupRow(
    UUID runId,
    UUID vmId,
    String mode,
    String requestedMode,
    UUID baseRunId,
    String fallbackReason,
    int chunkSize,
    String snapshotName,
    String manifestKey,
    long bytesRead,
    long bytesStored) {}
