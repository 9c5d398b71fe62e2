package io.safehold.activities.vsphere.transfer;

/**
 * Small progress a transfer reports after each chunk, meant for an activity heartbeat: a few
 * numbers, never the chunk list (megabytes for a large disk). Resuming does not need it: the {@link
 * ChunkLog} holds what is done.
 *
 * @param nextOffset the disk offset up to which every chunk is recorded
 * @param chunksDone chunks recorded, including those of earlier attempts
 * @param bytesRead bytes read from the datastore by this attempt
 * @param bytesStored bytes newly written to the store by this attempt
 */
public record DiskTransferProgress(
    long nextOffset, long chunksDone, long bytesRead, long bytesStored) {}
