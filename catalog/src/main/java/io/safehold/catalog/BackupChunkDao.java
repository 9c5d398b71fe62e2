package io.safehold.catalog;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Chunk lists of VM backups. While a backup runs, its rows are the durable per-chunk progress that
 * a resumed attempt skips; once it has finished, they are its complete chunk list.
 */
@RegisterConstructorMapper(BackupChunkRow.class)
@RegisterConstructorMapper(BackupChunkDao.ChunkTotals.class)
public interface BackupChunkDao {

  /**
   * Counts over the chunks of a run.
   *
   * @param chunks chunk rows
   * @param bytes their total length
   * @param zeroChunks chunks that were all zeros (not stored)
   * @param zeroBytes their total length
   */
  record ChunkTotals(long chunks, long bytes, long zeroChunks, long zeroBytes) {}

  /**
   * Records chunks; a chunk already recorded (same run, disk and index) is left as it is, so a
   * retried attempt can send its batch again.
   */
  @SqlBatch(
      """
      INSERT INTO backup_chunks (run_id, disk_key, idx, sha256, length)
      VALUES (:runId, :diskKey, :idx, :sha256, :length)
      ON CONFLICT (run_id, disk_key, idx) DO NOTHING
      """)
  void insert(@BindMethods List<BackupChunkRow> chunks);

  /** Every chunk of one disk of a run, by index. For a very large disk, page with the overload. */
  @SqlQuery(
      "SELECT * FROM backup_chunks WHERE run_id = :runId AND disk_key = :diskKey ORDER BY idx")
  List<BackupChunkRow> chunks(UUID runId, int diskKey);

  /** How many chunks of the run's disk are recorded, without loading them. */
  @SqlQuery("SELECT count(*) FROM backup_chunks WHERE run_id = :runId AND disk_key = :diskKey")
  int count(UUID runId, int diskKey);

  /** Up to {@code limit} chunks of one disk of a run with an index of {@code fromIdx} or more. */
  @SqlQuery(
      """
      SELECT * FROM backup_chunks
      WHERE run_id = :runId AND disk_key = :diskKey AND idx >= :fromIdx
      ORDER BY idx LIMIT :limit
      """)
  List<BackupChunkRow> chunks(UUID runId, int diskKey, int fromIdx, int limit);

  @SqlQuery(
      """
      SELECT count(*) AS chunks, COALESCE(sum(length), 0) AS bytes,
             count(*) FILTER (WHERE sha256 IS NULL) AS zero_chunks,
             COALESCE(sum(length) FILTER (WHERE sha256 IS NULL), 0) AS zero_bytes
      FROM backup_chunks WHERE run_id = :runId
      """)
  ChunkTotals totals(UUID runId);
}
