package io.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.safehold.catalog.testing.TestDatabase;
import io.safehold.catalog.testing.VsphereRows;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VcenterDaoTest {

  private Jdbi jdbi;
  private VcenterDao vcenters;
  private VmDao vms;
  private RunDao runs;

  @BeforeEach
  void setUp() {
    jdbi = TestDatabase.get().fresh().jdbi();
    vcenters = jdbi.onDemand(VcenterDao.class);
    vms = jdbi.onDemand(VmDao.class);
    runs = jdbi.onDemand(RunDao.class);
  }

  private VcenterRow pinning(String name) {
    VcenterRow template = VsphereRows.vcenter(jdbi, "template-" + name);
    VcenterRow row =
        new VcenterRow(
            UUID.randomUUID(),
            name,
            "https://vc.example:443/sdk",
            template.credentialId(),
            null,
            true,
            null,
            null,
            null);
    vcenters.insert(row);
    return row;
  }

  @Test
  void insertedVcenterReadsBackByIdAndNameAndListsByName() {
    VcenterRow b = VsphereRows.vcenter(jdbi, "vc-b");
    VcenterRow a = VsphereRows.vcenter(jdbi, "vc-a");

    VcenterRow read = vcenters.find(b.id()).orElseThrow();

    assertThat(read.name()).isEqualTo("vc-b");
    assertThat(read.url()).isEqualTo("https://127.0.0.1:8989/sdk");
    assertThat(read.thumbprint()).isEqualTo(VsphereRows.THUMBPRINT);
    assertThat(read.pinOnFirstUse()).isFalse();
    assertThat(read.createdAt()).isNotNull();
    assertThat(read.lastDiscoveryAt()).isNull();
    assertThat(vcenters.findByName("vc-a")).get().extracting(VcenterRow::id).isEqualTo(a.id());
    assertThat(vcenters.list()).extracting(VcenterRow::name).containsExactly("vc-a", "vc-b");
    assertThat(vcenters.listByCredential(b.credentialId()))
        .extracting(VcenterRow::id)
        .containsExactly(b.id());
  }

  @Test
  void aVcenterWithoutThumbprintMustPinOnFirstUse() {
    VcenterRow existing = VsphereRows.vcenter(jdbi, "vc1");
    VcenterRow trustAll =
        new VcenterRow(
            UUID.randomUUID(),
            "vc2",
            existing.url(),
            existing.credentialId(),
            null,
            false,
            null,
            null,
            null);

    assertThatThrownBy(() -> vcenters.insert(trustAll))
        .isInstanceOf(UnableToExecuteStatementException.class);
    assertThat(vcenters.findByName("vc2")).isEmpty();
  }

  @Test
  void pinOnFirstUseRecordsTheFirstThumbprintOnly() {
    VcenterRow row = pinning("tofu");

    assertThat(vcenters.setThumbprint(row.id(), "AA:BB")).isTrue();
    assertThat(vcenters.setThumbprint(row.id(), "CC:DD")).isFalse();
    assertThat(vcenters.find(row.id()).orElseThrow().thumbprint()).isEqualTo("AA:BB");
  }

  @Test
  void aVcenterThatCarriesItsThumbprintIsNeverRepinned() {
    VcenterRow row = VsphereRows.vcenter(jdbi, "strict");

    assertThat(vcenters.setThumbprint(row.id(), "CC:DD")).isFalse();
    assertThat(vcenters.find(row.id()).orElseThrow().thumbprint())
        .isEqualTo(VsphereRows.THUMBPRINT);
  }

  @Test
  void recordDiscoveryKeepsTheLastOutcome() {
    VcenterRow row = VsphereRows.vcenter(jdbi, "vc1");

    assertThat(vcenters.recordDiscovery(row.id(), "login refused")).isTrue();
    VcenterRow failed = vcenters.find(row.id()).orElseThrow();
    assertThat(vcenters.recordDiscovery(row.id(), null)).isTrue();
    VcenterRow ok = vcenters.find(row.id()).orElseThrow();

    assertThat(failed.lastDiscoveryError()).isEqualTo("login refused");
    assertThat(failed.lastDiscoveryAt()).isNotNull();
    assertThat(ok.lastDiscoveryError()).isNull();
    assertThat(ok.lastDiscoveryAt()).isAfterOrEqualTo(failed.lastDiscoveryAt());
    assertThat(vcenters.recordDiscovery(UUID.randomUUID(), null)).isFalse();
  }

  @Test
  void deleteTakesTheVmsAndTheirAssetsButKeepsTheirRuns() {
    VcenterRow row = VsphereRows.vcenter(jdbi, "vc1");
    VcenterRow other = VsphereRows.vcenter(jdbi, "vc2");
    UUID vm = vms.upsert(VsphereRows.vm(row.id(), "web", "uuid-1")).vmId();
    UUID kept = vms.upsert(VsphereRows.vm(other.id(), "web", "uuid-1")).vmId();
    UUID run = UUID.randomUUID();
    runs.insertPending(run, "backup", vm, "wf");
    runs.finish(run, "FAILED", "could not log in", 0, null);

    assertThat(vcenters.countBackups(row.id())).isZero();
    assertThat(vcenters.delete(row.id())).isTrue();

    assertThat(vcenters.find(row.id())).isEmpty();
    assertThat(vms.find(vm)).isEmpty();
    assertThat(vms.disks(vm)).isEmpty();
    assertThat(assetCount(vm)).isZero();
    assertThat(runs.find(run)).get().extracting(RunRow::assetId).isNull();
    assertThat(vms.find(kept)).isPresent();
    assertThat(vcenters.delete(row.id())).isFalse();
  }

  @Test
  void activeAndRecordedBackupsAreCountedPerVcenter() {
    VcenterRow row = VsphereRows.vcenter(jdbi, "vc1");
    UUID vm = vms.upsert(VsphereRows.vm(row.id(), "web", "uuid-1")).vmId();
    UUID running = UUID.randomUUID();
    UUID finished = UUID.randomUUID();
    UUID discovery = UUID.randomUUID();
    runs.insertPending(running, "backup", vm, "wf-1");
    runs.insertPending(finished, "backup", vm, "wf-2");
    runs.insertPending(discovery, "discover", null, "wf-3");
    jdbi.onDemand(VmBackupDao.class)
        .insert(new VmBackupRow(finished, vm, "FULL", "FULL", null, null, 1024, "s", null, 0, 0));
    runs.finish(finished, "COMPLETED", null, 0, null);

    assertThat(vcenters.countActiveBackups(row.id())).isEqualTo(1);
    assertThat(vcenters.countBackups(row.id())).isEqualTo(1);
    assertThatThrownBy(() -> vcenters.delete(row.id()))
        .isInstanceOf(UnableToExecuteStatementException.class);
    assertThat(vcenters.find(row.id())).isPresent();
    assertThat(vms.find(vm)).isPresent();
  }

  @Test
  void aCredentialInUseByAVcenterCannotBeDeleted() {
    VcenterRow row = VsphereRows.vcenter(jdbi, "vc1");
    CredentialDao credentials = jdbi.onDemand(CredentialDao.class);

    assertThatThrownBy(() -> credentials.delete(row.credentialId()))
        .isInstanceOf(UnableToExecuteStatementException.class);
    assertThat(credentials.find(row.credentialId())).isPresent();
  }

  private int assetCount(UUID id) {
    List<Integer> found =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM assets WHERE id = :id")
                    .bind("id", id)
                    .mapTo(Integer.class)
                    .list());
    return found.get(0);
  }
}
