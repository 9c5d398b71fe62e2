package io.safehold.workflows.vsphere;

import io.safehold.workflows.run.StoredObject;
import java.time.Instant;
import java.util.List;

/** Everything the manifest holds that the catalog does not already have for the run. */
public record ManifestRequest(
    String runId,
    String vmId,
    VmBackupPlan plan,
    VmSnapshot snapshot,
    List<DiskBackupResult> disks,
    List<StoredObject> configFiles,
    Instant startedAt) {

  public ManifestRequest {
    disks = List.copyOf(disks);
    configFiles = List.copyOf(configFiles);
  }
}
