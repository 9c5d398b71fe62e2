package io.safehold.activities.vsphere.transfer;

import java.util.List;

/**
 * A finished disk transfer: the disk's complete chunk list (so a restore never walks a chain of
 * backups) and what this attempt did to produce it.
 *
 * @param chunks every chunk of the disk in index order, including those recorded by earlier
 *     attempts and those inherited from the base
 * @param bytesRead disk bytes this attempt read (bytes past the end of a short flat file count:
 *     they were asked for and read as zeros)
 * @param bytesStored bytes this attempt newly wrote to the store
 * @param chunksRead chunks this attempt read
 * @param chunksStored chunks this attempt wrote to the store
 * @param chunksDeduplicated chunks read whose content was already stored (known from the base or
 *     the run, or found by HEAD)
 * @param zeroChunksRead chunks read that were all zeros, so not stored
 * @param chunksInherited chunks this attempt took from the base without reading
 * @param chunksResumed chunks an earlier attempt had recorded
 */
public record DiskTransferResult(
    List<ChunkRef> chunks,
    long bytesRead,
    long bytesStored,
    long chunksRead,
    long chunksStored,
    long chunksDeduplicated,
    long zeroChunksRead,
    long chunksInherited,
    long chunksResumed) {}
