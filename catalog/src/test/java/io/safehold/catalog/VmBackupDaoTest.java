package io.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.safehold.catalog.testing.TestDatabase;
import io.safehold.catalog.testing.VsphereRows;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VmBackupDaoTest {

  private static final int CHUNK = 4 << 20;

  private Jdbi jdbi;
  private RunDao runs;
  private VmBackupDao backups;
  private UUID vm;
  private Instant clock = Instant.parse("2026-01-01T00:00:00Z");

  @BeforeEach
  void setUp() {
    jdbi = TestDatabase.get().fresh().jdbi();
    runs = jdbi.onDemand(RunDao.class);
    backups = jdbi.onDemand(VmBackupDao.class);
    VcenterRow vc = VsphereRows.vcenter(jdbi, "vc1");
    vm = jdbi.onDemand(VmDao.class).upsert(VsphereRows.vm(vc.id(), "web", "uuid-1")).vmId();
  }

  /** A backup run created one hour after the previous one. */
  private UUID run() {
    UUID id = UUID.randomUUID();
    runs.insertPending(id, "backup", vm, "vm-backup/vc1/web/" + id);
    clock = clock.plusSeconds(3600);
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE runs SET created_at = :at WHERE id = :id")
                .bind("at", clock)
                .bind("id", id)
                .execute());
    return id;
  }

  private static VmBackupRow full(UUID run, UUID vm) {
    return new VmBackupRow(
        run, vm, "FULL", "FULL", null, null, CHUNK, "safehold-" + run, null, 0, 0);
  }

  /** A backup that wrote its manifest, with disk 2000 at change id {@code changeId}. */
  private UUID completed(String status, String changeId) {
    UUID run = run();
    backups.insert(full(run, vm));
    backups.setDisks(
        List.of(new VmBackupDiskRow(run, 2000, 1L << 30, changeId, "[ds] web/web.vmdk", 10, 5)));
    backups.finish(run, "vm/" + run + "/manifest.json", 10, 5);
    runs.finish(run, status, null, 5, null);
    return run;
  }

  @Test
  void aBackupIsRecordedOnceAndFinishedWithItsManifestAndCounters() {
    UUID run = run();

    assertThat(backups.insert(full(run, vm))).isTrue();
    assertThat(backups.insert(full(run, vm))).isFalse();
    backups.setDisks(
        List.of(
            new VmBackupDiskRow(run, 2001, 2048, null, "[ds] web/web_1.vmdk", 0, 0),
            new VmBackupDiskRow(run, 2000, 1024, null, "[ds] web/web.vmdk", 0, 0)));
    backups.setDisks(
        List.of(new VmBackupDiskRow(run, 2000, 1024, "52 aa/1", "[ds] web/web.vmdk", 1024, 512)));
    assertThat(backups.finish(run, "vm/manifest.json", 3072, 512)).isTrue();

    VmBackupRow read = backups.find(run).orElseThrow();
    assertThat(read.mode()).isEqualTo("FULL");
    assertThat(read.chunkSize()).isEqualTo(CHUNK);
    assertThat(read.snapshotName()).isEqualTo("safehold-" + run);
    assertThat(read.manifestKey()).isEqualTo("vm/manifest.json");
    assertThat(read.bytesRead()).isEqualTo(3072);
    assertThat(read.bytesStored()).isEqualTo(512);
    assertThat(backups.disks(run))
        .containsExactly(
            new VmBackupDiskRow(run, 2000, 1024, "52 aa/1", "[ds] web/web.vmdk", 1024, 512),
            new VmBackupDiskRow(run, 2001, 2048, null, "[ds] web/web_1.vmdk", 0, 0));
    assertThat(backups.finish(UUID.randomUUID(), "k", 0, 0)).isFalse();
  }

  @Test
  void lastCompletedIsTheNewestFinishedBackupWithAManifestAndItsChangeIds() {
    completed("COMPLETED", "change-1");
    UUID newest = completed("COMPLETED_WITH_WARNINGS", "change-2");
    completed("FAILED", "change-3");
    UUID running = run();
    backups.insert(full(running, vm));
    UUID noManifest = run();
    backups.insert(full(noManifest, vm));
    runs.finish(noManifest, "COMPLETED", null, 0, null);

    VmBackupDao.CompletedBackup last = backups.lastCompleted(vm).orElseThrow();

    assertThat(last.backup().runId()).isEqualTo(newest);
    assertThat(last.disks()).extracting(VmBackupDiskRow::changeId).containsExactly("change-2");
  }

  @Test
  void aVmWithoutACompletedBackupHasNoBase() {
    completed("FAILED", "change-1");

    assertThat(backups.lastCompleted(vm)).isEmpty();
  }

  @Test
  void anIncrementalNamesItsBaseAndAFullOneHasNone() {
    UUID base = completed("COMPLETED", "change-1");
    UUID incremental = run();
    UUID orphan = run();

    backups.insert(
        new VmBackupRow(
            incremental, vm, "INCREMENTAL", "INCREMENTAL", base, null, CHUNK, "s", null, 0, 0));

    assertThat(backups.find(incremental).orElseThrow().baseRunId()).isEqualTo(base);
    assertThatThrownBy(
            () ->
                backups.insert(
                    new VmBackupRow(
                        orphan,
                        vm,
                        "INCREMENTAL",
                        "INCREMENTAL",
                        null,
                        null,
                        CHUNK,
                        "s",
                        null,
                        0,
                        0)))
        .isInstanceOf(UnableToExecuteStatementException.class);
  }

  @Test
  void listForVmShowsEveryBackupRunNewestFirstIncludingOnesNotRecordedYet() {
    UUID done = completed("COMPLETED", "change-1");
    UUID pending = run();
    UUID fellBack = run();
    backups.insert(
        new VmBackupRow(
            fellBack, vm, "FULL", "INCREMENTAL", null, "CBT was reset", CHUNK, "s", null, 0, 0));

    List<VmBackupDao.VmBackupSummary> list = backups.listForVm(vm, 10);

    assertThat(list)
        .extracting(VmBackupDao.VmBackupSummary::runId)
        .containsExactly(fellBack, pending, done);
    assertThat(list.get(0).mode()).isEqualTo("FULL");
    assertThat(list.get(0).requestedMode()).isEqualTo("INCREMENTAL");
    assertThat(list.get(0).fallbackReason()).isEqualTo("CBT was reset");
    assertThat(list.get(1).status()).isEqualTo("PENDING");
    assertThat(list.get(1).mode()).isNull();
    assertThat(list.get(1).bytesRead()).isZero();
    assertThat(list.get(2).status()).isEqualTo("COMPLETED");
    assertThat(list.get(2).bytesStored()).isEqualTo(5);
    assertThat(list.get(2).manifestKey()).isEqualTo("vm/" + done + "/manifest.json");
    assertThat(list.get(2).finishedAt()).isNotNull();
    assertThat(backups.listForVm(vm, 1)).hasSize(1);
  }
}
