package io.safehold.activities.netdevice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.safehold.catalog.DeviceRow;
import io.safehold.catalog.RunEventRow;
import io.safehold.testbed.netdevice.SwitchEmulator;
import io.safehold.workflows.netdevice.CapturedConfig;
import io.safehold.workflows.netdevice.NetDeviceActivities;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Linux hosts as devices, against Debian's OpenSSH {@code sshd} started by this test on a loopback
 * port with its own config, ECDSA host key and authorized key, as the current user. Skipped when
 * sshd is not installed, except on CI ({@code CI=true}), where that is a failure.
 */
class OpenSshCaptureTest {

  private static final Path SSHD = Path.of("/usr/sbin/sshd");
  private static final String PASSPHRASE = "open sesame";

  private static Path dir;
  private static Process sshd;
  private static int port;
  private static String hostKeyFingerprint;
  private static String userPrivateKey;

  private CaptureFixture fixture;

  @BeforeAll
  static void startSshd() throws Exception {
    if (!Files.isExecutable(SSHD)) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("OpenSSH sshd is not installed at " + SSHD + "; .ci/run installs openssh-server");
      }
      Assumptions.abort("OpenSSH sshd is not installed at " + SSHD);
    }
    dir = Files.createTempDirectory("safehold-sshd-");
    run(
        "ssh-keygen",
        "-q",
        "-t",
        "ecdsa",
        "-b",
        "256",
        "-N",
        "",
        "-f",
        dir.resolve("host_ecdsa").toString());
    run(
        "ssh-keygen",
        "-q",
        "-t",
        "ecdsa",
        "-b",
        "256",
        "-N",
        PASSPHRASE,
        "-f",
        dir.resolve("user_ecdsa").toString());
    Files.copy(dir.resolve("user_ecdsa.pub"), dir.resolve("authorized_keys"));
    hostKeyFingerprint =
        run("ssh-keygen", "-l", "-E", "sha256", "-f", dir.resolve("host_ecdsa.pub").toString())
            .split("\\s+")[1];
    userPrivateKey = Files.readString(dir.resolve("user_ecdsa"));
    Path privsep = Path.of("/run/sshd");
    if (!Files.exists(privsep) && "root".equals(System.getProperty("user.name"))) {
      Files.createDirectories(privsep);
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = dir.resolve("sshd_config");
    Files.writeString(
        config,
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + dir.resolve("host_ecdsa"),
            "PidFile " + dir.resolve("sshd.pid"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "StrictModes no",
            "UsePAM no",
            "AllowTcpForwarding local",
            "PermitOpen 127.0.0.1:*",
            "LogLevel DEBUG1",
            ""));
    sshd =
        new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
    awaitListening();
  }

  private static void awaitListening() throws Exception {
    for (int attempt = 0; attempt < 100; attempt++) {
      if (!sshd.isAlive()) {
        fail("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    fail("sshd did not listen on port " + port + ": " + Files.readString(dir.resolve("sshd.log")));
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      fail(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }

  @AfterAll
  static void stopSshd() throws Exception {
    if (sshd != null) {
      sshd.destroy();
      if (!sshd.waitFor(10, TimeUnit.SECONDS)) {
        sshd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @AfterEach
  void closeFixture() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private DeviceRow linuxDevice(String type, String hostKey, boolean pin) {
    UUID credential =
        fixture.credential(
            "host-key", "private-key", System.getProperty("user.name"), userPrivateKey, PASSPHRASE);
    return fixture.device("vm-host", port, type, credential, null, hostKey, pin, List.of());
  }

  @Test
  void readsTheLinuxProfileFilesAndPinsTheKeyOpenSshReports() throws Exception {
    fixture = new CaptureFixture();
    DeviceRow device = linuxDevice("linux", null, true);

    CapturedConfig captured = fixture.capture(fixture.run(device.id()), device, null);

    assertThat(fixture.devices().find(device.id()).orElseThrow().hostKey())
        .isEqualTo(hostKeyFingerprint);
    String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    assertThat(captured.facts().hostname()).isEqualTo(hostname);
    assertThat(captured.facts().osVersion()).isNotBlank();
    String stored = fixture.stored(captured.stored().key());
    List<String> expected = new ArrayList<>();
    for (String file : List.of("/etc/hostname", "/etc/hosts")) {
      Path path = Path.of(file);
      if (Files.isReadable(path)) {
        expected.add("==> " + file + " <==\n" + Files.readString(path).stripTrailing());
      }
    }
    assertThat(stored).contains(expected);
    assertThat(captured.stored().key()).contains("/" + hostname + "_20261123_101112.txt");
  }

  @Test
  void aProfileFromTheOperatorsDirectoryReadsItsFilesAndIgnoresVolatileLines() throws Exception {
    Path profiles = Files.createDirectories(dir.resolve("profiles"));
    Path appConfig = dir.resolve("app.conf");
    Files.writeString(
        profiles.resolve("linux_app.json"),
        "{\"session\": \"exec\", \"facts\": [{\"command\": \"uname -n\", \"hostname\":"
            + " \"^(\\\\S+)\"}], \"files\": [\""
            + appConfig
            + "\", \""
            + dir.resolve("missing.conf")
            + "\"],"
            + " \"volatileLines\": [\"^# generated at \"]}");
    fixture = new CaptureFixture(DeviceProfiles.withDirectory(profiles));
    DeviceRow device = linuxDevice("linux_app", hostKeyFingerprint, false);

    Files.writeString(appConfig, "# generated at 10:00\nlisten 8080\nworkers 4\n");
    UUID firstRun = fixture.run(device.id());
    CapturedConfig first = fixture.capture(firstRun, device, null);
    assertThat(fixture.events(firstRun))
        .extracting(RunEventRow::message)
        .anyMatch(
            m ->
                m.startsWith(dir.resolve("missing.conf") + " is not readable: ")
                    && m.endsWith("No such file or directory"));
    assertThat(fixture.stored(first.stored().key()))
        .isEqualTo(
            "==> "
                + appConfig
                + " <==\nlisten 8080\nworkers 4\n==> "
                + dir.resolve("missing.conf")
                + " (not readable) <==\n");

    Files.writeString(appConfig, "# generated at 11:30\nlisten 8080\nworkers 4\n");
    assertThat(fixture.capture(fixture.run(device.id()), device, first.sha256()).unchanged())
        .isTrue();

    Files.writeString(appConfig, "# generated at 11:31\nlisten 8443\nworkers 4\n");
    CapturedConfig changed = fixture.capture(fixture.run(device.id()), device, first.sha256());
    assertThat(changed.unchanged()).isFalse();
    assertThat(fixture.stored(changed.stored().key())).contains("listen 8443");
  }

  @Test
  void opensshServesAsTheJumpHostInFrontOfASwitch() throws Exception {
    fixture = new CaptureFixture();
    try (SwitchEmulator sw =
        SwitchEmulator.builder().hostname("behind-bastion").user("netops", "pw").start()) {
      DeviceRow bastion = linuxDevice("linux", hostKeyFingerprint, false);
      DeviceRow device =
          fixture.device(
              "behind-bastion",
              sw.port(),
              "cisco_ios",
              fixture.passwordCredential("netops", "netops", "pw"),
              bastion.id(),
              sw.hostKeyFingerprint(),
              false,
              List.of());

      UUID run = fixture.run(device.id());
      CapturedConfig captured = fixture.capture(run, device, null);

      assertThat(captured.facts().hostname()).isEqualTo("behind-bastion");
      assertThat(fixture.stored(captured.stored().key())).contains("hostname behind-bastion");
      assertThat(fixture.events(run).get(0).message())
          .contains("through jump host vm-host (127.0.0.1:" + port + ")");
      assertThat(Files.readString(dir.resolve("sshd.log")))
          .containsPattern("direct.tcpip.*127\\.0\\.0\\.1 port " + sw.port());
    }
  }

  @Test
  void anOpenSshHostWithAnotherKeyIsRefused() throws Exception {
    fixture = new CaptureFixture();
    DeviceRow device = linuxDevice("linux", "SHA256:" + "A".repeat(43), false);

    ApplicationFailure failure = fixture.failure(fixture.run(device.id()), device);

    assertThat(failure.getType()).isEqualTo(NetDeviceActivities.HOST_KEY_MISMATCH);
    assertThat(failure.getOriginalMessage()).contains(hostKeyFingerprint);
    assertThat(fixture.store.objects()).isEmpty();
  }
}
