package io.safehold.activities.vsphere;

import io.safehold.activities.catalog.RunEventLog;
import io.safehold.activities.storage.BackupLayout;
import io.safehold.activities.storage.ObjectStore;
import io.safehold.activities.vsphere.VCenterConnector.VmTarget;
import io.safehold.activities.vsphere.transfer.ChunkRef;
import io.safehold.activities.vsphere.transfer.DiskExtent;
import io.safehold.activities.vsphere.transfer.DiskSource;
import io.safehold.activities.vsphere.transfer.DiskTransfer;
import io.safehold.activities.vsphere.transfer.DiskTransferException;
import io.safehold.activities.vsphere.transfer.DiskTransferOptions;
import io.safehold.activities.vsphere.transfer.DiskTransferRequest;
import io.safehold.activities.vsphere.transfer.DiskTransferResult;
import io.safehold.catalog.BackupChunkDao;
import io.safehold.catalog.DiscoveredVm;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.VcenterDao;
import io.safehold.catalog.VcenterRow;
import io.safehold.catalog.VmDao;
import io.safehold.catalog.VmDiskRow;
import io.safehold.catalog.secrets.CredentialVault;
import io.safehold.workflows.run.RunEventType;
import io.safehold.workflows.run.StoredObject;
import io.safehold.workflows.vsphere.DiscoveryResult;
import io.safehold.workflows.vsphere.DiskBackupRequest;
import io.safehold.workflows.vsphere.DiskBackupResult;
import io.safehold.workflows.vsphere.VSphereActivities;
import io.safehold.workflows.vsphere.VmDisk;
import io.safehold.workflows.vsphere.VmSnapshot;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The vCenter side of discovery and VM backups. Every call logs in with the vCenter's credential
 * (resolved here from the catalog), does its work, and logs out.
 *
 * <p>Disks are read from the snapshot's base flat file over {@code /folder} by {@link
 * DiskTransfer}: only the allocated areas for a full backup ({@code changeId="*"}), only the
 * changed areas since the base for an incremental, every chunk recorded in {@code backup_chunks}
 * as it lands, so a retry resumes after the last recorded chunk.
 */
public final class VSphereActivitiesImpl implements VSphereActivities {

  /** Failure type: reading or storing a disk failed in a way a retry can fix (or not). */
  public static final String DISK_TRANSFER_FAILED = "DiskTransferFailed";

  /** Config files are small; anything bigger than this is not a .vmx or .nvram we should hold. */
  static final int MAX_CONFIG_FILE_BYTES = 16 << 20;

  private static final Duration TASK_DEADLINE = Duration.ofMinutes(10);

  private final Jdbi jdbi;
  private final VCenterConnector connector;
  private final ObjectStore store;
  private final DiskTransferOptions transferOptions;
  private final RunEventLog events;

