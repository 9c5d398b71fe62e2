package io.safehold.workflows.vsphere;

/**
 * Where a VM backup is, as the {@link VmBackupWorkflow#progress()} query and the catalog run show
 * it.
 *
 * @param phase {@code snapshot}, {@code download}, {@code config-files}, {@code manifest}, {@code
 *     replicate} or {@code cleanup}
 * @param disk 1-based number of the disk being read during {@code download}, else 0
 * @param disks how many disks the VM has (0 before the snapshot)
 * @param bytesDone bytes of disk read so far, over all disks
 * @param bytesTotal bytes this backup will read (allocated or changed areas), 0 while unknown
 */
public record VmBackupProgress(
    String phase, int disk, int disks, long bytesDone, long bytesTotal) {}
