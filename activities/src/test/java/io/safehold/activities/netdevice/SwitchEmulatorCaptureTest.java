package io.safehold.activities.netdevice;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.activities.storage.BackupLayout;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.DeviceRow;
import io.safehold.catalog.RunEventRow;
import io.safehold.testbed.netdevice.SwitchEmulator;
import io.safehold.workflows.netdevice.CapturedConfig;
import io.safehold.workflows.netdevice.DeviceFacts;
import io.safehold.workflows.netdevice.NetDeviceActivities;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config capture against the in-process switch emulator over real SSH. */
class SwitchEmulatorCaptureTest {

  private static final KeyPair HOST_KEY = SwitchEmulator.newHostKey();
  private static final String CONFIG_V1 =
      """
      version 15.2
      hostname core-sw1
      !
      interface GigabitEthernet1/0/1
       description uplink to dist-1
       switchport mode trunk
      !
      snmp-server community s3cr3t-community RO
      end
      """;

  private final CaptureFixture fixture = new CaptureFixture();
  private final AtomicReference<String> runningConfig = new AtomicReference<>(CONFIG_V1);
  private final List<SwitchEmulator> emulators = new ArrayList<>();

  @AfterEach
  void stop() {
    emulators.forEach(SwitchEmulator::close);
    fixture.close();
  }

  private SwitchEmulator.Builder emulator() {
    return SwitchEmulator.builder()
        .hostKey(HOST_KEY)
        .hostname("core-sw1")
        .serial("FDO1537X2GH")
        .user("netops", "correct horse")
        .runningConfig(runningConfig::get);
  }

  private SwitchEmulator start(SwitchEmulator.Builder builder) throws IOException {
    SwitchEmulator emulator = builder.start();
    emulators.add(emulator);
    return emulator;
  }

  @Test
  void capturesFactsAndConfigThenRecognisesAnUnchangedConfigThenAChangedOne() throws Exception {
    SwitchEmulator sw = start(emulator());
    UUID credential = fixture.passwordCredential("netops", "netops", "correct horse");
    DeviceRow device =
        fixture.device(
            "core-sw1",
            sw.port(),
            "cisco_ios",
            credential,
            null,
            sw.hostKeyFingerprint(),
            false,
            List.of());

    UUID run = fixture.run(device.id());
    CapturedConfig first = fixture.capture(run, device, null);

    assertThat(first.facts())
        .isEqualTo(new DeviceFacts("core-sw1", "WS-C3750X-48P-S", "15.2(4)E10", "FDO1537X2GH"));
    String key = BackupLayout.deviceConfig(device.id().toString(), "core-sw1", CaptureFixture.NOW);
    assertThat(first.stored().key()).isEqualTo(key).endsWith("/core-sw1_20261123_101112.txt");
    String stored = fixture.stored(key);
    assertThat(NetDeviceActivitiesImpl.sha256Hex(fixture.store.objects().get(key)))
        .isEqualTo(first.sha256())
        .isEqualTo(first.stored().sha256());
    assertThat(first.size()).isEqualTo(fixture.store.objects().get(key).length);
    assertThat(stored)
        .startsWith("!\n!\nversion 15.2\nhostname core-sw1\n")
        .endsWith("snmp-server community s3cr3t-community RO\nend\n")
        .doesNotContain("ntp clock-period", "Last configuration change", "core-sw1#", "\r");

    List<RunEventRow> events = fixture.events(run);
    assertThat(events).extracting(RunEventRow::type).startsWith("connect").endsWith("success");
    assertThat(events)
        .filteredOn(e -> e.type().equals("command"))
        .extracting(RunEventRow::message)
        .containsExactly(
            "terminal length 0",
            "terminal width 0",
            "show version",
            "show inventory",
            "show running-config");
    assertThat(events).extracting(RunEventRow::message).noneMatch(m -> m.contains("s3cr3t"));
    // Temporal throttles heartbeats, so only some steps reach the listener; each is a step name.
    assertThat(fixture.heartbeats)
        .isNotEmpty()
        .allMatch(
            h ->
                h.equals("connect")
                    || h.equals("store")
                    || h.startsWith("show ")
                    || h.startsWith("terminal "));

    CapturedConfig second = fixture.capture(fixture.run(device.id()), device, first.sha256());
    assertThat(second.unchanged()).isTrue();
    assertThat(second.sha256()).isEqualTo(first.sha256());
    assertThat(fixture.store.objects()).hasSize(1);

    runningConfig.set(CONFIG_V1.replace("uplink to dist-1", "uplink to dist-2"));
    CapturedConfig third = fixture.capture(fixture.run(device.id()), device, first.sha256());
    assertThat(third.unchanged()).isFalse();
    assertThat(third.sha256()).isNotEqualTo(first.sha256());
    assertThat(fixture.stored(third.stored().key())).contains("uplink to dist-2");
    // Same second on the fixed clock: the first version's object must survive.
    assertThat(third.stored().key()).endsWith("/core-sw1_20261123_101113.txt");
    assertThat(fixture.stored(key)).isEqualTo(stored);
  }

