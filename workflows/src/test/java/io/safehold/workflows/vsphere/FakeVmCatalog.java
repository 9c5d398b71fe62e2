package io.safehold.workflows.vsphere;

import io.safehold.workflows.run.RecordingRunActivities;
import io.safehold.workflows.run.StoredObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the catalog side: a plan chosen by the test, manifests and alerts recorded. */
final class FakeVmCatalog implements VmCatalogActivities {

  final List<ManifestRequest> manifests = new CopyOnWriteArrayList<>();
  final List<String> alerts = new CopyOnWriteArrayList<>();
  private final RecordingRunActivities runs;
  volatile VmBackupPlan plan;

  FakeVmCatalog(RecordingRunActivities runs, VmBackupPlan plan) {
    this.runs = runs;
    this.plan = plan;
  }

  @Override
  public VmBackupPlan beginBackup(
      String runId, String temporalRunId, String vmId, BackupMode requested) {
    runs.markRunning(runId, temporalRunId);
    runs.setPhase(runId, "snapshot");
    return plan;
  }

  @Override
  public StoredObject writeManifest(ManifestRequest request) {
    manifests.add(request);
    return new StoredObject("vms/vm-1/" + request.runId() + "/manifest.json", 4096, "cd".repeat(32));
  }

  @Override
  public void raiseSnapshotAlert(String runId, String vmId, String snapshotName, String reason) {
    alerts.add(vmId + " " + snapshotName + ": " + reason);
  }

  @Override
  public void raiseReplicationAlert(String runId, String vmId, String target, String reason) {
    alerts.add(vmId + " replication to " + target + ": " + reason);
  }
}
