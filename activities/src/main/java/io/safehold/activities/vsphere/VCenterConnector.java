package io.safehold.activities.vsphere;

import io.safehold.activities.catalog.CatalogIds;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.CredentialRow;
import io.safehold.catalog.VcenterDao;
import io.safehold.catalog.VcenterRow;
import io.safehold.catalog.VmDao;
import io.safehold.catalog.VmRow;
import io.safehold.catalog.secrets.CredentialVault;
import io.safehold.workflows.vsphere.VSphereActivities;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens vSphere sessions for catalog vCenters and VMs. The credential is read and decrypted here,
 * inside the activity, so no secret crosses a workflow. Trust is the pinned thumbprint, or for a
 * vCenter registered with pin-on-first-use, the thumbprint seen at the first connection, which is
 * recorded and required from then on.
 */
final class VCenterConnector {

  private static final Logger LOG = LoggerFactory.getLogger(VCenterConnector.class);

  /** Failure type: the catalog has no vCenter with this id. */
  static final String VCENTER_NOT_FOUND = "VcenterNotFound";

  /** Failure type: the vCenter's credential is missing, of the wrong kind, or unreadable. */
  static final String CREDENTIAL_UNUSABLE = VSphereActivities.CREDENTIAL_UNUSABLE;

  private final Jdbi jdbi;
  private final CredentialVault vault;

  VCenterConnector(Jdbi jdbi, CredentialVault vault) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.vault = Objects.requireNonNull(vault, "vault");
  }

  /** A catalog VM and the vCenter it belongs to. */
  record VmTarget(VmRow vm, VcenterRow vcenter) {}

  VcenterRow vcenter(String vcenterId) {
    UUID id = CatalogIds.parse(vcenterId, "vCenter", VCENTER_NOT_FOUND);
    return jdbi.onDemand(VcenterDao.class)
        .find(id)
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "vCenter " + id + " does not exist in the catalog", VCENTER_NOT_FOUND));
  }

  VmTarget vm(String vmId) {
    UUID id = CatalogIds.parse(vmId, "VM", VSphereActivities.VM_NOT_FOUND);
    VmRow vm =
        jdbi.onDemand(VmDao.class)
            .find(id)
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "VM " + id + " does not exist in the catalog",
                        VSphereActivities.VM_NOT_FOUND));
    return new VmTarget(vm, vcenter(vm.vcenterId().toString()));
  }

  /**
   * Logs in to the vCenter.
   *
   * @throws VSphereException as {@link VSphereSession#open} does
   * @throws ApplicationFailure non-retryable when the credential cannot be used
   */
  VSphereSession open(VcenterRow vcenter) {
    URI url = URI.create(vcenter.url());
    String pin = vcenter.thumbprint();
    if (pin == null && vcenter.pinOnFirstUse()) {
      pin = ThumbprintProbe.fetch(url).sha256();
      // Only the first connection pins; a concurrent one that pinned first wins.
      if (jdbi.onDemand(VcenterDao.class).setThumbprint(vcenter.id(), pin)) {
        LOG.info("vCenter {} ({}) pinned on first use: SHA-256 {}", vcenter.name(), url, pin);
      }
      pin = jdbi.onDemand(VcenterDao.class).find(vcenter.id()).map(VcenterRow::thumbprint).orElse(pin);
    }
    VSphereEndpoint endpoint =
        pin == null ? VSphereEndpoint.caTrusted(url) : VSphereEndpoint.pinned(url, pin);
    CredentialRow credential =
        jdbi.onDemand(CredentialDao.class)
            .find(vcenter.credentialId())
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "the credential of vCenter " + vcenter.name() + " no longer exists",
                        CREDENTIAL_UNUSABLE));
    if (!"password".equals(credential.kind())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "credential '"
              + credential.name()
              + "' of vCenter "
              + vcenter.name()
              + " is a "
              + credential.kind()
              + "; vCenter needs a password credential",
          CREDENTIAL_UNUSABLE);
    }
    String password;
    try {
      password = vault.openText(credential.secretEnc());
    } catch (CredentialVault.SecretUnreadableException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the secret of credential '"
              + credential.name()
              + "' cannot be decrypted with this server's key",
          CREDENTIAL_UNUSABLE);
    }
    return VSphereSession.open(endpoint, credential.username(), password);
  }
}
