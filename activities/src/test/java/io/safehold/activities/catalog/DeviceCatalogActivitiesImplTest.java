package io.safehold.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.safehold.catalog.ConfigVersionDao;
import io.safehold.catalog.ConfigVersionRow;
import io.safehold.catalog.DeviceDao;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.testing.SampleRows;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.workflows.netdevice.CapturedConfig;
import io.safehold.workflows.netdevice.ConfigVersionRef;
import io.safehold.workflows.netdevice.DeviceFacts;
import io.safehold.workflows.run.StoredObject;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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

  @Test
  void aDeviceNeverBackedUpHasNoLatestConfig() {
    assertThat(activities.latestConfig(device.toString())).isNull();
  }

  @Test
  void recordsTheStoredObjectFactsAndCaptureTime() {
    String run = run();

    ConfigVersionRef ref =
        activities.recordNewVersion(run, device.toString(), captured("aa11", 812));

    assertThat(ref.version()).isEqualTo(1);
    assertThat(ref.objectKey()).isEqualTo("configs/" + device + "/core-sw1_aa11.txt");
    assertThat(ref.size()).isEqualTo(812);
    assertThat(ref.sha256()).isEqualTo("aa11");
    assertThat(activities.latestConfig(device.toString())).isEqualTo(ref);

    ConfigVersionRow row = jdbi.onDemand(ConfigVersionDao.class).find(device, 1).orElseThrow();
    assertThat(row.runId()).isEqualTo(UUID.fromString(run));
    assertThat(row.hostname()).isEqualTo("core-sw1");
    assertThat(row.capturedAt()).isEqualTo(NOW);
    assertThat(row.facts())
        .contains("\"hostname\": \"core-sw1\"")
        .contains("\"model\": \"WS-C2960X-48TS-L\"")
        .contains("\"osVersion\": \"15.2(7)E3\"")
        .contains("\"serial\": \"FOC1932X0K1\"");
  }

  @Test
  void recordingTheSameRunTwiceReturnsTheSameVersionAndTheNextRunGetsTheNext() {
    String first = run();
    ConfigVersionRef once = activities.recordNewVersion(first, device.toString(), captured("a", 1));
    ConfigVersionRef again =
        activities.recordNewVersion(first, device.toString(), captured("a", 1));

    ConfigVersionRef next = activities.recordNewVersion(run(), device.toString(), captured("b", 2));

    assertThat(again).isEqualTo(once);
    assertThat(next.version()).isEqualTo(2);
    assertThat(activities.latestConfig(device.toString())).isEqualTo(next);
  }

  @Test
  void factsTheDeviceDidNotReportAreStoredAsNull() {
    CapturedConfig noFacts =
        new CapturedConfig(
            new DeviceFacts(null, null, null, null),
            "c",
            3,
            new StoredObject("configs/x.txt", 3, "c"));

    activities.recordNewVersion(run(), device.toString(), noFacts);

    ConfigVersionRow row = jdbi.onDemand(ConfigVersionDao.class).find(device, 1).orElseThrow();
    assertThat(row.hostname()).isNull();
    assertThat(row.facts()).contains("\"serial\": null");
  }

  @Test
  void anUnchangedCaptureHasNoVersionToRecord() {
    CapturedConfig unchanged = new CapturedConfig(FACTS, "aa11", 812, null);

    assertFailsFor(
        DeviceCatalogActivitiesImpl.NOTHING_STORED,
        () -> activities.recordNewVersion(run(), device.toString(), unchanged));
    assertThat(activities.latestConfig(device.toString())).isNull();
  }

  @Test
  void anUnknownDeviceOrRunFailsForGood() {
    String unknownDevice = UUID.randomUUID().toString();

    assertFailsFor("DeviceNotFound", () -> activities.latestConfig(unknownDevice));
    assertFailsFor("DeviceNotFound", () -> activities.latestConfig("core-sw1"));
    assertFailsFor(
        "DeviceNotFound",
        () -> activities.recordNewVersion(run(), unknownDevice, captured("a", 1)));
    assertFailsFor(
        "RunNotFound",
        () ->
            activities.recordNewVersion(
                UUID.randomUUID().toString(), device.toString(), captured("a", 1)));
  }
}
