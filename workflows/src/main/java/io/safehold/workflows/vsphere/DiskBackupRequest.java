package io.safehold.workflows.vsphere;

/**
 * Input of {@link VSphereActivities#backupDisk}.
 *
 * @param baseRunId the backup whose chunk list unchanged chunks are taken from, null for a full read
 * @param baseChangeId the change id the base backup recorded for this disk; CBT reports what changed
 *     since; null for a full read
 * @param chunkSize bytes per chunk, a multiple of 64 KiB; the same for every disk of a backup
 */
public record DiskBackupRequest(
    String runId,
    String vmId,
    String snapshotRef,
    VmDisk disk,
    String baseRunId,
    String baseChangeId,
    int chunkSize) {}
