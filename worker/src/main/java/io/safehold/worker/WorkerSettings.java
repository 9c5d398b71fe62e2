package io.safehold.worker;

import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.netdevice.DeviceBackupOptions;
import io.safehold.workflows.vsphere.VmBackupOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Worker configuration: limits per task queue, keyed by queue name, and the device backup timeouts.
 * A plain bean so Dropwizard can read it from YAML, e.g.
 *
 * <pre>
 * worker:
 *   shutdownTimeoutSeconds: 30
 *   deviceDeadlineSeconds: 180
 *   queues:
 *     safehold-netdevice:
 *       maxConcurrentActivityExecutionSize: 20
 *       maxTaskQueueActivitiesPerSecond: 10
 *     safehold-workflows:
 *       enabled: false
 * </pre>
 *
 * A queue not listed gets the {@link QueueSettings} defaults (enabled, 50 at once, no rate limit).
 */
public class WorkerSettings {

  private Map<String, QueueSettings> queues = new LinkedHashMap<>();
  private int shutdownTimeoutSeconds = 30;
  private int deviceDeadlineSeconds = (int) DeviceBackupOptions.DEFAULT_DEVICE_DEADLINE.toSeconds();
  private int vmDiskHeartbeatSeconds =
      (int) VmBackupOptions.DEFAULT_DISK_HEARTBEAT_TIMEOUT.toSeconds();
  private int vmCleanupDeadlineSeconds = (int) VmBackupOptions.DEFAULT_CLEANUP_DEADLINE.toSeconds();
  private int vmChunkSizeMib = 8;

  public Map<String, QueueSettings> getQueues() {
    return queues;
  }

  /**
   * @throws IllegalArgumentException if a key is not one of {@link TaskQueues#ALL}
   */
  public void setQueues(Map<String, QueueSettings> queues) {
    Map<String, QueueSettings> copy = new LinkedHashMap<>();
    queues.forEach(
        (name, settings) -> {
          if (!TaskQueues.ALL.contains(name)) {
            throw new IllegalArgumentException(
                "Unknown task queue '"
                    + name
                    + "' in worker queues; known: "
                    + TaskQueues.ALL
                    + ".");
          }
          copy.put(name, settings == null ? new QueueSettings() : settings);
        });
    this.queues = copy;
  }

  /** The settings of one queue: as configured, or the defaults. */
  public QueueSettings queue(String taskQueue) {
    return queues.getOrDefault(taskQueue, new QueueSettings());
  }

  /** How long {@link SafeholdWorkers#shutdown()} lets running activities finish; default 30 s. */
  public int getShutdownTimeoutSeconds() {
    return shutdownTimeoutSeconds;
  }

  public void setShutdownTimeoutSeconds(int shutdownTimeoutSeconds) {
    if (shutdownTimeoutSeconds < 0) {
      throw new IllegalArgumentException(
          "shutdownTimeoutSeconds must be 0 or more, got " + shutdownTimeoutSeconds + ".");
    }
    this.shutdownTimeoutSeconds = shutdownTimeoutSeconds;
  }

  /** Overall time one device backup may spend on the device, retries included; default 180. */
  public int getDeviceDeadlineSeconds() {
    return deviceDeadlineSeconds;
  }

  public void setDeviceDeadlineSeconds(int deviceDeadlineSeconds) {
    if (deviceDeadlineSeconds < 1) {
      throw new IllegalArgumentException(
          "deviceDeadlineSeconds must be at least 1, got " + deviceDeadlineSeconds + ".");
    }
    this.deviceDeadlineSeconds = deviceDeadlineSeconds;
  }

  /** Device backup timeouts: the configured deadline, each attempt capped at the default 60 s. */
  public DeviceBackupOptions deviceBackupOptions() {
    Duration deadline = Duration.ofSeconds(deviceDeadlineSeconds);
    Duration attempt =
        deadline.compareTo(DeviceBackupOptions.DEFAULT_DEVICE_ATTEMPT_TIMEOUT) < 0
            ? deadline
            : DeviceBackupOptions.DEFAULT_DEVICE_ATTEMPT_TIMEOUT;
    return new DeviceBackupOptions(
        deadline, attempt, DeviceBackupOptions.DEFAULT_DEVICE_HEARTBEAT_TIMEOUT);
  }

  /**
   * Longest silence of a VM disk read before Temporal counts its worker as gone and retries the
   * read elsewhere (resuming after the last recorded chunk); default 120.
   */
  public int getVmDiskHeartbeatSeconds() {
    return vmDiskHeartbeatSeconds;
  }

  public void setVmDiskHeartbeatSeconds(int seconds) {
    this.vmDiskHeartbeatSeconds = atLeastOne("vmDiskHeartbeatSeconds", seconds);
  }

  /** How long cleanup keeps trying to remove a backup's snapshot before the alert; default 7200. */
  public int getVmCleanupDeadlineSeconds() {
    return vmCleanupDeadlineSeconds;
  }

  public void setVmCleanupDeadlineSeconds(int seconds) {
    this.vmCleanupDeadlineSeconds = atLeastOne("vmCleanupDeadlineSeconds", seconds);
  }

  /**
   * Chunk size of new full VM backups in MiB (an incremental keeps its base's); default 8. Part of
   * the backup format: changing it only affects backups started afterwards.
   */
  public int getVmChunkSizeMib() {
    return vmChunkSizeMib;
  }

  public void setVmChunkSizeMib(int mib) {
    if (mib < 1 || mib > 256) {
      throw new IllegalArgumentException("vmChunkSizeMib must be 1 to 256, got " + mib + ".");
    }
    this.vmChunkSizeMib = mib;
  }

  /** VM backup timeouts from this configuration. */
  public VmBackupOptions vmBackupOptions() {
    return new VmBackupOptions(
        Duration.ofSeconds(vmDiskHeartbeatSeconds), Duration.ofSeconds(vmCleanupDeadlineSeconds));
  }

  private static int atLeastOne(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value + ".");
    }
    return value;
  }
}
