package io.safehold.workflows.vsphere;

import io.safehold.workflows.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * The one place that sets timeouts and retries for the activities of {@link VmBackupWorkflow}.
 * Immutable; {@link #defaults()} is what production uses.
 *
 * <ul>
 *   <li>Catalog ({@link TaskQueues#WORKFLOWS}): 1 min per attempt, retried with backoff for 10 min.
 *   <li>Snapshot create and config files ({@link TaskQueues#VSPHERE}): 15 min per attempt, 3
 *       attempts.
 *   <li>Disk reads: a heartbeat at least every {@link #diskHeartbeatTimeout()} (default 2 min), 12
 *       h per attempt, retried with backoff 5 s ×2 up to 2 min for at most 24 h; each retry resumes
 *       after the chunks already recorded.
 *   <li>Replication ({@link TaskQueues#STORAGE}): 6 h per attempt, heartbeats, 5 attempts within 12
 *       h; a failure leaves the primary copy and ends the run with a warning.
 *   <li>Cleanup (snapshot removal): 15 min per attempt, retried with backoff 10 s ×2 up to 5 min
 *       for {@link #cleanupDeadline()} (default 2 h); past it, the alert is raised.
 * </ul>
 *
 * Failures retrying cannot fix (wrong credentials, wrong certificate, unknown VM) are not retried.
 */
public final class VmBackupOptions {

  public static final Duration DEFAULT_DISK_HEARTBEAT_TIMEOUT = Duration.ofMinutes(2);
  public static final Duration DEFAULT_CLEANUP_DEADLINE = Duration.ofHours(2);
  public static final Duration DEFAULT_DISK_DEADLINE = Duration.ofHours(24);

  private static final String[] DO_NOT_RETRY = {
    VSphereActivities.INVALID_LOGIN,
    VSphereActivities.CERTIFICATE_MISMATCH,
    VSphereActivities.CERTIFICATE_UNTRUSTED,
    VSphereActivities.VM_NOT_FOUND,
    VSphereActivities.CREDENTIAL_UNUSABLE
  };

  private final Duration diskHeartbeatTimeout;
  private final Duration cleanupDeadline;
  private final Duration diskDeadline;

  public VmBackupOptions(Duration diskHeartbeatTimeout, Duration cleanupDeadline) {
    this(diskHeartbeatTimeout, cleanupDeadline, DEFAULT_DISK_DEADLINE);
  }

  /**
   * @param diskDeadline how long one disk's read may take, every retry included
   */
  public VmBackupOptions(
      Duration diskHeartbeatTimeout, Duration cleanupDeadline, Duration diskDeadline) {
    if (diskDeadline.isNegative() || diskDeadline.isZero()) {
      throw new IllegalArgumentException("diskDeadline must be positive");
    }
    this.diskDeadline = diskDeadline;
    if (diskHeartbeatTimeout.isNegative() || diskHeartbeatTimeout.isZero()) {
      throw new IllegalArgumentException("diskHeartbeatTimeout must be positive");
    }
    if (cleanupDeadline.isNegative() || cleanupDeadline.isZero()) {
      throw new IllegalArgumentException("cleanupDeadline must be positive");
    }
    this.diskHeartbeatTimeout = diskHeartbeatTimeout;
    this.cleanupDeadline = cleanupDeadline;
  }

  public static VmBackupOptions defaults() {
    return new VmBackupOptions(DEFAULT_DISK_HEARTBEAT_TIMEOUT, DEFAULT_CLEANUP_DEADLINE);
  }

  public Duration diskHeartbeatTimeout() {
    return diskHeartbeatTimeout;
  }

  public Duration cleanupDeadline() {
    return cleanupDeadline;
  }

  ActivityOptions catalog() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.WORKFLOWS)
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setScheduleToCloseTimeout(Duration.ofMinutes(10))
        .setRetryOptions(backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0))
        .build();
  }

  ActivityOptions vsphereCall() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.VSPHERE)
        .setStartToCloseTimeout(Duration.ofMinutes(15))
        .setRetryOptions(backoff(Duration.ofSeconds(5), Duration.ofMinutes(1), 3))
        .build();
  }

  ActivityOptions disk() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.VSPHERE)
        .setStartToCloseTimeout(Duration.ofHours(12))
        .setScheduleToCloseTimeout(diskDeadline)
        .setHeartbeatTimeout(diskHeartbeatTimeout)
        .setRetryOptions(backoff(Duration.ofSeconds(5), Duration.ofMinutes(2), 0))
        .build();
  }

  ActivityOptions replication() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.STORAGE)
        .setStartToCloseTimeout(Duration.ofHours(6))
        .setScheduleToCloseTimeout(Duration.ofHours(12))
        .setHeartbeatTimeout(Duration.ofMinutes(2).plus(diskHeartbeatTimeout))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(5))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofMinutes(2))
                .setMaximumAttempts(5)
                .setDoNotRetry(ReplicationActivities.UNKNOWN_TARGET)
                .build())
        .build();
  }

  ActivityOptions cleanup() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.VSPHERE)
        .setStartToCloseTimeout(Duration.ofMinutes(15))
        .setScheduleToCloseTimeout(cleanupDeadline)
        .setRetryOptions(backoff(Duration.ofSeconds(10), Duration.ofMinutes(5), 0))
        .build();
  }

  private static RetryOptions backoff(Duration initial, Duration max, int attempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(initial)
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(max)
        .setMaximumAttempts(attempts)
        .setDoNotRetry(DO_NOT_RETRY)
        .build();
  }
}
