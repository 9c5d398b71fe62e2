package io.safehold.catalog.testing;

import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.CredentialRow;
import io.safehold.catalog.DiscoveredVm;
import io.safehold.catalog.VcenterDao;
import io.safehold.catalog.VcenterRow;
import io.safehold.catalog.VmDiskRow;
import io.safehold.catalog.secrets.CredentialVault;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Ready-made vSphere catalog rows for tests: a vCenter with its credential, discovered VMs. */
public final class VsphereRows {

  /** A SHA-1 thumbprint in the stored form. */
  public static final String THUMBPRINT =
      "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01";

  private VsphereRows() {}

  /**
   * Inserts a vCenter at {@code https://127.0.0.1:8989/sdk} with a new password credential and
   * {@link #THUMBPRINT}; returns it as stored.
   */
  public static VcenterRow vcenter(Jdbi jdbi, String name) {
    UUID credential = UUID.randomUUID();
    jdbi.onDemand(CredentialDao.class)
        .insert(
            new CredentialRow(
                credential, "vc-" + credential, "password", "admin", new byte[] {1}, null, null));
    VcenterDao vcenters = jdbi.onDemand(VcenterDao.class);
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

  /**
   * Registers a vCenter an activity can really log in to: {@code username}/{@code password} as a
   * password credential sealed with {@code vault}, trusting {@code thumbprint}; returns its id.
   */
  public static UUID vcenter(
      Jdbi jdbi,
      CredentialVault vault,
      String name,
      String url,
      String username,
      String password,
      String thumbprint) {
    UUID credential = UUID.randomUUID();
    jdbi.onDemand(CredentialDao.class)
        .insert(
            new CredentialRow(
                credential,
                name + "-login",
                "password",
                username,
                vault.seal(password.getBytes(StandardCharsets.UTF_8)),
                null,
                null));
    UUID id = UUID.randomUUID();
    jdbi.onDemand(VcenterDao.class)
        .insert(new VcenterRow(id, name, url, credential, thumbprint, false, null, null, null));
    return id;
  }

  /** A powered-on VM with CBT on and one 1 GiB disk (key 2000), as a discovery reports it. */
  public static DiscoveredVm vm(UUID vcenterId, String name, String instanceUuid) {
    return new DiscoveredVm(
        vcenterId,
        "vm-" + Math.abs(instanceUuid.hashCode()),
        instanceUuid,
        name,
        "DC0",
        "poweredOn",
        true,
        "[datastore1] " + name + "/" + name + ".vmx",
        List.of(disk(2000, name, 1L << 30)));
  }

  public static VmDiskRow disk(int key, String vmName, long capacity) {
    return new VmDiskRow(
        key,
        "Hard disk " + (key - 1999),
        capacity,
        "datastore1",
        "[datastore1] " + vmName + "/" + vmName + "_" + (key - 2000) + ".vmdk");
  }
}
