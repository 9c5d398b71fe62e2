package io.safehold.api.testing;

import io.safehold.catalog.CredentialRow;
import io.safehold.catalog.DiscoveredVm;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.VcenterDao;
import io.safehold.catalog.VcenterRow;
import io.safehold.catalog.VmBackupRow;
import io.safehold.catalog.VmDiskRow;
import io.safehold.catalog.VmRow;
import java.util.List;
import java.util.UUID;

/** vCenters, VMs and VM backups written through the DAOs, as discovery and backups leave them. */
public final class VsphereFixtures {

  public static final String THUMBPRINT =
      "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01";

  private final TestStack stack;

  public VsphereFixtures(TestStack stack) {
    this.stack = stack;
  }

  /** A vCenter at {@code https://127.0.0.1:8989/sdk} with its own password credential. */
  public VcenterRow vcenter(String name) {
    UUID credential =
        stack
            .services()
            .credentials()
            .findByName("vc-login")
            .map(CredentialRow::id)
            .orElseGet(() -> new CatalogFixtures(stack).credential("vc-login"));
    VcenterDao vcenters = stack.services().vcenters();
    UUID id = UUID.randomUUID();
    vcenters.insert(
        new VcenterRow(
            id,
            name,
            "https://127.0.0.1:8989/sdk",
            credential,
            THUMBPRINT,
            false,
            null,
            null,
            null));
    return vcenters.find(id).orElseThrow();
  }

  /** A powered-on VM with CBT and two disks (keys 2000 and 2001), as discovery records it. */
  public VmRow vm(VcenterRow vcenter, String name, String instanceUuid) {
    UUID id =
        stack
            .services()
            .vms()
            .upsert(
                new DiscoveredVm(
                    vcenter.id(),
                    "vm-" + instanceUuid,
                    instanceUuid,
                    name,
                    "DC0",
                    "poweredOn",
                    true,
                    "[datastore1] " + name + "/" + name + ".vmx",
                    List.of(
                        new VmDiskRow(
                            2000,
                            "Hard disk 1",
                            1L << 30,
                            "datastore1",
                            "[datastore1] " + name + "/" + name + ".vmdk"),
                        new VmDiskRow(
                            2001,
                            "Hard disk 2",
                            1L << 20,
                            "datastore1",
                            "[datastore1] " + name + "/" + name + "_1.vmdk"))))
            .vmId();
    return stack.services().vms().find(id).orElseThrow();
  }

  /** Marks every VM of the vCenter removed, as a discovery that found none would. */
  public void removeAllVms(VcenterRow vcenter) {
    stack.services().vms().markRemovedExcept(vcenter.id(), List.of());
  }

  /** A full backup run of the VM that ended in {@code status}, with its manifest. */
  public UUID backup(VmRow vm, String status, long bytesRead, long bytesStored) {
    RunDao runs = stack.services().runs();
    UUID run = UUID.randomUUID();
    runs.insertPending(run, "backup", vm.id(), "vm-backup/" + vm.assetName() + "/" + run);
    stack
        .services()
        .vmBackups()
        .insert(
            new VmBackupRow(
                run,
                vm.id(),
                "FULL",
                "INCREMENTAL",
                null,
                "no earlier backup",
                4 << 20,
                "safehold-" + run,
                "vms/" + vm.id() + "/" + run + "/manifest.json",
                bytesRead,
                bytesStored));
    runs.finish(run, status, null, bytesStored, null);
    return run;
  }
}