  public VSphereActivitiesImpl(
      Jdbi jdbi, CredentialVault vault, ObjectStore store, DiskTransferOptions transferOptions) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.connector = new VCenterConnector(jdbi, vault);
    this.store = Objects.requireNonNull(store, "store");
    this.transferOptions = Objects.requireNonNull(transferOptions, "transferOptions");
    this.events = new RunEventLog(jdbi);
  }

  @Override
  public DiscoveryResult discover(String runId, String vcenterId) {
    VcenterRow vcenter = connector.vcenter(vcenterId);
    VcenterDao vcenters = jdbi.onDemand(VcenterDao.class);
    try (VSphereSession session = connector.open(vcenter)) {
      events.append(runId, RunEventType.CONNECT, "connected to " + vcenter.url());
      List<VmInventory> found = session.listVms();
      int added = 0;
      int updated = 0;
      List<String> seen = new ArrayList<>();
      VmDao vms = jdbi.onDemand(VmDao.class);
      for (VmInventory vm : found) {
        VmDao.Upserted result = vms.upsert(discovered(vcenter.id(), vm));
        switch (result.change()) {
          case ADDED -> added++;
          case UPDATED -> updated++;
          default -> {}
        }
        seen.add(vm.instanceUuid());
      }
      int gone = vms.markRemovedExcept(vcenter.id(), seen);
      vcenters.recordDiscovery(vcenter.id(), null);
      return new DiscoveryResult(found.size(), added, updated, gone);
    } catch (VSphereException e) {
      vcenters.recordDiscovery(vcenter.id(), e.getMessage());
      throw failure(e);
    }
  }

  @Override
  public VmSnapshot createSnapshot(
      String runId, String vmId, String snapshotName, boolean quiesce) {
    VmTarget target = connector.vm(vmId);
    String moref = target.vm().moref();
    return withSession(
        target.vcenter(),
        session -> {
          VmInventory vm = session.findVm(moref);
          // A create that timed out may have made the snapshot after all: use it, never make two.
          SnapshotRef existing =
              session.snapshots(moref).stream()
                  .filter(s -> s.name().equals(snapshotName))
                  .findFirst()
                  .orElse(null);
          String snapshotRef;
          List<io.safehold.activities.vsphere.VmDisk> disks;
          if (existing != null) {
            snapshotRef = existing.moref();
            disks = session.snapshotDisks(snapshotRef);
          } else {
            SnapshotInfo created =
                session.createSnapshot(
                    moref, snapshotName, "Safehold backup run " + runId, quiesce, TASK_DEADLINE);
            snapshotRef = created.moref();
            disks = created.disks();
          }
          events.append(
              runId,
              RunEventType.INFO,
              "snapshot " + snapshotName + " (" + snapshotRef + ") of " + vm.name() + " taken");
          return new VmSnapshot(
              snapshotRef,
              snapshotName,
              vm.changeTrackingEnabled(),
              disks.stream()
                  .map(
                      d ->
                          new VmDisk(
                              d.key(), d.label(), d.capacityBytes(), d.file().toString(), d.changeId()))
                  .toList(),
              vm.configFiles().stream().map(DatastorePath::toString).toList());
        });
  }

  @Override
  public DiskBackupResult backupDisk(DiskBackupRequest request) {
    VmTarget target = connector.vm(request.vmId());
    VmDisk disk = request.disk();
    UUID run = UUID.fromString(request.runId());
    ActivityExecutionContext context = Activity.getExecutionContext();
    DiskHeartbeat earlier =
        context.getHeartbeatDetails(DiskHeartbeat.class).orElse(DiskHeartbeat.NONE);
    return withSession(
        target.vcenter(),
        session -> {
          String moref = target.vm().moref();
          DatastorePath descriptor = DatastorePath.parse(disk.fileName());
          DiskSource source =
              new DiskSource(
                  session.datastoreFileUrl(
                      target.vm().datacenter(), descriptor.datastore(), flatFile(descriptor).path()),
                  disk.capacityBytes(),
                  disk.fileName());

          String fallback = null;
          List<DiskExtent> extents;
          List<ChunkRef> base = List.of();
          boolean incremental = false;
          if (request.baseChangeId() != null) {
            try {
              extents =
                  extents(
                      session.queryChangedDiskAreas(
                          moref, request.snapshotRef(), disk.key(), 0, request.baseChangeId()));
              base = baseChunks(UUID.fromString(request.baseRunId()), disk.key());
              incremental = true;
            } catch (VSphereException e) {
              if (e.kind() != VSphereException.Kind.CHANGE_ID_INVALID) {
                throw e;
              }
              fallback =
                  "Changed block tracking cannot answer for "
                      + disk.fileName()
                      + " since the last backup (the change id was reset or is unknown); reading"
                      + " the disk in full.";
              extents = allocated(session, moref, request.snapshotRef(), disk);
            }
          } else {
            extents = allocated(session, moref, request.snapshotRef(), disk);
          }

          int chunkSize = request.chunkSize();
          CatalogChunkLog log = new CatalogChunkLog(jdbi, run, disk.key());
          // Chunks are recorded in index order, so the count is where this attempt resumes.
          int resumedAt = jdbi.onDemand(BackupChunkDao.class).count(run, disk.key());
          long toRead = bytesToRead(extents, chunkSize, disk.capacityBytes(), 0, Integer.MAX_VALUE);
          long recordedBefore =
              toRead
                  - bytesToRead(extents, chunkSize, disk.capacityBytes(), resumedAt, Integer.MAX_VALUE);
          // An earlier attempt that stopped was reading the first chunk it had not recorded
          // (DiskTransfer reads no further ahead), so that chunk is read again: an upper bound, as
          // the stopped attempt may have read only part of it.
          long reread =
              context.getInfo().getAttempt() == 1
                  ? 0
                  : bytesToRead(extents, chunkSize, disk.capacityBytes(), resumedAt, resumedAt);
          DiskTransfer transfer =
              new DiskTransfer(
                  session.httpClient(),
                  session::authorize,
                  store,
                  transferOptions.withChunkSize(chunkSize));
          RunDao runs = jdbi.onDemand(RunDao.class);
          long rereadSoFar = earlier.bytesReread() + reread;
          // Logging in and asking for the disk's areas can take a while on a busy vCenter (or a
          // cold worker): say this attempt is alive before the first chunk is recorded, so the
          // heartbeat timeout measures a stalled transfer, not the set-up.
          context.heartbeat(
              new DiskHeartbeat(
                  Math.min(disk.capacityBytes(), (long) resumedAt * chunkSize),
                  resumedAt,
                  recordedBefore,
                  rereadSoFar,
                  earlier.bytesStored()));
          DiskTransferResult result =
              transfer.run(
                  new DiskTransferRequest(source, extents, base),
                  log,
                  progress -> {
                    context.heartbeat(
                        new DiskHeartbeat(
                            progress.nextOffset(),
                            progress.chunksDone(),
                            recordedBefore + progress.bytesRead(),
                            rereadSoFar,
                            earlier.bytesStored() + progress.bytesStored()));
                    runs.setProgress(run, recordedBefore + progress.bytesRead(), toRead);
                  });
          events.append(
              request.runId(),
              RunEventType.INFO,
              disk.fileName()
                  + ": read "
                  + result.bytesRead()
                  + " bytes in "
                  + result.chunksRead()
                  + " chunks, stored "
                  + result.chunksStored()
                  + " new chunks ("
                  + result.bytesStored()
                  + " bytes), "
                  + result.chunksDeduplicated()
                  + " already stored, "
                  + result.zeroChunksRead()
                  + " all zero, "
                  + result.chunksInherited()
                  + " unchanged since the base, "
                  + result.chunksResumed()
                  + " done by an earlier attempt");
          return new DiskBackupResult(
              disk.key(),
              incremental,
              fallback,
              recordedBefore + result.bytesRead(),
              rereadSoFar,
              earlier.bytesStored() + result.bytesStored(),
              result.chunks().size());
        });
  }

  @Override
  public StoredObject backupFile(String runId, String vmId, String datastorePath) {
    VmTarget target = connector.vm(vmId);
    DatastorePath path = DatastorePath.parse(datastorePath);
    return withSession(
        target.vcenter(),
        session -> {
          URI url = session.datastoreFileUrl(target.vm().datacenter(), path.datastore(), path.path());
          HttpRequest.Builder get = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(1)).GET();
          session.authorize(get);
          HttpResponse<InputStream> response;
          try {
            response = session.httpClient().send(get.build(), HttpResponse.BodyHandlers.ofInputStream());
          } catch (IOException e) {
            throw ApplicationFailure.newFailure(
                "Reading " + datastorePath + " from " + target.vcenter().url() + " failed: " + e.getMessage(),
                DISK_TRANSFER_FAILED);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailure("Interrupted while reading " + datastorePath, DISK_TRANSFER_FAILED);
          }
          try (InputStream body = response.body()) {
            if (response.statusCode() == 404) {
              return null;
            }
            if (response.statusCode() != 200) {
              throw ApplicationFailure.newFailure(
                  "Reading " + datastorePath + " answered HTTP " + response.statusCode(), DISK_TRANSFER_FAILED);
            }
            byte[] content = body.readNBytes(MAX_CONFIG_FILE_BYTES + 1);
            if (content.length > MAX_CONFIG_FILE_BYTES) {
              throw ApplicationFailure.newNonRetryableFailure(
                  datastorePath + " is larger than " + (MAX_CONFIG_FILE_BYTES >> 20)
                      + " MiB; it is not a VM config file Safehold backs up",
                  DISK_TRANSFER_FAILED);
            }
            return store.put(
                BackupLayout.vmFile(vmId, runId, path.fileName()), content, "application/octet-stream");
          } catch (IOException e) {
            throw ApplicationFailure.newFailure(
                "Reading " + datastorePath + " was cut off: " + e.getMessage(), DISK_TRANSFER_FAILED);
          }
        });
  }

  @Override
  public boolean removeSnapshot(String vmId, String snapshotName) {
    VmTarget target = connector.vm(vmId);
    return withSession(
        target.vcenter(),
        session -> {
          List<SnapshotRef> named;
          try {
            named =
                session.snapshots(target.vm().moref()).stream()
                    .filter(s -> s.name().equals(snapshotName))
                    .toList();
          } catch (VSphereException e) {
            if (e.kind() == VSphereException.Kind.NOT_FOUND) {
              return false; // The VM is gone, and its snapshots with it.
            }
            throw e;
          }
          boolean removed = false;
          for (SnapshotRef snapshot : named) {
            removed |= session.removeSnapshot(snapshot.moref(), TASK_DEADLINE);
          }
          return removed;
        });
  }

  /** The flat extent file that holds a flat disk's bytes: {@code disk.vmdk} → {@code disk-flat.vmdk}. */
  static DatastorePath flatFile(DatastorePath descriptor) {
    String name = descriptor.fileName();
    String flat = name.endsWith(".vmdk") ? name.substring(0, name.length() - 5) + "-flat.vmdk" : name;
    return descriptor.sibling(flat);
  }

  /** The allocated areas when tracking can say, else the whole disk. */
  private static List<DiskExtent> allocated(
      VSphereSession session, String moref, String snapshotRef, VmDisk disk) {
    if (disk.changeId() == null) {
      return List.of(DiskExtent.whole(disk.capacityBytes()));
    }
    try {
      return extents(session.queryChangedDiskAreas(moref, snapshotRef, disk.key(), 0, "*"));
    } catch (VSphereException e) {
      if (e.kind() == VSphereException.Kind.CHANGE_ID_INVALID) {
        return List.of(DiskExtent.whole(disk.capacityBytes()));
      }
      throw e;
    }
  }

  private static List<DiskExtent> extents(DiskChanges changes) {
    return changes.extents().stream()
        .filter(e -> e.length() > 0)
        .map(e -> new DiskExtent(e.start(), e.length()))
        .toList();
  }

  private List<ChunkRef> baseChunks(UUID baseRunId, int diskKey) {
    return jdbi.onDemand(BackupChunkDao.class).chunks(baseRunId, diskKey).stream()
        .map(c -> new ChunkRef(c.idx(), c.sha256(), c.length()))
        .toList();
  }

  /**
   * Bytes of the chunks that overlap {@code extents}, counting only chunks with an index from
   * {@code from} to {@code to}, both included.
   */
  static long bytesToRead(
      List<DiskExtent> extents, int chunkSize, long capacity, int from, int to) {
    BitSet chunks = new BitSet();
    for (DiskExtent extent : extents) {
      int first = (int) (extent.offset() / chunkSize);
      int last = (int) ((extent.end() - 1) / chunkSize);
      chunks.set(first, last + 1);
    }
    long bytes = 0;
    for (int i = chunks.nextSetBit(from); i >= 0 && i <= to; i = chunks.nextSetBit(i + 1)) {
      bytes += Math.min(chunkSize, capacity - (long) i * chunkSize);
    }
    return bytes;
  }

  private <T> T withSession(VcenterRow vcenter, SessionWork<T> work) {
    try (VSphereSession session = connector.open(vcenter)) {
      return work.apply(session);
    } catch (VSphereException e) {
      throw failure(e);
    } catch (DiskTransferException e) {
      throw e.retryable()
          ? ApplicationFailure.newFailure(e.getMessage(), DISK_TRANSFER_FAILED)
          : ApplicationFailure.newNonRetryableFailure(e.getMessage(), DISK_TRANSFER_FAILED);
    }
  }

  private static ApplicationFailure failure(VSphereException e) {
    String type = e.kind().failureType();
    return e.retryable()
        ? ApplicationFailure.newFailure(e.getMessage(), type)
        : ApplicationFailure.newNonRetryableFailure(e.getMessage(), type);
  }

  private static DiscoveredVm discovered(UUID vcenterId, VmInventory vm) {
    return new DiscoveredVm(
        vcenterId,
        vm.moref(),
        vm.instanceUuid(),
        vm.name(),
        vm.datacenter(),
        vm.powerState(),
        vm.changeTrackingEnabled(),
        vm.vmx() == null ? null : vm.vmx().toString(),
        vm.disks().stream()
            .map(
                d ->
                    new VmDiskRow(
                        d.key(), d.label(), d.capacityBytes(), d.datastore(), d.file().toString()))
            .toList());
  }

  @FunctionalInterface
  private interface SessionWork<T> {
    T apply(VSphereSession session);
  }
}
