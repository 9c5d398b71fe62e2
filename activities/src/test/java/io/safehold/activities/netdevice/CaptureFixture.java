package io.safehold.activities.netdevice;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.CredentialRow;
import io.safehold.catalog.DeviceDao;
import io.safehold.catalog.DeviceRow;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunEventRow;
import io.safehold.catalog.secrets.CredentialVault;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.netdevice.CaptureRequest;
import io.safehold.workflows.netdevice.CapturedConfig;
import io.safehold.workflows.netdevice.NetDeviceActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One test's world: a fresh catalog, a vault, an in-memory store, and the activity running in
 * Temporal's activity test environment (one attempt, so a retryable failure surfaces at once).
 */
final class CaptureFixture implements AutoCloseable {

  static final Instant NOW = Instant.parse("2026-11-23T10:11:12Z");

  final TestDatabase db = TestDatabase.get().fresh();
  final CredentialVault vault = CredentialVault.fromBase64(CredentialVault.newBase64Key());
  final InMemoryObjectStore store = new InMemoryObjectStore();
  final List<String> heartbeats = new CopyOnWriteArrayList<>();
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  final NetDeviceActivities activities;

  CaptureFixture() {
    this(DeviceProfiles.builtIn());
  }

  CaptureFixture(DeviceProfiles profiles) {
    this(profiles, new SshTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)));
  }

  CaptureFixture(DeviceProfiles profiles, SshTimeouts timeouts) {
    env.registerActivitiesImplementations(
        new NetDeviceActivitiesImpl(
            db.jdbi(), vault, store, profiles, Clock.fixed(NOW, ZoneOffset.UTC), timeouts));
    env.setActivityHeartbeatListener(String.class, heartbeats::add);
    activities =
        env.newActivityStub(
            NetDeviceActivities.class,
            ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.NETDEVICE)
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  UUID passwordCredential(String name, String username, String password) {
    return credential(name, "password", username, password, null);
  }

  UUID credential(String name, String kind, String username, String secret, String passphrase) {
    UUID id = UUID.randomUUID();
    db.jdbi()
        .onDemand(CredentialDao.class)
        .insert(
            new CredentialRow(
                id,
                name,
                kind,
                username,
                vault.seal(secret.getBytes(StandardCharsets.UTF_8)),
                passphrase == null ? null : vault.seal(passphrase.getBytes(StandardCharsets.UTF_8)),
                null));
    return id;
  }

  DeviceRow device(
      String name,
      int port,
      String type,
      UUID credentialId,
      UUID jumpHostId,
      String hostKey,
      boolean pinOnFirstUse,
      List<String> tags) {
    DeviceRow row =
        new DeviceRow(
            UUID.randomUUID(),
            name,
            "127.0.0.1",
            port,
            type,
            credentialId,
            jumpHostId,
            hostKey,
            pinOnFirstUse,
            tags,
            null);
    devices().insert(row);
    return row;
  }

  DeviceDao devices() {
    return db.jdbi().onDemand(DeviceDao.class);
  }

  /** A PENDING run to hang the session log on. */
  UUID run(UUID deviceId) {
    UUID runId = UUID.randomUUID();
    db.jdbi().onDemand(RunDao.class).insertPending(runId, "backup", deviceId, "wf-" + runId);
    return runId;
  }

  CapturedConfig capture(UUID runId, DeviceRow device, String previousSha256) {
    return activities.captureConfig(
        new CaptureRequest(
            runId == null ? null : runId.toString(), device.id().toString(), previousSha256));
  }

  List<RunEventRow> events(UUID runId) {
    return db.jdbi().onDemand(RunDao.class).events(runId);
  }

  String stored(String key) {
    return new String(store.objects().get(key), StandardCharsets.UTF_8);
  }

  /** Runs the capture, expects it to fail, and returns the activity's own failure. */
  ApplicationFailure failure(UUID runId, DeviceRow device) {
    ApplicationFailure[] failure = new ApplicationFailure[1];
    assertThatThrownBy(() -> capture(runId, device, null))
        .isInstanceOf(ActivityFailure.class)
        .satisfies(e -> failure[0] = (ApplicationFailure) e.getCause());
    return failure[0];
  }

  @Override
  public void close() {
    env.close();
  }
}
