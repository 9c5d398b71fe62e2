package io.safehold.workflows.netdevice;

import io.temporal.activity.ActivityInterface;

/** SSH work against network devices; runs on {@link io.safehold.workflows.TaskQueues#NETDEVICE}. */
@ActivityInterface
public interface NetDeviceActivities {

  /** Failure types a caller must not retry: retrying cannot fix them. */
  String AUTHENTICATION_FAILED = "AuthenticationFailed";

  String HOST_KEY_MISMATCH = "HostKeyMismatch";
  String DEVICE_NOT_FOUND = "DeviceNotFound";
  String BAD_DEVICE_CONFIG = "BadDeviceConfig";

  /** Retryable: the device could not be reached or answered too slowly. */
  String CONNECT_FAILED = "ConnectFailed";

  /**
   * Connects (through the jump host if any), disables paging, reads facts and the running config,
   * normalises away volatile lines, and stores the config in the backup store unless its SHA-256
   * equals {@code previousSha256}. Logs each step as a run event. The config text never leaves the
   * activity, so it never enters workflow history.
   */
  CapturedConfig captureConfig(CaptureRequest request);
}
