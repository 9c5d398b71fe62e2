package io.safehold.workflows.vsphere;

/**
 * What reading one disk did.
 *
 * @param incremental true when only changed areas were read on top of a base
 * @param fallbackReason why an incremental read of this disk was done in full, else null
 * @param bytesRead bytes of the disk's chunks read from the datastore, over all attempts
 * @param bytesReread at most this many bytes were read twice because an attempt was interrupted:
 *     the whole chunk it was reading when it stopped, per retry
 * @param bytesStored bytes written as new chunks
 * @param chunks chunks in the disk's list (stored, reused and zero)
 */
public record DiskBackupResult(
    int diskKey,
    boolean incremental,
    String fallbackReason,
    long bytesRead,
    long bytesReread,
    long bytesStored,
    int chunks) {}
