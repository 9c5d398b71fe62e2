package io.safehold.workflows.netdevice;

/**
 * Input of {@link DeviceConfigBackupWorkflow}: the catalog run to fill in and the device to read.
 */
public record DeviceBackupRequest(String runId, String deviceId) {}
