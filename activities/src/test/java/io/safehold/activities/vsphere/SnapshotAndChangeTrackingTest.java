package io.safehold.activities.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.safehold.activities.vsphere.DiskChanges.Extent;
import io.safehold.activities.vsphere.VSphereException.Kind;
import io.safehold.testbed.vcsim.DiskContent;
import io.safehold.testbed.vcsim.VcsimProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Snapshots and changed block tracking against vcsim's CBT extension (64 KiB blocks). Each test
 * uses its own VM, so the order of tests does not matter.
 */
class SnapshotAndChangeTrackingTest {

  static {
    StderrCapture.debugThisPackage();
  }

  private static final long MIB = 1024 * 1024;
  private static final int DISK_MIB = 16;
  private static final Duration TASK_DEADLINE = Duration.ofSeconds(60);

  private static VcsimProcess vcsim;
  private static VSphereSession session;

  @BeforeAll
  static void start() {
    vcsim = VcsimProcess.start(VcsimProcess.Options.defaults().withVms(3).withDiskMib(DISK_MIB));
    session =
        VSphereSession.open(
            VSphereEndpoint.pinned(vcsim.sdkUrl(), vcsim.thumbprint()),
            vcsim.username(),
            vcsim.password());
  }

  @AfterAll
  static void stop() {
    session.close();
    vcsim.close();
  }

  private static VmInventory vm(String name) {
    return session.listVms().stream()
        .filter(vm -> vm.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void allocatedAreasAndChangesSinceAnEarlierSnapshotAreExactlyWhatWasWritten() {
    VmInventory vm = vm("DC0_H0_VM0");
    int key = vm.disks().get(0).key();
    Path flat = vcsim.flatFile(vm.name());
    DiskContent.overwrite(flat, 0, (int) MIB, 1);
    DiskContent.overwrite(flat, 5 * MIB, (int) (2 * MIB), 2);

    SnapshotInfo first =
        session.createSnapshot(vm.moref(), "safehold-1", "full <&>", false, TASK_DEADLINE);

    assertThat(first.moref()).startsWith("snapshot-");
    assertThat(first.changeIds()).containsOnlyKeys(key);
    String firstChangeId = first.changeIds().get(key);
    assertThat(firstChangeId).contains("/");
    DiskChanges allocated = session.queryChangedDiskAreas(vm.moref(), first.moref(), key, 0, "*");
    assertThat(allocated.extents())
        .containsExactly(new Extent(0, MIB), new Extent(5 * MIB, 2 * MIB));
    assertThat(allocated.length()).isEqualTo(DISK_MIB * MIB);
    assertThat(allocated.changedBytes()).isEqualTo(3 * MIB);

    DiskContent.overwrite(flat, 9 * MIB + 100, 4096, 3);
    SnapshotInfo second = session.createSnapshot(vm.moref(), "safehold-2", "", true, TASK_DEADLINE);

    assertThat(second.changeIds().get(key)).isNotEqualTo(firstChangeId);
    assertThat(session.snapshotDisks(first.moref()).get(0).changeId()).isEqualTo(firstChangeId);
    DiskChanges changed =
        session.queryChangedDiskAreas(vm.moref(), second.moref(), key, 0, firstChangeId);
    assertThat(changed.extents()).containsExactly(new Extent(9 * MIB, 64 * 1024));
    DiskChanges afterIt =
        session.queryChangedDiskAreas(vm.moref(), second.moref(), key, 10 * MIB, firstChangeId);
    assertThat(afterIt.extents()).isEmpty();
    assertThat(afterIt.startOffset()).isEqualTo(10 * MIB);
    assertThat(afterIt.length()).isEqualTo(6 * MIB);
    assertThat(session.snapshots(vm.moref()))
        .extracting(SnapshotRef::name, SnapshotRef::description, SnapshotRef::parentMoref)
        .containsExactly(
            tuple("safehold-1", "full <&>", null),
            tuple("safehold-2", "", first.moref()));
  }

  @Test
  void resettingTrackingMakesAnOldChangeIdInvalid() {
    VmInventory vm = vm("DC0_H0_VM1");
    int key = vm.disks().get(0).key();
    DiskContent.overwrite(vcsim.flatFile(vm.name()), 2 * MIB, 65536, 4);
    SnapshotInfo before =
        session.createSnapshot(vm.moref(), "before-reset", "", false, TASK_DEADLINE);
    String oldChangeId = before.changeIds().get(key);

    session.setChangeTracking(vm.moref(), false, TASK_DEADLINE);
    assertThat(session.findVm(vm.moref()).changeTrackingEnabled()).isFalse();
    session.enableChangeTracking(vm.moref(), TASK_DEADLINE);
    assertThat(session.findVm(vm.moref()).changeTrackingEnabled()).isTrue();
    SnapshotInfo after =
        session.createSnapshot(vm.moref(), "after-reset", "", false, TASK_DEADLINE);

    VSphereException e =
        catchThrowableOfType(
            VSphereException.class,
            () -> session.queryChangedDiskAreas(vm.moref(), after.moref(), key, 0, oldChangeId));
    assertThat(e.kind()).isEqualTo(Kind.CHANGE_ID_INVALID);
    assertThat(e.faultName()).isEqualTo("FileFault");
    assertThat(e.getMessage())
        .contains(oldChangeId)
        .contains(vm.disks().get(0).file().toString())
        .contains("full backup");
    VSphereException malformed =
        catchThrowableOfType(
            VSphereException.class,
            () -> session.queryChangedDiskAreas(vm.moref(), after.moref(), key, 0, "no-slash"));
    assertThat(malformed.kind()).isEqualTo(Kind.CHANGE_ID_INVALID);
    assertThat(malformed.faultName()).isEqualTo("InvalidArgument");
    assertThat(
            session
                .queryChangedDiskAreas(
                    vm.moref(), after.moref(), key, 0, after.changeIds().get(key))
                .extents())
        .isEmpty();
  }

  @Test
  void removingASnapshotIsIdempotent() {
    VmInventory vm = vm("DC0_H0_VM2");
    SnapshotInfo kept = session.createSnapshot(vm.moref(), "kept", "", false, TASK_DEADLINE);
    SnapshotInfo removed = session.createSnapshot(vm.moref(), "removed", "", false, TASK_DEADLINE);
    assertThat(session.snapshots(vm.moref()))
        .extracting(SnapshotRef::moref)
        .containsExactly(kept.moref(), removed.moref());

    assertThat(session.removeSnapshot(removed.moref(), TASK_DEADLINE)).isTrue();

    assertThat(session.snapshots(vm.moref()))
        .extracting(SnapshotRef::moref)
        .containsExactly(kept.moref());
    assertThat(session.removeSnapshot(removed.moref(), TASK_DEADLINE)).isFalse();
    assertThat(session.removeSnapshot(kept.moref(), TASK_DEADLINE)).isTrue();
    assertThat(session.snapshots(vm.moref())).isEmpty();
  }

  @Test
  void snapshottingAnUnknownVmIsNotFound() {
    VSphereException e =
        catchThrowableOfType(
            VSphereException.class,
            () -> session.createSnapshot("vm-9999", "x", "", false, TASK_DEADLINE));

    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(e.getMessage()).contains("vm-9999");
  }
}
