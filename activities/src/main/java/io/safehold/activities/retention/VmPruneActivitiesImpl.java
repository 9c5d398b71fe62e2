package io.safehold.activities.retention;

import io.safehold.activities.storage.BackupLayout;
import io.safehold.activities.storage.ObjectStore;
import io.safehold.activities.storage.ObjectStore.ObjectStoreException;
import io.safehold.catalog.ArtifactRow;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.VmDao;
import io.safehold.catalog.VmRetentionDao;
import io.safehold.catalog.VmRetentionDao.Candidate;
import io.safehold.catalog.VmRetentionDao.ReleasableChunk;
import io.safehold.catalog.VmRow;
import io.safehold.workflows.retention.PruneOutcome;
import io.safehold.workflows.retention.PrunePlan;
import io.safehold.workflows.retention.PruneProgress;
import io.safehold.workflows.retention.VmPruneActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Deletes pruned VM backups from the store, then records them pruned. Order, so that a crash at any
 * point leaves nothing a later attempt cannot finish: manifests and config files first, then the
 * chunks nothing else references, then the catalog marks (one transaction). Deleting a missing
 * object is not an error, so each step can simply run again.
 *
 * <p>Race with running backups: a backup looks a chunk up in the store before it records it in the
 * catalog, and the catalog cannot see that window. So no chunk is deleted while any VM backup run
 * is pending or running, checked before every deletion; the chunks wait (the backups are marked
 * pruned with {@code chunks_released_at} null) and the next prune deletes them. Before each
 * deletion the chunk's references are checked again, so one recorded since the page was read is
 * kept.
 */
public final class VmPruneActivitiesImpl implements VmPruneActivities {

  /** Failure type of a store that refuses deletions (permissions, missing bucket). */
  public static final String STORE_REFUSED = "StoreRefused";

  private static final int CHUNK_PAGE = 500;

  private final Jdbi jdbi;
  private final ObjectStore store;
  private final VmRetention retention;

