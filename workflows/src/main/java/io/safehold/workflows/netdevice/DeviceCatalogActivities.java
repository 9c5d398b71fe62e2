package io.safehold.workflows.netdevice;

import io.temporal.activity.ActivityInterface;

/**
 * The catalog side of a device backup, in two round trips: one before the capture and one after.
 * Each is one transaction and idempotent, so Temporal may retry it freely. Two calls instead of one
 * per run update matter: with hundreds of devices at once, every activity is a task the Temporal
 * server must dispatch (see docs/decisions.md).
 */
@ActivityInterface
public interface DeviceCatalogActivities {

  /**
   * Marks the run RUNNING in phase {@code connect}, recording the Temporal run id, and returns the
   * device's newest config version, or null if it has none. A run already finished is left alone.
   */
  ConfigVersionRef beginBackup(String runId, String temporalRunId, String deviceId);

  /**
   * Records what the capture produced and finishes the run COMPLETED: a new config version with a
   * {@code success} event when a config was stored, else an {@code info} event pointing at {@code
   * previous}, the unchanged version. Calling it again for a finished run writes nothing and returns
   * the same result.
   *
   * @param previous what {@link #beginBackup} returned; required when nothing was stored
   */
  DeviceBackupResult completeBackup(
      String runId, String deviceId, CapturedConfig captured, ConfigVersionRef previous);
}
