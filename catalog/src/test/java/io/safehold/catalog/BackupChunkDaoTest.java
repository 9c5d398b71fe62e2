package io.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.safehold.catalog.testing.TestDatabase;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackupChunkDaoTest {

  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  private Jdbi jdbi;
  private BackupChunkDao chunks;
  private UUID run;

  @BeforeEach
  void setUp() {
    jdbi = TestDatabase.get().fresh().jdbi();
    chunks = jdbi.onDemand(BackupChunkDao.class);
    run = UUID.randomUUID();
    jdbi.onDemand(RunDao.class).insertPending(run, "backup", null, "wf");
  }

  @Test
  void chunksReadBackPerDiskByIndexAndARetriedBatchChangesNothing() {
    chunks.insert(
        List.of(
            new BackupChunkRow(run, 2000, 1, null, 100),
            new BackupChunkRow(run, 2000, 0, A, 100),
            new BackupChunkRow(run, 2001, 0, B, 7)));
    chunks.insert(
        List.of(new BackupChunkRow(run, 2000, 0, B, 100), new BackupChunkRow(run, 2000, 2, A, 40)));

    assertThat(chunks.chunks(run, 2000))
        .containsExactly(
            new BackupChunkRow(run, 2000, 0, A, 100),
            new BackupChunkRow(run, 2000, 1, null, 100),
            new BackupChunkRow(run, 2000, 2, A, 40));
    assertThat(chunks.chunks(run, 2001)).containsExactly(new BackupChunkRow(run, 2001, 0, B, 7));
    assertThat(chunks.chunks(run, 2002)).isEmpty();
    assertThat(chunks.count(run, 2000)).isEqualTo(3);
    assertThat(chunks.count(run, 2001)).isEqualTo(1);
    assertThat(chunks.count(run, 2002)).isZero();
  }

  @Test
  void pagesStartAtAnIndex() {
    chunks.insert(
        List.of(
            new BackupChunkRow(run, 2000, 0, A, 10),
            new BackupChunkRow(run, 2000, 1, A, 10),
            new BackupChunkRow(run, 2000, 5, A, 10),
            new BackupChunkRow(run, 2000, 6, A, 10)));

    assertThat(chunks.chunks(run, 2000, 1, 2))
        .extracting(BackupChunkRow::idx)
        .containsExactly(1, 5);
    assertThat(chunks.chunks(run, 2000, 6, 2)).extracting(BackupChunkRow::idx).containsExactly(6);
  }

  @Test
  void totalsCountChunksBytesAndZeroChunks() {
    chunks.insert(
        List.of(
            new BackupChunkRow(run, 2000, 0, A, 100),
            new BackupChunkRow(run, 2000, 1, null, 100),
            new BackupChunkRow(run, 2001, 0, null, 30),
            new BackupChunkRow(run, 2001, 1, B, 7)));

    assertThat(chunks.totals(run)).isEqualTo(new BackupChunkDao.ChunkTotals(4, 237, 2, 130));
    assertThat(chunks.totals(UUID.randomUUID()))
        .isEqualTo(new BackupChunkDao.ChunkTotals(0, 0, 0, 0));
  }

  @Test
  void aHashThatIsNotLowerCaseHexIsRefused() {
    List<BackupChunkRow> upper = List.of(new BackupChunkRow(run, 2000, 0, A.toUpperCase(), 1));

    assertThatThrownBy(() -> chunks.insert(upper))
        .isInstanceOf(UnableToExecuteStatementException.class);
    assertThat(chunks.chunks(run, 2000)).isEmpty();
  }

  @Test
  void chunksGoWithTheirRun() {
    chunks.insert(List.of(new BackupChunkRow(run, 2000, 0, A, 1)));

    jdbi.useHandle(h -> h.execute("DELETE FROM runs WHERE id = ?", run));

    assertThat(chunks.chunks(run, 2000)).isEmpty();
  }
}
