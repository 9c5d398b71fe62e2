package io.safehold.workflows.netdevice;

import io.safehold.workflows.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * The one place that sets timeouts and retries for the activities of {@link
 * DeviceConfigBackupWorkflow}. Immutable; {@link #defaults()} is what production uses unless the
 * worker's configuration overrides the device timeouts.
 *
 * <p>Catalog activities (run bookkeeping, config versions) run on {@link TaskQueues#WORKFLOWS}: 30
 * s per attempt, retried with backoff 1 s ×2 up to 30 s, for at most {@link #CATALOG_DEADLINE}.
 *
 * <p>Device activities run on {@link TaskQueues#NETDEVICE}: {@link #deviceAttemptTimeout()}
 * (default 60 s) per attempt, a heartbeat at least every {@link #deviceHeartbeatTimeout()} (default
 * 20 s), at most {@link #DEVICE_MAX_ATTEMPTS} attempts with backoff 1 s ×2 up to 30 s (the activity
 * may ask for a jittered delay instead), all inside the per-device deadline {@link
 * #deviceDeadline()} (schedule-to-close, default 3 minutes), so a hung device cannot hold a worker
 * slot for long. Failures retrying cannot fix (authentication, host key, unknown device, bad device
 * record) are not retried.
 */
public final class DeviceBackupOptions {

  public static final Duration DEFAULT_DEVICE_DEADLINE = Duration.ofMinutes(3);
  public static final Duration DEFAULT_DEVICE_ATTEMPT_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_DEVICE_HEARTBEAT_TIMEOUT = Duration.ofSeconds(20);
  public static final int DEVICE_MAX_ATTEMPTS = 6;

  public static final Duration CATALOG_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration CATALOG_DEADLINE = Duration.ofMinutes(5);

  private static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
  private static final double BACKOFF_COEFFICIENT = 2.0;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final Duration deviceDeadline;
  private final Duration deviceAttemptTimeout;
  private final Duration deviceHeartbeatTimeout;

  /**
   * @param deviceDeadline overall time for one device, all attempts and backoff included
   * @param deviceAttemptTimeout time for one attempt
   * @param deviceHeartbeatTimeout longest silence of a running attempt before it counts as hung
   * @throws IllegalArgumentException if a duration is not positive or an attempt may outlast the
   *     deadline
   */
  public DeviceBackupOptions(
      Duration deviceDeadline, Duration deviceAttemptTimeout, Duration deviceHeartbeatTimeout) {
    this.deviceDeadline = positive("deviceDeadline", deviceDeadline);
    this.deviceAttemptTimeout = positive("deviceAttemptTimeout", deviceAttemptTimeout);
    this.deviceHeartbeatTimeout = positive("deviceHeartbeatTimeout", deviceHeartbeatTimeout);
    if (deviceAttemptTimeout.compareTo(deviceDeadline) > 0) {
      throw new IllegalArgumentException(
          "deviceAttemptTimeout ("
              + deviceAttemptTimeout
              + ") must not exceed deviceDeadline ("
              + deviceDeadline
              + ").");
    }
  }

  public static DeviceBackupOptions defaults() {
    return new DeviceBackupOptions(
        DEFAULT_DEVICE_DEADLINE, DEFAULT_DEVICE_ATTEMPT_TIMEOUT, DEFAULT_DEVICE_HEARTBEAT_TIMEOUT);
  }

  public Duration deviceDeadline() {
    return deviceDeadline;
  }

  public Duration deviceAttemptTimeout() {
    return deviceAttemptTimeout;
  }

  public Duration deviceHeartbeatTimeout() {
    return deviceHeartbeatTimeout;
  }

  /**
   * Options for {@link io.safehold.workflows.run.RunActivities} and {@link
   * DeviceCatalogActivities}.
   */
  public ActivityOptions catalog() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.WORKFLOWS)
        .setStartToCloseTimeout(CATALOG_ATTEMPT_TIMEOUT)
        .setScheduleToCloseTimeout(CATALOG_DEADLINE)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(INITIAL_BACKOFF)
                .setBackoffCoefficient(BACKOFF_COEFFICIENT)
                .setMaximumInterval(MAX_BACKOFF)
                .build())
        .build();
  }

  /** Options for {@link NetDeviceActivities}. */
  public ActivityOptions netDevice() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.NETDEVICE)
        .setStartToCloseTimeout(deviceAttemptTimeout)
        .setHeartbeatTimeout(deviceHeartbeatTimeout)
        .setScheduleToCloseTimeout(deviceDeadline)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(INITIAL_BACKOFF)
                .setBackoffCoefficient(BACKOFF_COEFFICIENT)
                .setMaximumInterval(MAX_BACKOFF)
                .setMaximumAttempts(DEVICE_MAX_ATTEMPTS)
                .setDoNotRetry(
                    NetDeviceActivities.AUTHENTICATION_FAILED,
                    NetDeviceActivities.HOST_KEY_MISMATCH,
                    NetDeviceActivities.DEVICE_NOT_FOUND,
                    NetDeviceActivities.BAD_DEVICE_CONFIG)
                .build())
        .build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceBackupOptions other
        && deviceDeadline.equals(other.deviceDeadline)
        && deviceAttemptTimeout.equals(other.deviceAttemptTimeout)
        && deviceHeartbeatTimeout.equals(other.deviceHeartbeatTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(deviceDeadline, deviceAttemptTimeout, deviceHeartbeatTimeout);
  }

  @Override
  public String toString() {
    return "DeviceBackupOptions{deviceDeadline="
        + deviceDeadline
        + ", deviceAttemptTimeout="
        + deviceAttemptTimeout
        + ", deviceHeartbeatTimeout="
        + deviceHeartbeatTimeout
        + "}";
  }

  private static Duration positive(String name, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + value + ".");
    }
    return value;
  }
}
