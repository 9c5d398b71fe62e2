package io.safehold.activities.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.safehold.activities.vsphere.VSphereException.Kind;
import io.safehold.testbed.vcsim.DiskContent;
import io.safehold.testbed.vcsim.VcsimProcess;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Listing vcsim's default inventory and reading files of it over {@code /folder}. */
class VSphereInventoryTest {

  static {
    StderrCapture.debugThisPackage();
  }

  private static final int DISK_MIB = 24;

  private static VcsimProcess vcsim;
  private static VSphereSession session;

  @BeforeAll
  static void start() {
    vcsim = VcsimProcess.start(VcsimProcess.Options.defaults().withDiskMib(DISK_MIB));
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

  @Test
  void listsBothVmsWithTheirDisksConfigFilesPowerAndTracking() {
    List<VmInventory> vms = session.listVms();

    assertThat(vms)
        .extracting(VmInventory::name)
        .containsExactlyInAnyOrder("DC0_H0_VM0", "DC0_H0_VM1");
    for (VmInventory vm : vms) {
      String name = vm.name();
      assertThat(vm.moref()).startsWith("vm-");
      assertThat(vm.instanceUuid()).matches("[0-9a-f-]{36}");
      assertThat(vm.powerState()).isEqualTo("poweredOn");
      assertThat(vm.changeTrackingEnabled()).isTrue();
      assertThat(vm.datacenter()).isEqualTo(VcsimProcess.DATACENTER);
      assertThat(vm.datacenterPath()).isEqualTo(VcsimProcess.DATACENTER);
      assertThat(vm.vmx())
          .hasToString("[" + vcsim.datastoreName() + "] " + name + "/" + name + ".vmx");
      assertThat(vm.configFiles())
          .extracting(DatastorePath::path)
          .containsExactly(name + "/" + name + ".vmx", name + "/" + name + ".nvram");
      assertThat(vm.disks()).hasSize(1);
      VmDisk disk = vm.disks().get(0);
      assertThat(disk.capacityBytes()).isEqualTo(DISK_MIB * 1024L * 1024);
      assertThat(disk.file()).hasToString("[LocalDS_0] " + name + "/disk1.vmdk");
      assertThat(disk.datastore()).isEqualTo(vcsim.datastoreName());
      assertThat(disk.label()).isNotBlank();
    }
    assertThat(vms.get(0).instanceUuid()).isNotEqualTo(vms.get(1).instanceUuid());
  }

  @Test
  void findsOneVmByMorefAsTheListingDoes() {
    VmInventory listed =
        session.listVms().stream()
            .filter(vm -> vm.name().equals("DC0_H0_VM1"))
            .findFirst()
            .orElseThrow();

    assertThat(session.findVm(listed.moref())).isEqualTo(listed);
  }

  @Test
  void anUnknownVmIsNotFound() {
    VSphereException e =
        catchThrowableOfType(VSphereException.class, () -> session.findVm("vm-9999"));

    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("vm-9999").contains(vcsim.sdkUrl().toString());
  }

  @Test
  void theDatastoreUrlReadsTheDiskAndConfigFilesWithTheSessionCookie() throws Exception {
    VmInventory vm =
        session.listVms().stream()
            .filter(v -> v.name().equals("DC0_H0_VM0"))
            .findFirst()
            .orElseThrow();
    DiskContent.overwrite(vcsim.flatFile("DC0_H0_VM0"), 3 * 1024 * 1024, 8192, 7);
    byte[] expected =
        Arrays.copyOfRange(
            Files.readAllBytes(vcsim.flatFile("DC0_H0_VM0")),
            3 * 1024 * 1024 + 100,
            3 * 1024 * 1024 + 4196);
    String flat = vm.disks().get(0).file().path().replace(".vmdk", "-flat.vmdk");

    HttpRequest.Builder range =
        HttpRequest.newBuilder(
                session.datastoreFileUrl(vm.datacenterPath(), vm.disks().get(0).datastore(), flat))
            .header("Range", "bytes=" + (3 * 1024 * 1024 + 100) + "-" + (3 * 1024 * 1024 + 4195))
            .timeout(Duration.ofSeconds(30));
    session.authorize(range);
    HttpResponse<byte[]> read =
        session.httpClient().send(range.build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(read.statusCode()).isEqualTo(206);
    assertThat(read.body()).isEqualTo(expected);
    for (DatastorePath file : vm.configFiles()) {
      HttpRequest.Builder get =
          HttpRequest.newBuilder(
                  session.datastoreFileUrl(vm.datacenterPath(), file.datastore(), file.path()))
              .timeout(Duration.ofSeconds(30));
      session.authorize(get);
      assertThat(
              session
                  .httpClient()
                  .send(get.build(), HttpResponse.BodyHandlers.discarding())
                  .statusCode())
          .as("GET %s", file)
          .isEqualTo(200);
    }
  }

  @Test
  void datastoreUrlsEncodeSpacesAndSpecialCharacters() {
    assertThat(session.datastoreFileUrl("Lab DC/Prod", "ds #1", "my vm/disk+1.vmdk"))
        .hasToString(
            "https://"
                + vcsim.sdkUrl().getRawAuthority()
                + "/folder/my%20vm/disk%2B1.vmdk?dcPath=Lab%20DC%2FProd&dsName=ds%20%231");
  }
}
