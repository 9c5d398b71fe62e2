package io.safehold.activities.vsphere;

import io.safehold.activities.vsphere.transfer.ChunkLog;
import io.safehold.activities.vsphere.transfer.ChunkRef;
import io.safehold.catalog.BackupChunkDao;
import io.safehold.catalog.BackupChunkRow;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** One run's disk chunk list in {@code backup_chunks}: durable progress, then the final list. */
final class CatalogChunkLog implements ChunkLog {

  private final Jdbi jdbi;
  private final UUID runId;
  private final int diskKey;

  CatalogChunkLog(Jdbi jdbi, UUID runId, int diskKey) {
    this.jdbi = jdbi;
    this.runId = runId;
    this.diskKey = diskKey;
  }

  @Override
  public List<ChunkRef> load() {
    return jdbi.onDemand(BackupChunkDao.class).chunks(runId, diskKey).stream()
        .map(c -> new ChunkRef(c.idx(), c.sha256(), c.length()))
        .toList();
  }

  @Override
  public void record(List<ChunkRef> chunks) {
    if (chunks.isEmpty()) {
      return;
    }
    jdbi.onDemand(BackupChunkDao.class)
        .insert(
            chunks.stream()
                .map(c -> new BackupChunkRow(runId, diskKey, (int) c.index(), c.sha256(), c.length()))
                .toList());
  }
}
