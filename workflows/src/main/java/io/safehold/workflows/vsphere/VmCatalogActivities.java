package io.safehold.workflows.vsphere;

import io.safehold.workflows.run.StoredObject;
import io.temporal.activity.ActivityInterface;

/** The catalog and store side of a VM backup. Idempotent, so Temporal may retry freely. */
@ActivityInterface(namePrefix = "Vm")
public interface VmCatalogActivities {

  /**
   * Marks the run RUNNING in phase {@code snapshot}, records the backup, and decides full or
   * incremental: an incremental needs a finished earlier backup with change ids and CBT on the VM.
   */
  VmBackupPlan beginBackup(
      String runId, String temporalRunId, String vmId, BackupMode requested);

  /**
   * Writes the manifest (every disk's chunk list, the config files, identities, times, version) to
   * the store, last, and records it and the run's artifacts in the catalog; returns the manifest
   * object.
   */
  StoredObject writeManifest(ManifestRequest request);

  /**
   * Raises the alert "snapshot left behind": cleanup could not remove the backup's snapshot within
   * its deadline, so the VM keeps growing a delta disk until someone removes it.
   */
  void raiseSnapshotAlert(String runId, String vmId, String snapshotName, String reason);

  /**
   * Raises the alert "replication failed" for the VM and target: the primary copy is complete but
   * the off-site one is not.
   */
  void raiseReplicationAlert(String runId, String vmId, String target, String reason);
}