  @Test
  void aServerThatNeverSpeaksSshTimesOutAsARetryableConnectFailure() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try (Socket ignored = silent.accept()) {
                  Thread.sleep(30_000);
                } catch (IOException | InterruptedException e) {
                  // the test closed the socket
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      DeviceRow device =
          fixture.device(
              "mute",
              silent.getLocalPort(),
              "cisco_ios",
              fixture.passwordCredential("netops", "netops", "correct horse"),
              null,
              "SHA256:" + "A".repeat(43),
              false,
              List.of());

      ApplicationFailure failure = fixture.failure(fixture.run(device.id()), device);

      assertThat(failure.getType()).isEqualTo(NetDeviceActivities.CONNECT_FAILED);
      assertThat(failure.isNonRetryable()).isFalse();
      assertThat(failure.getOriginalMessage())
          .contains("device mute at 127.0.0.1:" + silent.getLocalPort())
          .contains("did not complete the SSH handshake and login within 5 s");
      acceptor.interrupt();
    }
  }

  @Test
  void pagedOutputIsReadThroughThePagerAndHashesLikeUnpagedOutput(@TempDir Path dir)
      throws Exception {
    String ios =
        new String(
            getClass()
                .getResourceAsStream("/" + DeviceProfiles.RESOURCE_DIR + "cisco_ios.json")
                .readAllBytes(),
            StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("ios_paged.json"),
        ios.replaceAll("(?s)\"disablePaging\": \\[.*?\\]", "\"disablePaging\": []"));
    try (CaptureFixture paged = new CaptureFixture(DeviceProfiles.withDirectory(dir))) {
      SwitchEmulator sw = start(emulator().runningConfig(() -> longConfig()));
      UUID credential = paged.passwordCredential("netops", "netops", "correct horse");
      DeviceRow pagedDevice =
          paged.device(
              "paged",
              sw.port(),
              "ios_paged",
              credential,
              null,
              sw.hostKeyFingerprint(),
              false,
              List.of());
      DeviceRow plainDevice =
          paged.device(
              "plain",
              sw.port(),
              "cisco_ios",
              credential,
              null,
              sw.hostKeyFingerprint(),
              false,
              List.of());

      CapturedConfig throughPager = paged.capture(paged.run(pagedDevice.id()), pagedDevice, null);
      CapturedConfig plain = paged.capture(paged.run(plainDevice.id()), plainDevice, null);

      assertThat(throughPager.facts().serial()).isEqualTo("FDO1537X2GH");
      assertThat(paged.stored(throughPager.stored().key())).doesNotContain("More", "\b");
      assertThat(throughPager.sha256()).isEqualTo(plain.sha256());
      assertThat(paged.stored(throughPager.stored().key()).lines().count()).isGreaterThan(100);
    }
  }

  @Test
  void aDeviceWhosePromptNeverComesBackFailsAfterTheReadTimeout(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("wrong_prompt.json"),
        "{\"session\": \"shell\", \"prompt\": \"never-matches\","
            + " \"configCommands\": [\"show running-config\"]}");
    try (CaptureFixture impatient =
        new CaptureFixture(
            DeviceProfiles.withDirectory(dir),
            new SshTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1)))) {
      SwitchEmulator sw = start(emulator());
      DeviceRow device =
          impatient.device(
              "core-sw1",
              sw.port(),
              "wrong_prompt",
              impatient.passwordCredential("netops", "netops", "correct horse"),
              null,
              sw.hostKeyFingerprint(),
              false,
              List.of());

      ApplicationFailure failure = impatient.failure(impatient.run(device.id()), device);

      assertThat(failure.getType()).isEqualTo(NetDeviceActivities.CONNECT_FAILED);
      assertThat(failure.getOriginalMessage())
          .isEqualTo(
              "device core-sw1 sent nothing for 1 s while waiting for its first prompt"
                  + " (does its prompt match the wrong_prompt profile?)");
      assertThat(impatient.store.objects()).isEmpty();
    }
  }

  private static String longConfig() {
    StringBuilder config = new StringBuilder("version 15.2\nhostname core-sw1\n!\n");
    for (int port = 1; port <= 48; port++) {
      config
          .append("interface GigabitEthernet1/0/")
          .append(port)
          .append("\n")
          .append(" switchport access vlan 10\n!\n");
    }
    return config.append("end\n").toString();
  }

  @Test
  void logsInWithAPrivateKeyFromATagCredential() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair userKey = rsa.generateKeyPair();
    SwitchEmulator sw = start(emulator().authorizedKey("backup", userKey.getPublic()));
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(userKey);
    }
    UUID credential =
        fixture.credential("backup-key", "private-key", "backup", pem.toString(), null);
    fixture.db.jdbi().onDemand(CredentialDao.class).attachToTag("site-a", credential);
    DeviceRow device =
        fixture.device(
            "core-sw1",
            sw.port(),
            "cisco_ios",
            null,
            null,
            sw.hostKeyFingerprint(),
            false,
            List.of("unrelated", "site-a"));

    CapturedConfig captured = fixture.capture(fixture.run(device.id()), device, null);

    assertThat(fixture.stored(captured.stored().key())).contains("hostname core-sw1");
  }

  @Test
  void reachesADeviceThroughAJumpHost() throws Exception {
    SwitchEmulator jump =
        start(
            SwitchEmulator.builder()
                .hostKey(SwitchEmulator.newHostKey())
                .hostname("bastion")
                .user("hop", "hop-pass")
                .tcpForwarding(true));
    SwitchEmulator sw = start(emulator());
    DeviceRow jumpRow =
        fixture.device(
            "bastion",
            jump.port(),
            "cisco_ios",
            fixture.passwordCredential("hop", "hop", "hop-pass"),
            null,
            jump.hostKeyMd5Fingerprint(),
            false,
            List.of());
    DeviceRow device =
        fixture.device(
            "core-sw1",
            sw.port(),
            "cisco_ios",
            fixture.passwordCredential("netops", "netops", "correct horse"),
            jumpRow.id(),
            sw.hostKeyFingerprint(),
            false,
            List.of());
    UUID run = fixture.run(device.id());

    CapturedConfig captured = fixture.capture(run, device, null);

    assertThat(captured.facts().hostname()).isEqualTo("core-sw1");
    assertThat(fixture.events(run).get(0).message())
        .contains("through jump host bastion (127.0.0.1:" + jump.port() + ")");
  }

  @Test
  void aWrongHostKeyIsRefusedAndNothingIsStored() throws Exception {
    SwitchEmulator sw = start(emulator());
    SwitchEmulator other = start(emulator().hostKey(SwitchEmulator.newHostKey()));
    DeviceRow device =
        fixture.device(
            "core-sw1",
            sw.port(),
            "cisco_ios",
            fixture.passwordCredential("netops", "netops", "correct horse"),
            null,
            other.hostKeyFingerprint(),
            false,
            List.of());
    UUID run = fixture.run(device.id());

    ApplicationFailure failure = fixture.failure(run, device);

    assertThat(failure.getType()).isEqualTo(NetDeviceActivities.HOST_KEY_MISMATCH);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("core-sw1")
        .contains("expected " + other.hostKeyFingerprint())
        .contains(sw.hostKeyFingerprint());
    assertThat(fixture.store.objects()).isEmpty();
    assertThat(fixture.events(run)).extracting(RunEventRow::type).endsWith("failure");
  }

  @Test
  void pinOnFirstUsePinsTheFirstKeyAndRefusesAChangedOne() throws Exception {
    SwitchEmulator sw = start(emulator());
    UUID credential = fixture.passwordCredential("netops", "netops", "correct horse");
    DeviceRow device =
        fixture.device("core-sw1", sw.port(), "cisco_ios", credential, null, null, true, List.of());

    fixture.capture(fixture.run(device.id()), device, null);
    assertThat(fixture.devices().find(device.id()).orElseThrow().hostKey())
        .isEqualTo(sw.hostKeyFingerprint());

    SwitchEmulator rekeyed = start(emulator().hostKey(SwitchEmulator.newHostKey()));
    DeviceRow moved =
        new DeviceRow(
            device.id(),
            device.name(),
            device.host(),
            rekeyed.port(),
            device.deviceType(),
            credential,
            null,
            fixture.devices().find(device.id()).orElseThrow().hostKey(),
            true,
            List.of(),
            null);
    fixture.devices().update(moved);

    ApplicationFailure failure = fixture.failure(fixture.run(device.id()), moved);

    assertThat(failure.getType()).isEqualTo(NetDeviceActivities.HOST_KEY_MISMATCH);
    assertThat(failure.getOriginalMessage()).contains(rekeyed.hostKeyFingerprint());
    assertThat(fixture.devices().find(device.id()).orElseThrow().hostKey())
        .isEqualTo(sw.hostKeyFingerprint());
    assertThat(fixture.store.objects()).hasSize(1);
  }

  @Test
  void aDeviceWithoutHostKeyOrPinningIsRefusedBeforeConnecting() throws Exception {
    SwitchEmulator sw = start(emulator());
    DeviceRow device =
        fixture.device(
            "core-sw1",
            sw.port(),
            "cisco_ios",
            fixture.passwordCredential("netops", "netops", "correct horse"),
            null,
            null,
            false,
            List.of());

    ApplicationFailure failure = fixture.failure(fixture.run(device.id()), device);

    assertThat(failure.getType()).isEqualTo(NetDeviceActivities.BAD_DEVICE_CONFIG);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .isEqualTo("device core-sw1 has no host key: set hostKey or pinOnFirstUse");
  }

  @Test
  void aWrongPasswordIsANonRetryableAuthenticationFailure() throws Exception {
    SwitchEmulator sw = start(emulator());
    DeviceRow device =
        fixture.device(
            "core-sw1",
            sw.port(),
            "cisco_ios",
            fixture.passwordCredential("netops-old", "netops", "wrong horse"),
            null,
            sw.hostKeyFingerprint(),
            false,
            List.of());

    ApplicationFailure failure = fixture.failure(fixture.run(device.id()), device);

    assertThat(failure.getType()).isEqualTo(NetDeviceActivities.AUTHENTICATION_FAILED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("user netops")
        .contains("127.0.0.1:" + sw.port())
        .doesNotContain("wrong horse");
  }

  @Test
  void aRefusedPortIsARetryableConnectFailureWithAJitteredDelay() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    DeviceRow device =
        fixture.device(
            "gone",
            closedPort,
            "cisco_ios",
            fixture.passwordCredential("netops", "netops", "correct horse"),
            null,
            "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            false,
            List.of());

    ApplicationFailure failure = fixture.failure(fixture.run(device.id()), device);

    assertThat(failure.getType()).isEqualTo(NetDeviceActivities.CONNECT_FAILED);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("gone").contains("127.0.0.1:" + closedPort);
    assertThat(failure.getNextRetryDelay())
        .isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void aStoreThatRefusesTheObjectForGoodFailsWithoutRetry() throws Exception {
    SwitchEmulator sw = start(emulator());
    DeviceRow device =
        fixture.device(
            "core-sw1",
            sw.port(),
            "cisco_ios",
            fixture.passwordCredential("netops", "netops", "correct horse"),
            null,
            sw.hostKeyFingerprint(),
            false,
            List.of());
    fixture.store.refuseWrites();

    ApplicationFailure failure = fixture.failure(fixture.run(device.id()), device);

    assertThat(failure.getType()).isEqualTo(NetDeviceActivitiesImpl.STORE_REJECTED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .startsWith("the backup store refused configs/" + device.id() + "/core-sw1_")
        .endsWith("bucket safehold-test does not exist");
  }

  @Test
  void anUnknownDeviceIsNotFound() {
    ApplicationFailure failure =
        fixture.failure(
            null,
            new DeviceRow(
                UUID.randomUUID(),
                "x",
                "127.0.0.1",
                22,
                "cisco_ios",
                null,
                null,
                null,
                false,
                List.of(),
                null));
    assertThat(failure.getType()).isEqualTo(NetDeviceActivities.DEVICE_NOT_FOUND);
    assertThat(failure.isNonRetryable()).isTrue();
  }
}
