package io.safehold.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.safehold.catalog.AlertDao;
import io.safehold.catalog.AwarenessDao;
import io.safehold.catalog.ConfigVersionDao;
import io.safehold.catalog.ConfigVersionRow;
import io.safehold.catalog.DeviceDao;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunRow;
import io.safehold.catalog.testing.SampleRows;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.workflows.netdevice.CapturedConfig;
import io.safehold.workflows.netdevice.ConfigVersionRef;
import io.safehold.workflows.netdevice.DeviceBackupResult;
import io.safehold.workflows.netdevice.DeviceFacts;
import io.safehold.workflows.run.RunStatus;
import io.safehold.workflows.run.StoredObject;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceCatalogActivitiesImplTest {

  private static final Instant NOW = Instant.parse("2026-05-01T10:00:00.123456Z");
  private static final DeviceFacts FACTS =
      new DeviceFacts("core-sw1", "WS-C2960X-48TS-L", "15.2(7)E3", "FOC1932X0K1");

  private Jdbi jdbi;
  private DeviceCatalogActivitiesImpl activities;
  private UUID device;

  @BeforeEach
  void setUp() {
    jdbi = TestDatabase.get().fresh().jdbi();
    activities = new DeviceCatalogActivitiesImpl(jdbi, Clock.fixed(NOW, ZoneOffset.UTC));
    var row = SampleRows.device("core-sw1");
    jdbi.onDemand(DeviceDao.class).insert(row);
    device = row.id();
  }

  private String run() {
    UUID id = UUID.randomUUID();
    jdbi.onDemand(RunDao.class).insertPending(id, "backup", device, "wf-" + id);
    return id.toString();
  }

  private CapturedConfig captured(String sha256, long size) {
    String key = "configs/" + device + "/core-sw1_" + sha256 + ".txt";
    return new CapturedConfig(FACTS, sha256, size, new StoredObject(key, size, sha256));
  }

  private static void assertFailsFor(String type, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(type);
              assertThat(f.isNonRetryable()).isTrue();
            });
  }

  private RunRow runRow(String run) {
    return jdbi.onDemand(RunDao.class).find(UUID.fromString(run)).orElseThrow();
  }

  private List<String> events(String run) {
    return jdbi.onDemand(RunDao.class).events(UUID.fromString(run)).stream()
        .map(e -> e.type() + ": " + e.message())
        .toList();
  }

  @Test
  void beginningABackupMarksTheRunRunningAndSaysThereIsNoVersionYet() {
    String run = run();

    assertThat(activities.beginBackup(run, "temporal-run-1", device.toString())).isNull();

    RunRow row = runRow(run);
    assertThat(row.status()).isEqualTo("RUNNING");
    assertThat(row.phase()).isEqualTo("connect");
    assertThat(row.temporalRunId()).isEqualTo("temporal-run-1");
  }

  @Test
  void aStoredConfigBecomesVersionOneWithItsFactsAndFinishesTheRun() {
    String run = run();
    activities.beginBackup(run, "t", device.toString());

    DeviceBackupResult result =
        activities.completeBackup(run, device.toString(), captured("aa11", 812), null);

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(result.configVersion()).isEqualTo(1);
    assertThat(result.unchanged()).isFalse();
    assertThat(result.objectKey()).isEqualTo("configs/" + device + "/core-sw1_aa11.txt");
    assertThat(result.sha256()).isEqualTo("aa11");

    ConfigVersionRow version = jdbi.onDemand(ConfigVersionDao.class).find(device, 1).orElseThrow();
    assertThat(version.runId()).isEqualTo(UUID.fromString(run));
    assertThat(version.hostname()).isEqualTo("core-sw1");
    assertThat(version.capturedAt()).isEqualTo(NOW);
    assertThat(version.facts())
        .contains("\"hostname\": \"core-sw1\"")
        .contains("\"model\": \"WS-C2960X-48TS-L\"")
        .contains("\"osVersion\": \"15.2(7)E3\"")
        .contains("\"serial\": \"FOC1932X0K1\"");

    RunRow row = runRow(run);
    assertThat(row.status()).isEqualTo("COMPLETED");
    assertThat(row.bytes()).isEqualTo(812);
    assertThat(row.result())
        .contains("\"configVersion\": 1")
        .contains("\"unchanged\": false")
        .contains("\"model\": \"WS-C2960X-48TS-L\"");
    assertThat(events(run)).containsExactly("success: Stored version 1 (812 bytes).");
    assertThat(jdbi.onDemand(RunDao.class).artifacts(UUID.fromString(run)))
        .extracting(a -> a.objectKey() + " " + a.size() + " " + a.sha256())
        .containsExactly(result.objectKey() + " 812 aa11");
    assertThat(activities.beginBackup(run(), "t", device.toString()))
        .isEqualTo(new ConfigVersionRef(1, result.objectKey(), 812, "aa11"));
  }

  @Test
  void aCompletedBackupClearsTheDevicesNoBackupAlert() {
    AlertDao alerts = jdbi.onDemand(AlertDao.class);
    long alert = alerts.raise(AwarenessDao.NO_BACKUP, device, "", null, "never backed up");
    String run = run();
    activities.beginBackup(run, "t", device.toString());

    activities.completeBackup(run, device.toString(), captured("aa11", 812), null);

    assertThat(alerts.find(alert).orElseThrow().clearedBy()).isEqualTo("run " + run);
  }

  @Test
  void completingTheSameRunTwiceWritesOnceAndTheNextRunGetsTheNextVersion() {
    String first = run();
    DeviceBackupResult once =
        activities.completeBackup(first, device.toString(), captured("a", 1), null);
    DeviceBackupResult again =
        activities.completeBackup(first, device.toString(), captured("a", 1), null);

    DeviceBackupResult next =
        activities.completeBackup(run(), device.toString(), captured("b", 2), null);

    assertThat(again).isEqualTo(once);
    assertThat(events(first)).hasSize(1);
    assertThat(jdbi.onDemand(RunDao.class).artifacts(UUID.fromString(first))).hasSize(1);
    assertThat(next.configVersion()).isEqualTo(2);
  }

  @Test
  void anUnchangedConfigPointsTheRunAtTheExistingVersion() {
    activities.completeBackup(run(), device.toString(), captured("aa11", 812), null);
    String run = run();
    ConfigVersionRef previous = activities.beginBackup(run, "t", device.toString());

    DeviceBackupResult result =
        activities.completeBackup(
            run, device.toString(), new CapturedConfig(FACTS, "aa11", 812, null), previous);

    assertThat(result.unchanged()).isTrue();
    assertThat(result.configVersion()).isEqualTo(1);
    assertThat(result.objectKey()).isEqualTo(previous.objectKey());
    assertThat(jdbi.onDemand(ConfigVersionDao.class).find(device, 2)).isEmpty();
    RunRow row = runRow(run);
    assertThat(row.status()).isEqualTo("COMPLETED");
    assertThat(row.bytes()).isZero();
    assertThat(row.result()).contains("\"unchanged\": true").contains("\"configVersion\": 1");
    assertThat(events(run)).containsExactly("info: Config unchanged since version 1.");
    assertThat(jdbi.onDemand(RunDao.class).artifacts(UUID.fromString(run)))
        .extracting(a -> a.objectKey())
        .containsExactly(previous.objectKey());
  }

  @Test
  void factsTheDeviceDidNotReportAreStoredAsNull() {
    CapturedConfig noFacts =
        new CapturedConfig(
            new DeviceFacts(null, null, null, null),
            "c",
            3,
            new StoredObject("configs/x.txt", 3, "c"));

    activities.completeBackup(run(), device.toString(), noFacts, null);

    ConfigVersionRow row = jdbi.onDemand(ConfigVersionDao.class).find(device, 1).orElseThrow();
    assertThat(row.hostname()).isNull();
    assertThat(row.facts()).contains("\"serial\": null");
  }

  @Test
  void anUnchangedCaptureWithoutAnEarlierVersionHasNothingToRecord() {
    CapturedConfig unchanged = new CapturedConfig(FACTS, "aa11", 812, null);
    String run = run();

    assertFailsFor(
        DeviceCatalogActivitiesImpl.NOTHING_STORED,
        () -> activities.completeBackup(run, device.toString(), unchanged, null));
    assertThat(runRow(run).status()).isEqualTo("PENDING");
  }

  @Test
  void anUnknownDeviceOrRunFailsForGood() {
    String unknownDevice = UUID.randomUUID().toString();

    assertFailsFor("DeviceNotFound", () -> activities.beginBackup(run(), "t", unknownDevice));
    assertFailsFor("DeviceNotFound", () -> activities.beginBackup(run(), "t", "core-sw1"));
    assertFailsFor(
        "DeviceNotFound",
        () -> activities.completeBackup(run(), unknownDevice, captured("a", 1), null));
    assertFailsFor(
        "RunNotFound",
        () -> activities.beginBackup(UUID.randomUUID().toString(), "t", device.toString()));
    assertFailsFor(
        "RunNotFound",
        () ->
            activities.completeBackup(
                UUID.randomUUID().toString(), device.toString(), captured("a", 1), null));
  }
}
