package io.safehold.api.testing;

import io.safehold.activities.storage.BackupLayout;
import io.safehold.catalog.ConfigVersionDao;
import io.safehold.catalog.ConfigVersionRow;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.CredentialRow;
import io.safehold.catalog.DeviceDao;
import io.safehold.catalog.DeviceRow;
import io.safehold.catalog.RunDao;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Catalog rows written straight through the DAOs, as the workers would leave them. */
public final class CatalogFixtures {

  private final TestStack stack;
  private Instant clock = Instant.parse("2026-01-01T00:00:00Z");

  public CatalogFixtures(TestStack stack) {
    this.stack = stack;
  }

  public UUID credential(String name) {
    UUID id = UUID.randomUUID();
    stack
        .services()
        .credentials()
        .insert(
            new CredentialRow(
                id,
                name,
                "password",
                "backup",
                stack.services().vault().seal("pw".getBytes(StandardCharsets.UTF_8)),
                null,
                null));
    return id;
  }

  /** A device with its own credential and an expected host key. */
  public UUID device(String name) {
    CredentialDao credentials = stack.services().credentials();
    UUID credential =
        credentials
            .findByName("fixture-cred")
            .map(CredentialRow::id)
            .orElseGet(() -> credential("fixture-cred"));
    UUID id = UUID.randomUUID();
    DeviceDao devices = stack.services().devices();
    devices.insert(
        new DeviceRow(
            id,
            name,
            "127.0.0.1",
            22,
            "cisco_ios",
            credential,
            null,
            "SHA256:" + "A".repeat(43),
            false,
            List.of(),
            null));
    return id;
  }

  /**
   * A finished backup run that stored {@code text} as the device's next config version, with the
   * object in the fake store.
   */
  public ConfigVersionRow configVersion(UUID deviceId, String text, String factsJson) {
    clock = clock.plus(1, ChronoUnit.HOURS);
    RunDao runs = stack.services().runs();
    UUID runId = UUID.randomUUID();
    runs.insertPending(runId, "backup", deviceId, "device-backup-" + runId);
    String key = BackupLayout.deviceConfig(deviceId.toString(), "sw", clock);
    byte[] content = text.getBytes(StandardCharsets.UTF_8);
    var stored = stack.store().put(key, content, "text/plain");
    runs.finish(runId, "COMPLETED", null, content.length, "{\"unchanged\":false}");
    ConfigVersionDao versions = stack.services().configVersions();
    return versions.recordNext(
        new ConfigVersionRow(
            deviceId, 0, runId, key, stored.size(), stored.sha256(), "sw", factsJson, clock));
  }
}
