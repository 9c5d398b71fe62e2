package io.safehold.testbed.netdevice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.PasswordResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwitchEmulatorTest {

  private SwitchEmulator emulator;
  private SSHClient client;

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private SSHClient connect(SwitchEmulator target, String user, String password)
      throws IOException {
    SSHClient ssh = new SSHClient();
    ssh.addHostKeyVerifier(target.hostKeyFingerprint());
    ssh.setConnectTimeout(5_000);
    ssh.connect("127.0.0.1", target.port());
    ssh.authPassword(user, password);
    return ssh;
  }

  @Test
  void shellShowsBannerPromptPagerAndRejectsUnknownCommands() throws Exception {
    emulator = SwitchEmulator.builder().hostname("lab-sw").user("admin", "pw").start();
    client = connect(emulator, "admin", "pw");
    try (Session session = client.startSession()) {
      session.allocatePTY("vt100", 200, 24, 0, 0, Map.of());
      Session.Shell shell = session.startShell();
      Terminal terminal = new Terminal(shell.getInputStream(), shell.getOutputStream());

      assertThat(terminal.readUntil("lab-sw#")).contains("authorised access only");

      terminal.send("show version\n");
      String firstPage = terminal.readUntil("--More--");
      assertThat(firstPage).contains("Cisco IOS Software").doesNotContain("Configuration register");
      terminal.send("q");
      assertThat(terminal.readUntil("lab-sw#")).doesNotContain("Configuration register");

      terminal.send("sh foo\n");
      assertThat(terminal.readUntil("lab-sw#")).contains("% Invalid input detected at '^' marker.");

      terminal.send("terminal length 0\n");
      terminal.readUntil("lab-sw#");
      terminal.send("show running-config\n");
      String first = terminal.readUntil("\r\nlab-sw#");
      terminal.send("show running-config\n");
      String second = terminal.readUntil("\r\nlab-sw#");
      assertThat(first)
          .doesNotContain("--More--")
          .contains("hostname lab-sw")
          .contains("\r\nend\r\n");
      assertThat(lineStarting(first, "ntp clock-period"))
          .isNotEqualTo(lineStarting(second, "ntp clock-period"));

      terminal.send("exit\n");
      shell.join(5, TimeUnit.SECONDS);
      assertThat(shell.isOpen()).isFalse();
    }
  }

  @Test
  void execChannelRunsOneCommandWithItsExitStatus() throws Exception {
    emulator =
        SwitchEmulator.builder().hostname("lab-sw").serial("FOC1234X5YZ").user("a", "b").start();
    client = connect(emulator, "a", "b");
    try (Session session = client.startSession()) {
      Session.Command command = session.exec("show inventory");
      String output = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      command.join(5, TimeUnit.SECONDS);
      assertThat(output).contains("SN: FOC1234X5YZ");
      assertThat(command.getExitStatus()).isZero();
    }
    try (Session session = client.startSession()) {
      Session.Command command = session.exec("reload");
      command.getInputStream().readAllBytes();
      command.join(5, TimeUnit.SECONDS);
      assertThat(command.getExitStatus()).isEqualTo(1);
    }
  }

  @Test
  void forwardsOnlyToLoopbackAndOnlyWhenEnabled() throws Exception {
    try (SwitchEmulator target = SwitchEmulator.builder().user("a", "b").start()) {
      emulator = SwitchEmulator.builder().user("hop", "pw").tcpForwarding(true).start();
      client = connect(emulator, "hop", "pw");
      client.newDirectConnection("127.0.0.1", target.port()).close();
      assertThatThrownBy(() -> client.newDirectConnection("192.0.2.1", 22))
          .isInstanceOf(ConnectionException.class);

      try (SwitchEmulator closed = SwitchEmulator.builder().user("hop", "pw").start();
          SSHClient viaClosed = connect(closed, "hop", "pw")) {
        assertThatThrownBy(() -> viaClosed.newDirectConnection("127.0.0.1", target.port()))
            .isInstanceOf(ConnectionException.class);
      }
    }
  }

  @Test
  void aHostKeyFileKeepsTheFingerprintAcrossRestarts(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("host.key");
    String first;
    try (SwitchEmulator once =
        SwitchEmulator.builder().hostKeyFile(keyFile).user("a", "b").start()) {
      first = once.hostKeyFingerprint();
    }
    emulator = SwitchEmulator.builder().hostKeyFile(keyFile).user("a", "b").start();
    assertThat(emulator.hostKeyFingerprint())
        .isEqualTo(first)
        .startsWith("SHA256:")
        .doesNotEndWith("=");
    client = connect(emulator, "a", "b");
    assertThat(client.isAuthenticated()).isTrue();
  }

  @Test
  void aWrongPasswordIsRefused() throws Exception {
    emulator = SwitchEmulator.builder().user("admin", "pw").start();
    assertThatThrownBy(() -> connect(emulator, "admin", "nope"))
        .isInstanceOf(UserAuthException.class);
  }

  @Test
  void passwordUsersCanAlsoLogInWithKeyboardInteractive() throws Exception {
    emulator = SwitchEmulator.builder().user("admin", "pw").start();
    client = new SSHClient();
    client.addHostKeyVerifier(emulator.hostKeyFingerprint());
    client.connect("127.0.0.1", emulator.port());
    client.auth(
        "admin",
        new AuthKeyboardInteractive(
            new PasswordResponseProvider(PasswordUtils.createOneOff("pw".toCharArray()))));
    assertThat(client.isAuthenticated()).isTrue();
  }

  private static String lineStarting(String text, String prefix) {
    return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }

  /** Reads a shell's output until a marker shows up, within a bounded time. */
  private static final class Terminal {
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    Terminal(InputStream in, OutputStream out) {
      this.in = in;
      this.out = out;
    }

    void send(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    String readUntil(String marker) throws Exception {
      byte[] buffer = new byte[4096];
      for (int polls = 0; polls < 500; polls++) {
        String text = pending.toString(StandardCharsets.UTF_8);
        int at = text.indexOf(marker);
        if (at >= 0) {
          pending.reset();
          pending.write(text.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8));
          return text.substring(0, at + marker.length());
        }
        int available = in.available();
        if (available > 0) {
          pending.write(buffer, 0, in.read(buffer, 0, Math.min(available, buffer.length)));
        } else {
          Thread.sleep(10);
        }
      }
      throw new AssertionError(
          "no '" + marker + "' in: " + pending.toString(StandardCharsets.UTF_8));
    }
  }
}
