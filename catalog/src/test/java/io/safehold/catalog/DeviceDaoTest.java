package io.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.catalog.testing.SampleRows;
import io.safehold.catalog.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceDaoTest {

  private DeviceDao devices;
  private CredentialDao credentials;

  @BeforeEach
  void setUp() {
    Jdbi jdbi = TestDatabase.get().fresh().jdbi();
    devices = jdbi.onDemand(DeviceDao.class);
    credentials = jdbi.onDemand(CredentialDao.class);
  }

  private UUID credential() {
    UUID id = UUID.randomUUID();
    credentials.insert(
        new CredentialRow(id, "c-" + id, "password", "u", new byte[] {1}, null, null));
    return id;
  }

  @Test
  void insertedDeviceReadsBackWithEveryFieldAndItsTagsInOrder() {
    DeviceRow jump = SampleRows.device("bastion");
    devices.insert(jump);
    UUID credentialId = credential();
    DeviceRow row =
        new DeviceRow(
            UUID.randomUUID(),
            "core-sw1",
            "10.0.0.1",
            22,
            "arista_eos",
            credentialId,
            jump.id(),
            "SHA256:abc",
            false,
            List.of("dc1", "core", "lab"),
            null);

    devices.insert(row);
    DeviceRow read = devices.find(row.id()).orElseThrow();

    assertThat(read.name()).isEqualTo("core-sw1");
    assertThat(read.host()).isEqualTo("10.0.0.1");
    assertThat(read.port()).isEqualTo(22);
    assertThat(read.deviceType()).isEqualTo("arista_eos");
    assertThat(read.credentialId()).isEqualTo(credentialId);
    assertThat(read.jumpHostId()).isEqualTo(jump.id());
    assertThat(read.hostKey()).isEqualTo("SHA256:abc");
    assertThat(read.pinOnFirstUse()).isFalse();
    assertThat(read.tags()).containsExactly("dc1", "core", "lab");
    assertThat(read.createdAt()).isNotNull();
    assertThat(devices.findByName("core-sw1")).get().extracting(DeviceRow::id).isEqualTo(row.id());
  }

  @Test
  void aDeviceWithoutTagsReadsBackWithAnEmptyList() {
    DeviceRow row = SampleRows.device("plain");
    devices.insert(
        new DeviceRow(
            row.id(),
            row.name(),
            row.host(),
            row.port(),
            row.deviceType(),
            null,
            null,
            null,
            true,
            null,
            null));

    assertThat(devices.find(row.id()).orElseThrow().tags()).isEmpty();
  }

  @Test
  void updateChangesNameConnectionAndTags() {
    DeviceRow row = SampleRows.device("old-name");
    devices.insert(row);

    boolean updated =
        devices.update(
            new DeviceRow(
                row.id(),
                "new-name",
                "192.0.2.7",
                830,
                "juniper_junos",
                null,
                null,
                null,
                true,
                List.of("edge"),
                null));
    DeviceRow read = devices.find(row.id()).orElseThrow();

    assertThat(updated).isTrue();
    assertThat(read.name()).isEqualTo("new-name");
    assertThat(read.host()).isEqualTo("192.0.2.7");
    assertThat(read.port()).isEqualTo(830);
    assertThat(read.deviceType()).isEqualTo("juniper_junos");
    assertThat(read.pinOnFirstUse()).isTrue();
    assertThat(read.tags()).containsExactly("edge");
    assertThat(devices.findByName("old-name")).isEmpty();
  }

  @Test
  void updatingAnUnknownDeviceReportsFalse() {
    assertThat(devices.update(SampleRows.device("ghost"))).isFalse();
  }

  @Test
  void listIsSortedByNameAndDeleteRemovesTheDevice() {
    DeviceRow b = SampleRows.device("b-switch");
    DeviceRow a = SampleRows.device("a-router");
    devices.insert(b);
    devices.insert(a);

    assertThat(devices.list()).extracting(DeviceRow::name).containsExactly("a-router", "b-switch");
    assertThat(devices.delete(b.id())).isTrue();
    assertThat(devices.delete(b.id())).isFalse();
    assertThat(devices.list()).extracting(DeviceRow::id).containsExactly(a.id());
  }

  @Test
  void pinOnFirstUsePinsTheFirstKeyAndRefusesASecond() {
    DeviceRow row = SampleRows.device("tofu");
    devices.insert(
        new DeviceRow(
            row.id(),
            row.name(),
            row.host(),
            row.port(),
            row.deviceType(),
            null,
            null,
            null,
            true,
            List.of(),
            null));

    assertThat(devices.pinHostKey(row.id(), "SHA256:first")).isTrue();
    assertThat(devices.pinHostKey(row.id(), "SHA256:second")).isFalse();
    assertThat(devices.find(row.id()).orElseThrow().hostKey()).isEqualTo("SHA256:first");
  }

  @Test
  void aDeviceThatDidNotOptIntoPinningIsNeverPinned() {
    DeviceRow row = SampleRows.device("strict");
    devices.insert(row);

    assertThat(devices.pinHostKey(row.id(), "SHA256:seen")).isFalse();
    assertThat(devices.find(row.id()).orElseThrow().hostKey()).isNull();
  }

  @Test
  void deletingADeviceKeepsItsRunsButDropsItsConfigVersions() {
    DeviceRow row = SampleRows.device("retired");
    devices.insert(row);
    UUID run = UUID.randomUUID();
    RunDao runs = TestDatabase.get().jdbi().onDemand(RunDao.class);
    ConfigVersionDao versions = TestDatabase.get().jdbi().onDemand(ConfigVersionDao.class);
    runs.insertPending(run, "backup", row.id(), "wf");
    versions.recordNext(
        new ConfigVersionRow(row.id(), 0, run, "k", 1, "s", null, "{}", Instant.now()));

    assertThat(devices.delete(row.id())).isTrue();

    assertThat(runs.find(run)).get().extracting(RunRow::assetId).isNull();
    assertThat(versions.list(row.id())).isEmpty();
  }
}
