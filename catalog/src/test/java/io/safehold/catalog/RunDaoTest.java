package io.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.catalog.testing.SampleRows;
import io.safehold.catalog.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunDaoTest {

  private Jdbi jdbi;
  private RunDao runs;
  private UUID device;

  @BeforeEach
  void setUp() {
    jdbi = TestDatabase.get().fresh().jdbi();
    runs = jdbi.onDemand(RunDao.class);
    device = newDevice("sw1");
  }

  private UUID newDevice(String name) {
    DeviceRow row = SampleRows.device(name);
    jdbi.onDemand(DeviceDao.class).insert(row);
    return row.id();
  }

  private UUID pending(UUID assetId, String kind) {
    UUID id = UUID.randomUUID();
    runs.insertPending(id, kind, assetId, "wf-" + id);
    return id;
  }

  private void setCreatedAt(UUID run, Instant at) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE runs SET created_at = :at WHERE id = :id")
                .bind("at", at)
                .bind("id", run)
                .execute());
  }

  @Test
  void aNewRunIsPendingWithItsWorkflowId() {
    UUID id = pending(device, "backup");

    RunRow row = runs.find(id).orElseThrow();

    assertThat(row.status()).isEqualTo("PENDING");
    assertThat(row.kind()).isEqualTo("backup");
    assertThat(row.assetId()).isEqualTo(device);
    assertThat(row.workflowId()).isEqualTo("wf-" + id);
    assertThat(row.source()).isEqualTo("workflow");
    assertThat(row.bytes()).isZero();
    assertThat(row.createdAt()).isNotNull();
    assertThat(row.startedAt()).isNull();
    assertThat(row.finishedAt()).isNull();
  }

  @Test
  void runGoesPendingRunningCompletedWithItsResult() {
    UUID id = pending(device, "backup");

    assertThat(runs.markRunning(id, "temporal-1")).isTrue();
    assertThat(runs.setPhase(id, "capture")).isTrue();
    assertThat(runs.setProgress(id, 10L, 100L)).isTrue();
    RunRow running = runs.find(id).orElseThrow();
    assertThat(running.status()).isEqualTo("RUNNING");
    assertThat(running.temporalRunId()).isEqualTo("temporal-1");
    assertThat(running.phase()).isEqualTo("capture");
    assertThat(running.progressDone()).isEqualTo(10L);
    assertThat(running.progressTotal()).isEqualTo(100L);
    assertThat(running.startedAt()).isNotNull();

    assertThat(runs.finish(id, "COMPLETED", null, 4096, "{\"configVersion\": 3}")).isTrue();
    RunRow done = runs.find(id).orElseThrow();
    assertThat(done.status()).isEqualTo("COMPLETED");
    assertThat(done.bytes()).isEqualTo(4096);
    assertThat(done.result()).isEqualTo("{\"configVersion\": 3}");
    assertThat(done.phase()).isNull();
    assertThat(done.error()).isNull();
    assertThat(done.finishedAt()).isNotNull();
    assertThat(done.startedAt()).isEqualTo(running.startedAt());
  }

  @Test
  void markingRunningAgainKeepsTheFirstStartTime() {
    UUID id = pending(device, "backup");
    runs.markRunning(id, "t1");
    Instant started = runs.find(id).orElseThrow().startedAt();

    assertThat(runs.markRunning(id, "t2")).isTrue();

    assertThat(runs.find(id).orElseThrow().startedAt()).isEqualTo(started);
  }

  @Test
  void aTerminalRunNeverMovesAgain() {
    UUID id = pending(device, "backup");
    runs.markRunning(id, "t1");
    assertThat(runs.finish(id, "FAILED", "device refused the password", 0, null)).isTrue();

    assertThat(runs.markRunning(id, "t2")).isFalse();
    assertThat(runs.setPhase(id, "late")).isFalse();
    assertThat(runs.setProgress(id, 1L, 2L)).isFalse();
    assertThat(runs.finish(id, "COMPLETED", null, 99, "{}")).isFalse();

    RunRow row = runs.find(id).orElseThrow();
    assertThat(row.status()).isEqualTo("FAILED");
    assertThat(row.error()).isEqualTo("device refused the password");
    assertThat(row.temporalRunId()).isEqualTo("t1");
    assertThat(row.phase()).isNull();
    assertThat(row.bytes()).isZero();
    assertThat(row.result()).isNull();
  }

  @Test
  void finishWithANonTerminalStatusChangesNothing() {
    UUID id = pending(device, "backup");
    runs.markRunning(id, "t1");

    assertThat(runs.finish(id, "PENDING", null, 0, null)).isFalse();

    RunRow row = runs.find(id).orElseThrow();
    assertThat(row.status()).isEqualTo("RUNNING");
    assertThat(row.finishedAt()).isNull();
  }

  @Test
  void aPendingRunCanEndWithoutRunningAndGetsAStartTime() {
    UUID id = pending(device, "backup");

    assertThat(runs.finish(id, "ABANDONED", "the workflow was lost", 0, null)).isTrue();

    RunRow row = runs.find(id).orElseThrow();
    assertThat(row.status()).isEqualTo("ABANDONED");
    assertThat(row.startedAt()).isNotNull();
    assertThat(runs.listUnfinished()).isEmpty();
  }

  @Test
  void listUnfinishedReturnsPendingAndRunningOldestFirst() {
    UUID older = pending(device, "backup");
    UUID newer = pending(device, "backup");
    UUID done = pending(device, "backup");
    setCreatedAt(older, Instant.parse("2026-01-01T00:00:00Z"));
    setCreatedAt(newer, Instant.parse("2026-01-02T00:00:00Z"));
    runs.markRunning(newer, "t");
    runs.finish(done, "COMPLETED", null, 0, null);

    assertThat(runs.listUnfinished()).extracting(RunRow::id).containsExactly(older, newer);
  }

  @Test
  void listFiltersByAssetStatusAndKind() {
    UUID other = newDevice("sw2");
    UUID backupOfDevice = pending(device, "backup");
    UUID restoreOfDevice = pending(device, "restore");
    UUID backupOfOther = pending(other, "backup");
    runs.finish(backupOfOther, "COMPLETED", null, 0, null);

    assertThat(runs.list(device, null, null, null, null, 10))
        .extracting(RunRow::id)
        .containsExactlyInAnyOrder(backupOfDevice, restoreOfDevice);
    assertThat(runs.list(null, "COMPLETED", null, null, null, 10))
        .extracting(RunRow::id)
        .containsExactly(backupOfOther);
    assertThat(runs.list(null, null, "restore", null, null, 10))
        .extracting(RunRow::id)
        .containsExactly(restoreOfDevice);
    assertThat(runs.list(device, "PENDING", "backup", null, null, 10))
        .extracting(RunRow::id)
        .containsExactly(backupOfDevice);
    assertThat(runs.list(null, null, null, null, null, 10)).hasSize(3);
  }

  @Test
  void listPagesNewestFirstWithoutOverlapEvenWhenCreationTimesAreEqual() {
    Instant sameTime = Instant.parse("2026-03-01T12:00:00Z");
    Set<UUID> all = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      UUID id = pending(device, "backup");
      all.add(id);
      setCreatedAt(id, i < 5 ? sameTime : sameTime.plusSeconds(i));
    }

    List<UUID> seen = new ArrayList<>();
    List<RunRow> page = runs.list(null, null, null, null, null, 3);
    List<RunRow> previous = List.of();
    for (int pages = 0; !page.isEmpty() && pages < 10; pages++) {
      assertThat(page).hasSizeLessThanOrEqualTo(3);
      if (!previous.isEmpty()) {
        RunRow last = previous.get(previous.size() - 1);
        assertThat(page.get(0).createdAt()).isBeforeOrEqualTo(last.createdAt());
      }
      page.forEach(r -> seen.add(r.id()));
      previous = page;
      RunRow last = page.get(page.size() - 1);
      page = runs.list(null, null, null, last.createdAt(), last.id(), 3);
    }

    assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    List<UUID> inOneGo =
        runs.list(null, null, null, null, null, 10).stream().map(RunRow::id).toList();
    assertThat(seen).containsExactlyElementsOf(inOneGo);
  }

  @Test
  void eventsComeBackInTheOrderTheyWereWritten() {
    UUID id = pending(device, "backup");
    runs.insertEvent(id, "connect", "connecting to 127.0.0.1:2222");
    runs.insertEvent(id, "command", "terminal length 0");
    runs.insertEvent(id, "success", "stored version 1");

    List<RunEventRow> events = runs.events(id);

    assertThat(events)
        .extracting(RunEventRow::type)
        .containsExactly("connect", "command", "success");
    assertThat(events)
        .extracting(RunEventRow::message)
        .containsExactly("connecting to 127.0.0.1:2222", "terminal length 0", "stored version 1");
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.runId()).isEqualTo(id);
              assertThat(e.at()).isNotNull();
            });
  }

  @Test
  void insertingTheSameArtifactsTwiceStoresThemOnce() {
    UUID id = pending(device, "backup");
    List<ArtifactRow> artifacts =
        List.of(
            new ArtifactRow(id, "configs/a.txt", 10, "aa"),
            new ArtifactRow(id, "configs/b.txt", 20, "bb"));

    runs.insertArtifacts(artifacts);
    runs.insertArtifacts(artifacts);

    assertThat(runs.artifacts(id)).containsExactlyElementsOf(artifacts);
  }

  @Test
  void lastStatusPerAssetIsTheLatestFinishedRun() {
    UUID other = newDevice("sw2");
    UUID first = pending(device, "backup");
    runs.finish(first, "COMPLETED", null, 0, null);
    UUID second = pending(device, "backup");
    runs.finish(second, "FAILED", "timeout", 0, null);
    pending(device, "backup");
    UUID ofOther = pending(other, "backup");
    runs.finish(ofOther, "COMPLETED_WITH_WARNINGS", null, 0, null);
    pending(newDevice("never-finished"), "backup");

    assertThat(runs.lastStatusPerAsset())
        .containsExactlyInAnyOrder(
            new RunDao.AssetStatus(device, "FAILED"),
            new RunDao.AssetStatus(other, "COMPLETED_WITH_WARNINGS"));
  }

  private static RunDao.ImportedRun imported(UUID asset, String externalId, String status) {
    return new RunDao.ImportedRun(
        UUID.randomUUID(),
        "backup",
        asset,
        "files",
        status,
        "import:cove",
        externalId,
        1024,
        status.equals("FAILED") ? "Session failed" : null,
        "{\"sessionStatus\":5}",
        Instant.parse("2026-11-01T02:00:00Z"),
        Instant.parse("2026-11-01T02:10:00Z"));
  }

  @Test
  void importingTheSameRunsTwiceWritesThemOnce() {
    boolean[] first =
        runs.insertImported(
            List.of(imported(device, "7:101:1", "COMPLETED"), imported(device, "7:101:2", "FAILED")));
    boolean[] second =
        runs.insertImported(
            List.of(imported(device, "7:101:2", "FAILED"), imported(device, "7:101:3", "COMPLETED")));

    assertThat(first).containsExactly(true, true);
    assertThat(second).containsExactly(false, true);
    RunRow row = runs.findExternal("import:cove", "7:101:1").orElseThrow();
    assertThat(row.status()).isEqualTo("COMPLETED");
    assertThat(row.scope()).isEqualTo("files");
    assertThat(row.bytes()).isEqualTo(1024);
    assertThat(row.finishedAt()).isEqualTo(Instant.parse("2026-11-01T02:10:00Z"));
    assertThat(runs.list(device, null, null, null, null, 10)).hasSize(3);
  }
}
