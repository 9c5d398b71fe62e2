package io.safehold.activities.vsphere;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.safehold.activities.SafeholdVersion;
import io.safehold.activities.catalog.CatalogIds;
import io.safehold.activities.catalog.RunActivitiesImpl;
import io.safehold.activities.storage.BackupLayout;
import io.safehold.activities.storage.ObjectStore;
import io.safehold.catalog.AlertDao;
import io.safehold.catalog.ArtifactRow;
import io.safehold.catalog.BackupChunkDao;
import io.safehold.catalog.BackupChunkRow;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunRow;
import io.safehold.catalog.VcenterDao;
import io.safehold.catalog.VcenterRow;
import io.safehold.catalog.VmBackupDao;
import io.safehold.catalog.VmBackupDiskRow;
import io.safehold.catalog.VmBackupRow;
import io.safehold.catalog.VmDao;
import io.safehold.catalog.VmRow;
import io.safehold.workflows.run.StoredObject;
import io.safehold.workflows.vsphere.BackupMode;
import io.safehold.workflows.vsphere.DiskBackupResult;
import io.safehold.workflows.vsphere.ManifestRequest;
import io.safehold.workflows.vsphere.VSphereActivities;
import io.safehold.workflows.vsphere.VmBackupPlan;
import io.safehold.workflows.vsphere.VmCatalogActivities;
import io.safehold.workflows.vsphere.VmDisk;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * The catalog and store side of a VM backup: deciding full or incremental, writing the manifest
 * last, and raising the alert when a snapshot is left behind.
 *
 * <p>The manifest ({@value #FORMAT}, see docs/vsphere-storage.md) lists every disk's complete
 * chunk list, so a restore or a verify never walks a chain of backups. It is built in memory: about
 * 80 bytes per chunk, 10 MB per TiB of disk at the default 8 MiB chunks.
 */
public final class VmCatalogActivitiesImpl implements VmCatalogActivities {

  /** Manifest format name and version, checked by whoever reads one. */
  public static final String FORMAT = "safehold-vm-backup/1";

  /** Alert kind for a snapshot a backup could not remove. */
  public static final String SNAPSHOT_ALERT = "snapshot-left-behind";

  /** Alert kind for a backup whose copy to a secondary target failed. */
  public static final String REPLICATION_ALERT = "replication-failed";

  private final Jdbi jdbi;
  private final ObjectStore store;
  private final int chunkSize;
  private final Clock clock;
  private final JsonFactory json = new JsonFactory();

  /**
   * @param chunkSize chunk size of new full backups; an incremental keeps its base's
   */
  public VmCatalogActivitiesImpl(Jdbi jdbi, ObjectStore store, int chunkSize, Clock clock) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.store = Objects.requireNonNull(store, "store");
    this.chunkSize = chunkSize;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public VmBackupPlan beginBackup(
      String runId, String temporalRunId, String vmId, BackupMode requested) {
    UUID run = CatalogIds.parse(runId, "run", RunActivitiesImpl.RUN_NOT_FOUND);
    UUID vm = CatalogIds.parse(vmId, "VM", VSphereActivities.VM_NOT_FOUND);
    return jdbi.inTransaction(
        h -> {
          RunDao runs = h.attach(RunDao.class);
          if (runs.find(run).isEmpty()) {
            throw CatalogIds.runNotFound(run);
          }
          VmRow row =
              h.attach(VmDao.class)
                  .find(vm)
                  .orElseThrow(
                      () ->
                          ApplicationFailure.newNonRetryableFailure(
                              "VM " + vm + " does not exist in the catalog",
                              VSphereActivities.VM_NOT_FOUND));
          runs.markRunning(run, temporalRunId);
          runs.setPhase(run, "snapshot");
          VmBackupDao backups = h.attach(VmBackupDao.class);
          VmBackupPlan plan = plan(row, requested, backups);
          boolean first =
              backups.insert(
              new VmBackupRow(
                  run,
                  vm,
                  plan.mode().name(),
                  requested.name(),
                  plan.baseRunId() == null ? null : UUID.fromString(plan.baseRunId()),
                  plan.fallbackReason(),
                  plan.chunkSize(),
                  "safehold-" + runId,
                  null,
                  0,
                  0));
          // A retried call returns what the first one decided, even if a backup finished since.
          return first ? plan : recordedPlan(row, backups.find(run).orElseThrow(), backups);
        });
  }

  private static VmBackupPlan recordedPlan(VmRow vm, VmBackupRow recorded, VmBackupDao backups) {
    Map<Integer, String> changeIds = new LinkedHashMap<>();
    if (recorded.baseRunId() != null) {
      for (VmBackupDiskRow disk : backups.disks(recorded.baseRunId())) {
        if (disk.changeId() != null) {
          changeIds.put(disk.diskKey(), disk.changeId());
        }
      }
    }
    return new VmBackupPlan(
        vm.vcenterName(),
        vm.name(),
        BackupMode.valueOf(recorded.mode()),
        recorded.baseRunId() == null ? null : recorded.baseRunId().toString(),
        changeIds,
        recorded.fallbackReason(),
        recorded.chunkSize());
  }

  private VmBackupPlan plan(VmRow vm, BackupMode requested, VmBackupDao backups) {
    if (requested == BackupMode.FULL) {
      return new VmBackupPlan(
          vm.vcenterName(), vm.name(), BackupMode.FULL, null, Map.of(), null, chunkSize);
    }
    var last = backups.lastCompleted(vm.id());
    String reason = null;
    if (last.isEmpty()) {
      reason = "No earlier backup of " + vm.name() + " to build on; taking a full backup.";
    } else if (!vm.cbtEnabled()) {
      reason =
          "Changed block tracking is off on "
              + vm.name()
              + "; taking a full backup (turn it on for incrementals).";
    }
    if (reason != null) {
      return new VmBackupPlan(
          vm.vcenterName(), vm.name(), BackupMode.FULL, null, Map.of(), reason, chunkSize);
    }
    Map<Integer, String> changeIds = new LinkedHashMap<>();
    for (VmBackupDiskRow disk : last.get().disks()) {
      if (disk.changeId() != null) {
        changeIds.put(disk.diskKey(), disk.changeId());
      }
    }
    if (changeIds.isEmpty()) {
      return new VmBackupPlan(
          vm.vcenterName(),
          vm.name(),
          BackupMode.FULL,
          null,
          Map.of(),
          "The last backup of " + vm.name() + " recorded no change ids; taking a full backup.",
          chunkSize);
    }
    VmBackupRow base = last.get().backup();
    return new VmBackupPlan(
        vm.vcenterName(),
        vm.name(),
        BackupMode.INCREMENTAL,
        base.runId().toString(),
        changeIds,
        null,
        base.chunkSize());
  }

  @Override
  public StoredObject writeManifest(ManifestRequest request) {
    UUID run = UUID.fromString(request.runId());
    UUID vmId = UUID.fromString(request.vmId());
    VmRow vm =
        jdbi.onDemand(VmDao.class)
            .find(vmId)
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "VM " + vmId + " does not exist in the catalog",
                        VSphereActivities.VM_NOT_FOUND));
    VcenterRow vcenter = jdbi.onDemand(VcenterDao.class).find(vm.vcenterId()).orElseThrow();
    Instant finishedAt = clock.instant();

    Map<Integer, DiskBackupResult> results = new LinkedHashMap<>();
    request.disks().forEach(d -> results.put(d.diskKey(), d));
    List<VmBackupDiskRow> diskRows = new ArrayList<>();
    long bytesRead = 0;
    long bytesStored = 0;
    for (VmDisk disk : request.snapshot().disks()) {
      DiskBackupResult result = results.get(disk.key());
      if (result == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "disk " + disk.key() + " of run " + run + " has no read result; no manifest without it",
            "ManifestIncomplete");
      }
      diskRows.add(
          new VmBackupDiskRow(
              run,
              disk.key(),
              disk.capacityBytes(),
              disk.changeId(),
              disk.fileName(),
              result.bytesRead(),
              result.bytesStored()));
      bytesRead += result.bytesRead();
      bytesStored += result.bytesStored();
    }

    byte[] manifest = manifest(request, vm, vcenter, results, finishedAt);
    String key = BackupLayout.vmManifest(request.vmId(), request.runId());
    StoredObject stored = store.put(key, manifest, "application/json");

    List<ArtifactRow> artifacts = new ArrayList<>();
    for (StoredObject file : request.configFiles()) {
      artifacts.add(new ArtifactRow(run, file.key(), file.size(), file.sha256()));
    }
    artifacts.add(new ArtifactRow(run, stored.key(), stored.size(), stored.sha256()));
    long read = bytesRead;
    long written = bytesStored;
    jdbi.useTransaction(
        h -> {
          VmBackupDao backups = h.attach(VmBackupDao.class);
          backups.setDisks(diskRows);
          backups.finish(run, stored.key(), read, written);
          h.attach(RunDao.class).insertArtifacts(artifacts);
        });
    return stored;
  }

  private byte[] manifest(
      ManifestRequest request,
      VmRow vm,
      VcenterRow vcenter,
      Map<Integer, DiskBackupResult> results,
      Instant finishedAt) {
    VmBackupPlan plan = request.plan();
    UUID run = UUID.fromString(request.runId());
    BackupChunkDao chunks = jdbi.onDemand(BackupChunkDao.class);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("format", FORMAT);
      g.writeStringField("safeholdVersion", SafeholdVersion.get());
      g.writeStringField("runId", request.runId());
      g.writeStringField("startedAt", request.startedAt().toString());
      g.writeStringField("finishedAt", finishedAt.toString());
      g.writeObjectFieldStart("vcenter");
      g.writeStringField("id", vcenter.id().toString());
      g.writeStringField("name", vcenter.name());
      g.writeStringField("url", vcenter.url());
      g.writeEndObject();
      g.writeObjectFieldStart("vm");
      g.writeStringField("id", vm.id().toString());
      g.writeStringField("name", vm.name());
      g.writeStringField("moref", vm.moref());
      g.writeStringField("instanceUuid", vm.instanceUuid());
      g.writeStringField("datacenter", vm.datacenter());
      g.writeEndObject();
      g.writeStringField("snapshot", request.snapshot().snapshotName());
      boolean allIncremental =
          plan.mode() == BackupMode.INCREMENTAL
              && results.values().stream().allMatch(DiskBackupResult::incremental);
      g.writeStringField("mode", allIncremental ? "INCREMENTAL" : "FULL");
      g.writeStringField("requestedMode", plan.mode().name());
      writeNullable(g, "fallbackReason", plan.fallbackReason());
      g.writeNumberField("chunkSize", plan.chunkSize());
      g.writeStringField("chunkKey", BackupLayout.CHUNK_KEY_PATTERN);
      g.writeArrayFieldStart("disks");
      for (VmDisk disk : request.snapshot().disks()) {
        DiskBackupResult result = results.get(disk.key());
        g.writeStartObject();
        g.writeNumberField("key", disk.key());
        g.writeStringField("label", disk.label());
        g.writeStringField("fileName", disk.fileName());
        g.writeNumberField("capacityBytes", disk.capacityBytes());
        writeNullable(g, "changeId", disk.changeId());
        writeNullable(g, "parentRunId", result.incremental() ? plan.baseRunId() : null);
        writeNullable(g, "fallbackReason", result.fallbackReason());
        g.writeNumberField("bytesRead", result.bytesRead());
        g.writeNumberField("bytesStored", result.bytesStored());
        // [sha256 or null for an all-zero chunk, length], in disk order from offset 0.
        g.writeArrayFieldStart("chunks");
        List<BackupChunkRow> list = chunks.chunks(run, disk.key());
        if (list.size() != result.chunks()) {
          throw ApplicationFailure.newNonRetryableFailure(
              "disk "
                  + disk.key()
                  + " of run "
                  + run
                  + " has "
                  + list.size()
                  + " chunks recorded but its read reported "
                  + result.chunks(),
              "ManifestIncomplete");
        }
        for (BackupChunkRow chunk : list) {
          g.writeStartArray();
          if (chunk.sha256() == null) {
            g.writeNull();
          } else {
            g.writeString(chunk.sha256());
          }
          g.writeNumber(chunk.length());
          g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("files");
      for (StoredObject file : request.configFiles()) {
        g.writeStartObject();
        g.writeStringField("key", file.key());
        g.writeNumberField("size", file.size());
        g.writeStringField("sha256", file.sha256());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("the manifest of run " + run + " could not be written", e);
    }
    return out.toByteArray();
  }

  @Override
  public void raiseSnapshotAlert(String runId, String vmId, String snapshotName, String reason) {
    raise(
        SNAPSHOT_ALERT,
        runId,
        vmId,
        snapshotName,
        vmName -> "Snapshot " + snapshotName + " is left behind on VM " + vmName + ": " + reason);
  }

  @Override
  public void raiseReplicationAlert(String runId, String vmId, String target, String reason) {
    raise(
        REPLICATION_ALERT,
        runId,
        vmId,
        target,
        vmName ->
            "The backup of VM "
                + vmName
                + " was not copied to "
                + target
                + " (the primary copy is complete): "
                + reason);
  }

  /** Raises (or refreshes) the VM's alert of this kind; the message names the VM as known now. */
  private void raise(
      String kind, String runId, String vmId, String subject, Function<String, String> message) {
    UUID vm = UUID.fromString(vmId);
    String vmName = jdbi.onDemand(VmDao.class).find(vm).map(VmRow::name).orElse(vmId);
    jdbi.onDemand(AlertDao.class)
        .raise(kind, vm, subject, existingRun(runId), message.apply(vmName));
  }

  private UUID existingRun(String runId) {
    try {
      UUID id = UUID.fromString(runId);
      return jdbi.onDemand(RunDao.class).find(id).map(RunRow::id).orElse(null);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void writeNullable(JsonGenerator g, String field, String value)
      throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value);
    }
  }
}
