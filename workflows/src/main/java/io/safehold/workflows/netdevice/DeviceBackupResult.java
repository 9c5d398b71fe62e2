package io.safehold.workflows.netdevice;

import io.safehold.workflows.run.RunStatus;

/**
 * What a device backup produced.
 *
 * @param configVersion the version now current for the device (the existing one when unchanged)
 * @param unchanged true when the normalised config matched the previous version and nothing new was
 *     stored
 */
public record DeviceBackupResult(
    String runId,
    RunStatus status,
    Integer configVersion,
    boolean unchanged,
    String objectKey,
    String sha256,
    String error) {}
