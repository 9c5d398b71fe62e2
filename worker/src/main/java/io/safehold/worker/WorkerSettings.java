package io.safehold.worker;

import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.netdevice.DeviceBackupOptions;
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
}
