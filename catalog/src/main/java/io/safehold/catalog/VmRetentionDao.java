package io.safehold.catalog;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * Retention of VM backups: each VM's rules, the backups retention decides about, and the chunk
 * garbage collection that follows a prune.
 *
 * <p>Chunks are content-addressed and shared by every backup of every VM, so a chunk may be deleted
 * only when no backup outside the ones being pruned references it: not a kept backup of any VM, not
 * a run still in progress (its rows are its durable progress), not a run that somehow has chunk
 * rows but no backup row. "Being pruned" is the given run ids plus, when asked, the backups an
 * earlier prune marked pruned without releasing their chunks.
 */
@RegisterConstructorMapper(VmRetentionDao.Candidate.class)
@RegisterConstructorMapper(VmRetentionDao.ReleasableChunk.class)
@RegisterConstructorMapper(VmRetentionDao.FreedChunks.class)
public interface VmRetentionDao {

  /** A backup of the VM not pruned yet, with what retention decides on. */
  record Candidate(
      UUID runId,
      String status,
      Instant createdAt,
      Instant finishedAt,
      String mode,
      UUID baseRunId,
      String manifestKey,
      long bytesStored) {}

  /** A stored chunk no remaining backup references. */
  record ReleasableChunk(String sha256, int length) {}

  /** Distinct stored chunks and their bytes. */
  record FreedChunks(long chunks, long bytes) {}

  /** The stored chunks of the backups being pruned: :runIds, and with :withDeferred the others. */
  String GONE_CHUNKS =
      """
      SELECT DISTINCT c.sha256, c.length FROM backup_chunks c
      WHERE c.sha256 IS NOT NULL
        AND (c.run_id = ANY(:runIds)
             OR (:withDeferred AND c.run_id IN (
                   SELECT run_id FROM vm_backups
                   WHERE pruned_at IS NOT NULL AND chunks_released_at IS NULL)))
      """;

  /** Rows outside the prune that reference the chunk named :sha256 or gone.sha256 (prefix). */
  String REFERENCES =
      """
      SELECT 1 FROM backup_chunks k LEFT JOIN vm_backups b ON b.run_id = k.run_id
      WHERE k.run_id <> ALL(:runIds) AND (b.run_id IS NULL OR b.pruned_at IS NULL)
        AND k.sha256 =\s""";

  /** The VM's rules as JSON; empty when it has none (everything is kept). */
  @SqlQuery("SELECT retention::text FROM vms WHERE asset_id = :vmId AND retention IS NOT NULL")
  Optional<String> rules(UUID vmId);

  /**
   * Replaces the VM's rules; null removes them.
   *
   * @return false when there is no such VM
   */
  @SqlUpdate("UPDATE vms SET retention = CAST(:json AS jsonb) WHERE asset_id = :vmId")
  boolean setRules(UUID vmId, String json);

  /** The VM's backups not pruned yet, whatever their status, newest first. */
  @SqlQuery(
      """
      SELECT b.run_id, r.status, r.created_at, r.finished_at, b.mode, b.base_run_id,
             b.manifest_key, b.bytes_stored
      FROM vm_backups b JOIN runs r ON r.id = b.run_id
      WHERE b.vm_id = :vmId AND b.pruned_at IS NULL
      ORDER BY r.finished_at DESC NULLS FIRST, r.created_at DESC, b.run_id DESC
      """)
  List<Candidate> candidates(UUID vmId);

  /**
   * What deleting the backups {@code runIds} would free: their stored chunks that no other backup
   * of any VM references. With {@code withDeferred}, the chunks earlier prunes had to leave count
   * too.
   */
  @SqlQuery(
      "SELECT count(*) AS chunks, COALESCE(sum(gone.length), 0) AS bytes FROM ("
          + GONE_CHUNKS
          + ") gone WHERE NOT EXISTS ("
          + REFERENCES
          + "gone.sha256)")
  FreedChunks freed(UUID[] runIds, boolean withDeferred);

  /** As {@link #freed(UUID[], boolean)}. */
  default FreedChunks freed(Collection<UUID> runIds, boolean withDeferred) {
    return freed(runIds.toArray(UUID[]::new), withDeferred);
  }

  /**
   * A page of the chunks {@link #freed} counts, by SHA-256 after {@code afterSha256} (empty string
   * for the first page): what a prune deletes.
   */
  @SqlQuery(
      "SELECT gone.sha256, gone.length FROM ("
          + GONE_CHUNKS
          + ") gone WHERE gone.sha256 > :afterSha256 AND NOT EXISTS ("
          + REFERENCES
          + "gone.sha256) ORDER BY gone.sha256 LIMIT :limit")
  List<ReleasableChunk> releasable(
      UUID[] runIds, boolean withDeferred, String afterSha256, int limit);

  /**
   * Whether anything outside {@code runIds} references the chunk now: asked again right before each
   * deletion, since a backup may have recorded it since the page was read.
   */
  @SqlQuery("SELECT EXISTS (" + REFERENCES + ":sha256)")
  boolean referencedElsewhere(String sha256, UUID[] runIds);

  /**
   * A VM backup run still pending or running, if any: while one is, no chunk is deleted, because a
   * backup finds an existing chunk in the store before it records it in the catalog.
   */
  @SqlQuery(
      """
      SELECT r.id FROM runs r JOIN assets a ON a.id = r.asset_id
      WHERE r.kind = 'backup' AND a.kind = 'vm' AND r.status IN ('PENDING', 'RUNNING')
      ORDER BY r.created_at LIMIT 1
      """)
  Optional<UUID> backupInProgress();

  /** Those of {@code runIds} that are backups of the VM already marked pruned. */
  @SqlQuery(
      """
      SELECT run_id FROM vm_backups
      WHERE vm_id = :vmId AND run_id = ANY(:runIds) AND pruned_at IS NOT NULL
      """)
  List<UUID> alreadyPruned(UUID vmId, UUID[] runIds);

  /** Backups pruned by an earlier prune that could not delete their chunks. */
  @SqlQuery(
      """
      SELECT run_id FROM vm_backups
      WHERE pruned_at IS NOT NULL AND chunks_released_at IS NULL ORDER BY run_id
      """)
  List<UUID> deferred();

  /**
   * Marks {@code runIds} pruned by {@code pruneRunId} (the first prune's mark stays), and, when
   * {@code releasedRunIds} is not empty, those backups' chunks released, in one transaction.
   */
  @Transaction
  default void markPruned(UUID pruneRunId, UUID[] runIds, UUID[] releasedRunIds) {
    markPrunedOnly(pruneRunId, runIds);
    markReleased(releasedRunIds);
  }

  @SqlUpdate(
      """
      UPDATE vm_backups SET pruned_at = COALESCE(pruned_at, now()),
             pruned_by = COALESCE(pruned_by, :pruneRunId)
      WHERE run_id = ANY(:runIds)
      """)
  void markPrunedOnly(UUID pruneRunId, UUID[] runIds);

  @SqlUpdate(
      """
      UPDATE vm_backups SET chunks_released_at = now()
      WHERE run_id = ANY(:runIds) AND pruned_at IS NOT NULL AND chunks_released_at IS NULL
      """)
  void markReleased(UUID[] runIds);
}
