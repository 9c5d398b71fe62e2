package io.safehold.workflows.netdevice;

import io.temporal.activity.ActivityInterface;

/** Catalog reads and writes for device config versions; idempotent per run. */
@ActivityInterface
public interface DeviceCatalogActivities {

  /** The device's newest config version, or null if it has none. */
  ConfigVersionRef latestConfig(String deviceId);

  /**
   * Records a new config version for the run's captured config; recording twice returns the same
   * version.
   */
  ConfigVersionRef recordNewVersion(String runId, String deviceId, CapturedConfig captured);
}
