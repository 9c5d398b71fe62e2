package io.safehold.workflows.netdevice;

/**
 * Input of {@link NetDeviceActivities#captureConfig}.
 *
 * @param previousSha256 SHA-256 of the device's current stored config, or null if it has none; when
 *     the freshly normalised config hashes to the same value, nothing is stored
 */
public record CaptureRequest(String runId, String deviceId, String previousSha256) {}
