package io.safehold.workflows.vsphere;

/**
 * What reading one disk did.
 *
 * @param incremental true when only changed areas were read on top of a base
 * @param fallbackReason why an incremental read of this disk was done in full, else null
 * @param bytesRead bytes read from the datastore, this attempt and earlier ones together
 * @param bytesReread bytes read again after a retry: what an interrupted attempt had read but not
 *     recorded
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
