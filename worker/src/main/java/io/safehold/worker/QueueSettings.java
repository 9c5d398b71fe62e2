package io.safehold.worker;

/**
 * Limits for the worker of one task queue, so one downstream system is never hammered. A plain bean
 * so Dropwizard can read it from YAML.
 */
public class QueueSettings {

  public static final int DEFAULT_MAX_CONCURRENT_ACTIVITIES = 50;

  private boolean enabled = true;
  private int maxConcurrentActivityExecutionSize = DEFAULT_MAX_CONCURRENT_ACTIVITIES;
  private double maxTaskQueueActivitiesPerSecond;

  /** False keeps this process from polling the queue at all (another process serves it). */
  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Activities this process runs at once from the queue; default 50. */
  public int getMaxConcurrentActivityExecutionSize() {
    return maxConcurrentActivityExecutionSize;
  }

  public void setMaxConcurrentActivityExecutionSize(int maxConcurrentActivityExecutionSize) {
    if (maxConcurrentActivityExecutionSize < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentActivityExecutionSize must be at least 1, got "
              + maxConcurrentActivityExecutionSize
              + ".");
    }
    this.maxConcurrentActivityExecutionSize = maxConcurrentActivityExecutionSize;
  }

  /**
   * Activities started per second from the queue across ALL workers of the cluster (enforced by the
   * Temporal server); 0, the default, means no limit.
   */
  public double getMaxTaskQueueActivitiesPerSecond() {
    return maxTaskQueueActivitiesPerSecond;
  }

  public void setMaxTaskQueueActivitiesPerSecond(double maxTaskQueueActivitiesPerSecond) {
    if (maxTaskQueueActivitiesPerSecond < 0 || Double.isNaN(maxTaskQueueActivitiesPerSecond)) {
      throw new IllegalArgumentException(
          "maxTaskQueueActivitiesPerSecond must be 0 (no limit) or more, got "
              + maxTaskQueueActivitiesPerSecond
              + ".");
    }
    this.maxTaskQueueActivitiesPerSecond = maxTaskQueueActivitiesPerSecond;
  }

  @Override
  public String toString() {
    return "QueueSettings{enabled="
        + enabled
        + ", maxConcurrentActivityExecutionSize="
        + maxConcurrentActivityExecutionSize
        + ", maxTaskQueueActivitiesPerSecond="
        + maxTaskQueueActivitiesPerSecond
        + "}";
  }
}