  public VmPruneActivitiesImpl(Jdbi jdbi, ObjectStore store) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.store = Objects.requireNonNull(store, "store");
    this.retention = new VmRetention(jdbi);
  }

  @Override
  public PrunePlan plan(String vmId) {
    return retention.plan(vm(uuid(vmId, "VM")).id());
  }

  @Override
  public PruneOutcome prune(String pruneRunId, String vmId, List<String> removedRunIds) {
    UUID pruneRun = uuid(pruneRunId, "run");
    VmRow vm = vm(uuid(vmId, "VM"));
    List<UUID> removed = removedRunIds.stream().map(id -> uuid(id, "backup run")).toList();
    UUID[] removedArray = removed.toArray(UUID[]::new);
    VmRetentionDao dao = jdbi.onDemand(VmRetentionDao.class);
    Set<UUID> done = new HashSet<>(dao.alreadyPruned(vm.id(), removedArray));
    Map<UUID, Candidate> open =
        dao.candidates(vm.id()).stream()
            .collect(Collectors.toMap(Candidate::runId, Function.identity()));
    List<Candidate> toDelete = new ArrayList<>();
    for (UUID run : removed) {
      if (done.contains(run)) {
        continue;
      }
      Candidate candidate = open.get(run);
      if (candidate == null) {
        throw refused("run " + run + " is not a backup of VM " + vm.assetName());
      }
      if ("PENDING".equals(candidate.status()) || "RUNNING".equals(candidate.status())) {
        throw refused("backup run " + run + " of VM " + vm.assetName() + " is still in progress");
      }
      toDelete.add(candidate);
    }

    ActivityExecutionContext context = Activity.getExecutionContext();
    PruneProgress progress =
        context.getHeartbeatDetails(PruneProgress.class).orElse(PruneProgress.start());
    if (progress.afterSha256().isEmpty()) {
      progress = deleteObjects(context, vm, toDelete);
    }

    List<UUID> earlier = dao.deferred();
    String deferred = null;
    Optional<UUID> running = dao.backupInProgress();
    if (running.isPresent()) {
      deferred = deferral(running.get());
    } else {
      ChunkPass pass = deleteChunks(context, dao, removedArray, progress);
      progress = pass.progress();
      deferred = pass.deferred();
    }

    Set<UUID> released = new LinkedHashSet<>();
    if (deferred == null) {
      released.addAll(removed);
      released.addAll(earlier);
    }
    dao.markPruned(pruneRun, removedArray, released.toArray(UUID[]::new));
    return new PruneOutcome(
        progress.objectsDeleted(), progress.chunksDeleted(), progress.bytesFreed(), deferred);
  }

  /** A backup's manifest and config files, whether or not the catalog recorded them. */
  private PruneProgress deleteObjects(
      ActivityExecutionContext context, VmRow vm, List<Candidate> backups) {
    RunDao runs = jdbi.onDemand(RunDao.class);
    long deleted = 0;
    for (Candidate backup : backups) {
      String run = backup.runId().toString();
      Set<String> keys = new LinkedHashSet<>();
      if (backup.manifestKey() != null) {
        keys.add(backup.manifestKey());
      }
      // A run that failed after writing its manifest object, before the catalog recorded it.
      keys.add(BackupLayout.vmManifest(vm.id().toString(), run));
      runs.artifacts(backup.runId()).stream().map(ArtifactRow::objectKey).forEach(keys::add);
      // A failed run's config files are not recorded; these are the names a backup gives them.
      keys.addAll(configFileKeys(vm, run));
      for (String key : keys) {
        delete(key);
        deleted++;
        context.heartbeat(new PruneProgress(deleted, 0, 0, ""));
      }
    }
    return new PruneProgress(deleted, 0, 0, "");
  }

  private static List<String> configFileKeys(VmRow vm, String runId) {
    if (vm.vmxPath() == null) {
      return List.of();
    }
    String vmx = vm.vmxPath().substring(vm.vmxPath().lastIndexOf('/') + 1).trim();
    int at = vmx.lastIndexOf("] ");
    vmx = at < 0 ? vmx : vmx.substring(at + 2);
    if (vmx.isEmpty()) {
      return List.of();
    }
    String stem = vmx.endsWith(".vmx") ? vmx.substring(0, vmx.length() - 4) : vmx;
    String vmId = vm.id().toString();
    return List.of(
        BackupLayout.vmFile(vmId, runId, vmx), BackupLayout.vmFile(vmId, runId, stem + ".nvram"));
  }

  private record ChunkPass(PruneProgress progress, String deferred) {}

  private ChunkPass deleteChunks(
      ActivityExecutionContext context,
      VmRetentionDao dao,
      UUID[] removed,
      PruneProgress progress) {
    while (true) {
      List<ReleasableChunk> page =
          dao.releasable(removed, true, progress.afterSha256(), CHUNK_PAGE);
      if (page.isEmpty()) {
        return new ChunkPass(progress, null);
      }
      for (ReleasableChunk chunk : page) {
        Optional<UUID> running = dao.backupInProgress();
        if (running.isPresent()) {
          return new ChunkPass(progress, deferral(running.get()));
        }
        long chunks = progress.chunksDeleted();
        long bytes = progress.bytesFreed();
        if (!dao.referencedElsewhere(chunk.sha256(), removed)) {
          delete(BackupLayout.chunk(chunk.sha256()));
          chunks++;
          bytes += chunk.length();
        }
        progress = new PruneProgress(progress.objectsDeleted(), chunks, bytes, chunk.sha256());
        context.heartbeat(progress);
      }
    }
  }

  private static String deferral(UUID runningBackup) {
    return "Chunk deletion deferred: VM backup run "
        + runningBackup
        + " is in progress and could reuse them; the next prune deletes them.";
  }

  private void delete(String key) {
    try {
      store.delete(key);
    } catch (ObjectStoreException e) {
      String message = "Deleting " + key + " from the backup store failed: " + e.getMessage();
      if (e.permanent()) {
        throw ApplicationFailure.newNonRetryableFailure(
            message + "; check that the bucket exists and the key may delete objects",
            STORE_REFUSED);
      }
      throw ApplicationFailure.newFailure(message, STORE_REFUSED);
    }
  }

  private VmRow vm(UUID id) {
    return jdbi.onDemand(VmDao.class)
        .find(id)
        .orElseThrow(() -> refused("VM " + id + " does not exist in the catalog"));
  }

  private static UUID uuid(String id, String what) {
    try {
      return UUID.fromString(Objects.requireNonNull(id));
    } catch (RuntimeException e) {
      throw refused(what + " id '" + id + "' is not a UUID");
    }
  }

  private static ApplicationFailure refused(String reason) {
    return ApplicationFailure.newNonRetryableFailure(
        "Prune refused: " + reason + ".", PRUNE_REFUSED);
  }
}
