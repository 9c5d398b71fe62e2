package io.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.safehold.catalog.VmDao.Change;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.catalog.testing.VsphereRows;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VmDaoTest {

  private Jdbi jdbi;
  private VmDao vms;
  private VcenterRow vc;

  @BeforeEach
  void setUp() {
    jdbi = TestDatabase.get().fresh().jdbi();
    vms = jdbi.onDemand(VmDao.class);
    vc = VsphereRows.vcenter(jdbi, "vc1");
  }

  private static DiscoveredVm renamed(DiscoveredVm vm, String name) {
    return new DiscoveredVm(
        vm.vcenterId(),
        vm.moref(),
        vm.instanceUuid(),
        name,
        vm.datacenter(),
        vm.powerState(),
        vm.cbtEnabled(),
        vm.vmxPath(),
        vm.disks());
  }

  private static DiscoveredVm withDisks(DiscoveredVm vm, List<VmDiskRow> disks) {
    return new DiscoveredVm(
        vm.vcenterId(),
        vm.moref(),
        vm.instanceUuid(),
        vm.name(),
        vm.datacenter(),
        vm.powerState(),
        vm.cbtEnabled(),
        vm.vmxPath(),
        disks);
  }

  @Test
  void aNewVmIsAddedAsAnAssetWithItsDisks() {
    DiscoveredVm web = VsphereRows.vm(vc.id(), "web", "uuid-1");

    VmDao.Upserted added = vms.upsert(web);
    VmRow read = vms.find(added.vmId()).orElseThrow();

    assertThat(added.change()).isEqualTo(Change.ADDED);
    assertThat(read.assetName()).isEqualTo("vc1/web");
    assertThat(read.vcenterId()).isEqualTo(vc.id());
    assertThat(read.vcenterName()).isEqualTo("vc1");
    assertThat(read.name()).isEqualTo("web");
    assertThat(read.moref()).isEqualTo(web.moref());
    assertThat(read.instanceUuid()).isEqualTo("uuid-1");
    assertThat(read.datacenter()).isEqualTo("DC0");
    assertThat(read.powerState()).isEqualTo("poweredOn");
    assertThat(read.cbtEnabled()).isTrue();
    assertThat(read.vmxPath()).isEqualTo("[datastore1] web/web.vmx");
    assertThat(read.removedAt()).isNull();
    assertThat(read.discoveredAt()).isNotNull();
    assertThat(vms.disks(added.vmId())).isEqualTo(web.disks());
    assertThat(vms.findByInstanceUuid(vc.id(), "uuid-1")).get().isEqualTo(read);
    String[] asset =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT kind, system FROM assets WHERE id = :id")
                    .bind("id", added.vmId())
                    .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                    .one());
    assertThat(asset).containsExactly("vm", "vsphere");
  }

  @Test
  void theSameVmAgainIsUnchangedAndARenameUpdatesItsAssetName() {
    DiscoveredVm web = VsphereRows.vm(vc.id(), "web", "uuid-1");
    UUID id = vms.upsert(web).vmId();

    VmDao.Upserted again = vms.upsert(web);
    VmDao.Upserted renamed = vms.upsert(renamed(web, "web-prod"));

    assertThat(again).isEqualTo(new VmDao.Upserted(id, Change.UNCHANGED));
    assertThat(renamed).isEqualTo(new VmDao.Upserted(id, Change.UPDATED));
    VmRow read = vms.find(id).orElseThrow();
    assertThat(read.name()).isEqualTo("web-prod");
    assertThat(read.assetName()).isEqualTo("vc1/web-prod");
  }

  @Test
  void changedDisksAreReplaced() {
    DiscoveredVm web = VsphereRows.vm(vc.id(), "web", "uuid-1");
    UUID id = vms.upsert(web).vmId();
    List<VmDiskRow> grown =
        List.of(VsphereRows.disk(2001, "web", 4096), VsphereRows.disk(2000, "web", 2L << 30));

    VmDao.Upserted updated = vms.upsert(withDisks(web, grown));

    assertThat(updated.change()).isEqualTo(Change.UPDATED);
    assertThat(vms.disks(id))
        .extracting(VmDiskRow::diskKey, VmDiskRow::capacityBytes)
        .containsExactly(tuple(2000, 2L << 30), tuple(2001, 4096L));
    assertThat(vms.upsert(withDisks(web, grown)).change()).isEqualTo(Change.UNCHANGED);
  }

  @Test
  void aVmCanHaveNoDisksAndLoseThemAll() {
    DiscoveredVm web = VsphereRows.vm(vc.id(), "web", "uuid-1");
    UUID bare = vms.upsert(withDisks(VsphereRows.vm(vc.id(), "bare", "uuid-2"), List.of())).vmId();
    UUID id = vms.upsert(web).vmId();

    VmDao.Upserted emptied = vms.upsert(withDisks(web, List.of()));

    assertThat(vms.disks(bare)).isEmpty();
    assertThat(emptied.change()).isEqualTo(Change.UPDATED);
    assertThat(vms.disks(id)).isEmpty();
  }

  @Test
  void vmsNoLongerReportedAreMarkedRemovedAndComeBackWhenSeenAgain() {
    DiscoveredVm web = VsphereRows.vm(vc.id(), "web", "uuid-1");
    DiscoveredVm db = VsphereRows.vm(vc.id(), "db", "uuid-2");
    UUID webId = vms.upsert(web).vmId();
    UUID dbId = vms.upsert(db).vmId();
    VcenterRow other = VsphereRows.vcenter(jdbi, "vc2");
    UUID elsewhere = vms.upsert(VsphereRows.vm(other.id(), "web", "uuid-1")).vmId();

    int gone = vms.markRemovedExcept(vc.id(), List.of("uuid-2"));
    int goneAgain = vms.markRemovedExcept(vc.id(), List.of("uuid-2"));

    assertThat(gone).isEqualTo(1);
    assertThat(goneAgain).isZero();
    assertThat(vms.find(webId).orElseThrow().removedAt()).isNotNull();
    assertThat(vms.find(dbId).orElseThrow().removedAt()).isNull();
    assertThat(vms.find(elsewhere).orElseThrow().removedAt()).isNull();
    assertThat(vms.upsert(web)).isEqualTo(new VmDao.Upserted(webId, Change.UPDATED));
    assertThat(vms.find(webId).orElseThrow().removedAt()).isNull();
    assertThat(vms.markRemovedExcept(vc.id(), List.of())).isEqualTo(2);
  }

  @Test
  void twoLiveVmsOfOneNameGetDistinctAssetNames() {
    UUID first = vms.upsert(VsphereRows.vm(vc.id(), "web", "uuid-1")).vmId();
    UUID second = vms.upsert(VsphereRows.vm(vc.id(), "web", "uuid-2")).vmId();

    assertThat(vms.find(first).orElseThrow().assetName()).isEqualTo("vc1/web");
    assertThat(vms.find(second).orElseThrow().assetName()).isEqualTo("vc1/web [uuid-2]");
    assertThat(vms.upsert(VsphereRows.vm(vc.id(), "web", "uuid-2")).change())
        .isEqualTo(Change.UNCHANGED);
  }

  @Test
  void aRecreatedVmTakesItsNameFromTheRemovedOne() {
    UUID old = vms.upsert(VsphereRows.vm(vc.id(), "web", "uuid-1")).vmId();
    vms.markRemovedExcept(vc.id(), List.of());

    UUID recreated = vms.upsert(VsphereRows.vm(vc.id(), "web", "uuid-2")).vmId();

    assertThat(vms.find(recreated).orElseThrow().assetName()).isEqualTo("vc1/web");
    assertThat(vms.find(old).orElseThrow().assetName()).isEqualTo("vc1/web [uuid-1]");
  }

  @Test
  void listFiltersByVcenterNameAndRemovalAndPagesByAssetName() {
    VcenterRow other = VsphereRows.vcenter(jdbi, "vc2");
    vms.upsert(VsphereRows.vm(vc.id(), "Web-01", "u1"));
    vms.upsert(VsphereRows.vm(vc.id(), "web-02", "u2"));
    vms.upsert(VsphereRows.vm(vc.id(), "db-01", "u3"));
    vms.upsert(VsphereRows.vm(other.id(), "web-03", "u4"));
    vms.markRemovedExcept(vc.id(), List.of("u1", "u3"));

    assertThat(vms.list(null, null, false, null, 100))
        .extracting(VmRow::assetName)
        .containsExactlyInAnyOrder("vc1/Web-01", "vc1/db-01", "vc2/web-03");
    assertThat(vms.list(null, null, true, null, 100)).hasSize(4);
    assertThat(vms.list(vc.id(), "WEB", true, null, 100))
        .extracting(VmRow::name)
        .containsExactlyInAnyOrder("Web-01", "web-02");
    assertThat(vms.list(null, "%", true, null, 100)).isEmpty();
    List<VmRow> first = vms.list(null, null, true, null, 3);
    List<VmRow> second = vms.list(null, null, true, first.get(2).assetName(), 3);
    assertThat(first).hasSize(3);
    assertThat(second).hasSize(1);
    assertThat(Stream.concat(first.stream(), second.stream()).map(VmRow::instanceUuid))
        .containsExactlyInAnyOrder("u1", "u2", "u3", "u4");
  }

  @Test
  void aVmOfAnUnknownVcenterIsRefused() {
    DiscoveredVm orphan = VsphereRows.vm(UUID.randomUUID(), "web", "uuid-1");

    assertThatThrownBy(() -> vms.upsert(orphan))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining(orphan.vcenterId().toString());
  }
}
