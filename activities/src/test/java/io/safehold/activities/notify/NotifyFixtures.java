package io.safehold.activities.notify;

import io.safehold.catalog.AssetDao;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.CredentialRow;
import io.safehold.catalog.NotificationDao;
import io.safehold.catalog.NotificationTargetRow;
import io.safehold.catalog.secrets.CredentialVault;
import io.safehold.workflows.notify.NotificationEvent;
import io.safehold.workflows.notify.NotificationEventType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Catalog rows for notification tests: credentials and targets, sealed as the API seals them. */
final class NotifyFixtures {

  final Jdbi jdbi;
  final CredentialVault vault = new CredentialVault(new byte[32]);

  NotifyFixtures(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  UUID credential(String name, String username, String secret) {
    UUID id = UUID.randomUUID();
    jdbi.onDemand(CredentialDao.class)
        .insert(
            new CredentialRow(
                id,
                name,
                "password",
                username,
                vault.seal(secret.getBytes(StandardCharsets.UTF_8)),
                null,
                null));
    return id;
  }

  NotificationTargetRow webhook(
      String name, String kind, String url, String secretHeader, UUID credentialId) {
    URI uri = URI.create(url);
    NotificationTargetRow row =
        new NotificationTargetRow(
            UUID.randomUUID(),
            name,
            kind,
            vault.seal(url.getBytes(StandardCharsets.UTF_8)),
            uri.getScheme() + "://" + uri.getAuthority(),
            secretHeader,
            null,
            null,
            true,
            null,
            null,
            null,
            credentialId,
            List.of("run-failed"),
            List.of(),
            true,
            null);
    jdbi.onDemand(NotificationDao.class).insert(row);
    return jdbi.onDemand(NotificationDao.class).find(row.id()).orElseThrow();
  }

  NotificationTargetRow email(
      String name, int port, boolean requireStartTls, String pin, UUID credentialId) {
    NotificationTargetRow row =
        new NotificationTargetRow(
            UUID.randomUUID(),
            name,
            "email",
            null,
            null,
            null,
            "127.0.0.1",
            port,
            requireStartTls,
            pin,
            "safehold@example.com",
            List.of("ops@example.com", "dr@example.com"),
            credentialId,
            List.of("run-failed"),
            List.of(),
            true,
            null);
    jdbi.onDemand(NotificationDao.class).insert(row);
    return jdbi.onDemand(NotificationDao.class).find(row.id()).orElseThrow();
  }

  /** A VM asset named vc1/web-01, for events that name it. */
  UUID vmAsset() {
    return jdbi.onDemand(AssetDao.class)
        .ensure(
            List.of(
                new AssetDao.NewAsset(UUID.randomUUID(), "vm", "vc1/web-01", "vsphere", "vm-1")))
        .get(0)
        .id();
  }

  static NotificationEvent runFailed(String runId) {
    return NotificationEvent.runEnded(
            NotificationEventType.RUN_FAILED,
            runId,
            "FAILED",
            "Reading disk 1 of 2 failed: vCenter refused the connection.",
            Instant.parse("2026-11-23T10:15:30Z"))
        .withAsset("8d3c1f9e-0000-4000-8000-000000000001", "vm", "vc1/web-01");
  }
}
