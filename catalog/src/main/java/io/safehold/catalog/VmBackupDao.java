package io.safehold.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * VM backups and their disks. The workflow inserts the row once it has decided the mode, records
 * the disks, and finishes it with the manifest key; every write is idempotent, so an activity can
 * retry it.
 */
@RegisterConstructorMapper(VmBackupRow.class)
@RegisterConstructorMapper(VmBackupDiskRow.class)
@RegisterConstructorMapper(VmBackupDao.VmBackupSummary.class)
public interface VmBackupDao {

  /** Statuses of a backup that can serve as a base: it finished and its manifest is written. */
  String USABLE = "('COMPLETED', 'COMPLETED_WITH_WARNINGS')";

  /** A finished backup with its disks: the base of an incremental (the disks carry change ids). */
  record CompletedBackup(VmBackupRow backup, List<VmBackupDiskRow> disks) {}

  /**
   * A backup run of a VM as a list shows it. The vm_backups fields are null (or 0) while the run
   * has not recorded its backup yet, e.g. while PENDING. {@code prunedAt} is set once retention
   * deleted its manifest and files: the row stays as history, the backup cannot be restored.
   */
  record VmBackupSummary(
      UUID runId,
      String status,
      String mode,
      String requestedMode,
      String fallbackReason,
      long bytesRead,
      long bytesStored,
      String manifestKey,
      String error,
      Instant createdAt,
      Instant startedAt,
      Instant finishedAt,
      Instant prunedAt) {}

  /**
   * Records the backup of a run; a retry that finds the row already there changes nothing.
   *
   * @return false when the run already had its row
   */
  @SqlUpdate(
      """
      INSERT INTO vm_backups (run_id, vm_id, mode, requested_mode, base_run_id, fallback_reason,
                              chunk_size, snapshot_name, manifest_key, bytes_read, bytes_stored)
      VALUES (:runId, :vmId, :mode, :requestedMode, :baseRunId, :fallbackReason, :chunkSize,
              :snapshotName, :manifestKey, :bytesRead, :bytesStored)
      ON CONFLICT (run_id) DO NOTHING
      """)
  boolean insert(@BindMethods VmBackupRow row);

  /** Inserts or replaces the given disks of their backups (matched by run and disk key). */
  @SqlBatch(
      """
      INSERT INTO vm_backup_disks (run_id, disk_key, capacity_bytes, change_id, file_name,
                                   bytes_read, bytes_stored)
      VALUES (:runId, :diskKey, :capacityBytes, :changeId, :fileName, :bytesRead, :bytesStored)
      ON CONFLICT (run_id, disk_key) DO UPDATE SET capacity_bytes = excluded.capacity_bytes,
          change_id = excluded.change_id, file_name = excluded.file_name,
          bytes_read = excluded.bytes_read, bytes_stored = excluded.bytes_stored
      """)
  void setDisks(@BindMethods List<VmBackupDiskRow> disks);

  /**
   * Records the manifest and the byte counters: the backup is complete in the catalog (the run's
   * own status is finished separately).
   *
   * @return false when the run has no backup row
   */
  @SqlUpdate(
      """
      UPDATE vm_backups SET manifest_key = :manifestKey, bytes_read = :bytesRead,
             bytes_stored = :bytesStored
      WHERE run_id = :runId
      """)
  boolean finish(UUID runId, String manifestKey, long bytesRead, long bytesStored);

  @SqlQuery("SELECT * FROM vm_backups WHERE run_id = :runId")
  Optional<VmBackupRow> find(UUID runId);

  @SqlQuery("SELECT * FROM vm_backup_disks WHERE run_id = :runId ORDER BY disk_key")
  List<VmBackupDiskRow> disks(UUID runId);

  /**
   * The VM's newest backup (by run creation) whose run is COMPLETED or COMPLETED_WITH_WARNINGS,
   * whose manifest is written and which retention has not pruned, with its disks: what an
   * incremental builds on.
   */
  @Transaction
  default Optional<CompletedBackup> lastCompleted(UUID vmId) {
    return lastCompletedRow(vmId).map(b -> new CompletedBackup(b, disks(b.runId())));
  }

  @SqlQuery(
      """
      SELECT b.* FROM vm_backups b JOIN runs r ON r.id = b.run_id
      WHERE b.vm_id = :vmId AND b.manifest_key IS NOT NULL AND b.pruned_at IS NULL
        AND r.status IN
      """
          + USABLE
          + " ORDER BY r.created_at DESC, r.id DESC LIMIT 1")
  Optional<VmBackupRow> lastCompletedRow(UUID vmId);

  /**
   * The VM's backup runs, newest first, whatever their status, including runs that have not
   * recorded their backup yet.
   */
  @SqlQuery(
      """
      SELECT r.id AS run_id, r.status, b.mode, b.requested_mode, b.fallback_reason,
             COALESCE(b.bytes_read, 0) AS bytes_read, COALESCE(b.bytes_stored, 0) AS bytes_stored,
             b.manifest_key, r.error, r.created_at, r.started_at, r.finished_at, b.pruned_at
      FROM runs r LEFT JOIN vm_backups b ON b.run_id = r.id
      WHERE r.asset_id = :vmId AND r.kind = 'backup'
      ORDER BY r.created_at DESC, r.id DESC
      LIMIT :limit
      """)
  List<VmBackupSummary> listForVm(UUID vmId, int limit);
}
