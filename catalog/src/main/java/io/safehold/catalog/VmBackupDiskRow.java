package io.safehold.catalog;

import java.util.UUID;

/**
 * One disk of a VM backup.
 *
 * @param changeId the CBT change id of the backup's snapshot: the base of the next incremental;
 *     null when CBT is off
 * @param fileName the disk's backing file when it was read, {@code [datastore] dir/disk.vmdk}
 */
public record VmBackupDiskRow(
    UUID runId,
    int diskKey,
    long capacityBytes,
    String changeId,
    String fileName,
    long bytesRead,
    long bytesStored) {}
