package io.safehold.workflows.netdevice;

import io.safehold.workflows.run.RecordingRunActivities;
import io.safehold.workflows.run.RunEventType;
import io.safehold.workflows.run.RunOutcome;
import io.safehold.workflows.run.RunStatus;
import io.safehold.workflows.run.StoredObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the catalog: one device, versions numbered from 1, run bookkeeping written to a
 * {@link RecordingRunActivities} so a test sees one log whichever activity wrote it.
 */
final class InMemoryDeviceCatalog implements DeviceCatalogActivities {

  final List<ConfigVersionRef> versions = new CopyOnWriteArrayList<>();
  final List<CapturedConfig> recorded = new CopyOnWriteArrayList<>();
  private final RecordingRunActivities runs;

  InMemoryDeviceCatalog(RecordingRunActivities runs, ConfigVersionRef... existing) {
    this.runs = runs;
    versions.addAll(List.of(existing));
  }

  @Override
  public ConfigVersionRef beginBackup(String runId, String temporalRunId, String deviceId) {
    runs.markRunning(runId, temporalRunId);
    runs.setPhase(runId, "connect");
    return versions.isEmpty() ? null : versions.get(versions.size() - 1);
  }

  @Override
  public DeviceBackupResult completeBackup(
      String runId, String deviceId, CapturedConfig captured, ConfigVersionRef previous) {
    ConfigVersionRef version = previous;
    if (!captured.unchanged()) {
      recorded.add(captured);
      version =
          new ConfigVersionRef(
              versions.size() + 1, captured.stored().key(), captured.size(), captured.sha256());
      versions.add(version);
    }
    StoredObject artifact = new StoredObject(version.objectKey(), version.size(), version.sha256());
    runs.recordEvent(
        runId,
        captured.unchanged() ? RunEventType.INFO : RunEventType.SUCCESS,
        captured.unchanged()
            ? "Config unchanged since version " + version.version() + "."
            : "Stored version " + version.version() + " (" + version.size() + " bytes).");
    runs.finish(
        new RunOutcome(
            runId,
            RunStatus.COMPLETED,
            null,
            captured.unchanged() ? 0 : version.size(),
            List.of(artifact),
            Map.of("configVersion", version.version(), "unchanged", captured.unchanged())));
    return new DeviceBackupResult(
        runId,
        RunStatus.COMPLETED,
        version.version(),
        captured.unchanged(),
        version.objectKey(),
        version.sha256(),
        null);
  }
}
