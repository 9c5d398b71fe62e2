package io.safehold.activities.netdevice;

import io.safehold.activities.netdevice.SshFailure.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.Channel;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.PasswordResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.PasswordUtils;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * One authenticated SSH connection to a device, directly or through a jump host whose own host key
 * and login are checked the same way. Host keys are always verified by a {@link HostKeyCheck}.
 */
final class DeviceSsh implements AutoCloseable {

  /** Building the algorithm lists is costly; the config is read-only once built, so share it. */
  private static final Config CONFIG = new DefaultConfig();

  /**
   * Bounds the handshake and login: sshj waits for the server's identification without a limit, so
   * a host that accepts TCP but never speaks SSH would otherwise hold the activity forever.
   */
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "device-ssh-watchdog");
            thread.setDaemon(true);
            return thread;
          });

  /** Caps what one command may print, so a misbehaving device cannot exhaust the worker's heap. */
  static final int MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

  /** Where to connect and how to prove who we are and who the device is. */
  record Endpoint(String name, String host, int port, SshLogin login, HostKeyCheck hostKey) {
    String address() {
      return host + ":" + port;
    }
  }

  /** What an exec command printed and its exit status (null when the device sent none). */
  record ExecResult(String stdout, String stderr, Integer exitStatus) {
    boolean succeeded() {
      return exitStatus == null || exitStatus == 0;
    }
  }

  private final String deviceName;
  private final SSHClient jumpClient;
  private final SSHClient client;
  private final SshTimeouts timeouts;

  private DeviceSsh(
      String deviceName, SSHClient jumpClient, SSHClient client, SshTimeouts timeouts) {
    this.deviceName = deviceName;
    this.jumpClient = jumpClient;
    this.client = client;
    this.timeouts = timeouts;
  }

  /**
   * Connects and logs in, through {@code jump} when it is not null.
   *
   * @throws SshFailure classified: {@link Kind#HOST_KEY}, {@link Kind#AUTHENTICATION}, {@link
   *     Kind#CONNECT} or {@link Kind#BAD_INPUT} (an unreadable private key)
   */
  static DeviceSsh connect(Endpoint device, Endpoint jump, SshTimeouts timeouts) throws SshFailure {
    SSHClient jumpClient = null;
    SSHClient client = newClient(device, timeouts);
    try {
      if (jump == null) {
        open(client, device, () -> client.connect(device.host(), device.port()), null, timeouts);
      } else {
        jumpClient = newClient(jump, timeouts);
        SSHClient hop = jumpClient;
        open(hop, jump, () -> hop.connect(jump.host(), jump.port()), null, timeouts);
        open(
            client,
            device,
            () -> {
              DirectConnection tunnel = hop.newDirectConnection(device.host(), device.port());
              client.connectVia(tunnel);
            },
            jump,
            timeouts);
      }
      return new DeviceSsh(device.name(), jumpClient, client, timeouts);
    } catch (SshFailure e) {
      closeQuietly(client);
      closeQuietly(jumpClient);
      throw e;
    }
  }

  private interface Connector {
    void connect() throws IOException;
  }

  private static SSHClient newClient(Endpoint endpoint, SshTimeouts timeouts) {
    SSHClient client = new SSHClient(CONFIG);
    client.setSocketFactory(NoDelaySocketFactory.INSTANCE);
    client.addHostKeyVerifier(endpoint.hostKey());
    int connectMs = Math.toIntExact(timeouts.connect().toMillis());
    client.setConnectTimeout(connectMs);
    client.getTransport().setTimeoutMs(connectMs);
    client.getConnection().setTimeoutMs(connectMs);
    return client;
  }

  private static void open(
      SSHClient client, Endpoint endpoint, Connector connector, Endpoint via, SshTimeouts timeouts)
      throws SshFailure {
    String where =
        "device "
            + endpoint.name()
            + " at "
            + endpoint.address()
            + (via == null ? "" : " through jump host " + via.name() + " (" + via.address() + ")");
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> watchdog =
        WATCHDOG.schedule(
            () -> {
              expired.set(true);
              closeQuietly(client);
            },
            timeouts.connect().toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      handshakeAndLogin(client, endpoint, connector, where);
    } catch (SshFailure e) {
      if (expired.get() && e.kind() != Kind.HOST_KEY) {
        throw new SshFailure(
            Kind.CONNECT,
            where
                + " did not complete the SSH handshake and login within "
                + timeouts.connect().toSeconds()
                + " s",
            e);
      }
      throw e;
    } finally {
      watchdog.cancel(false);
    }
  }

  private static void handshakeAndLogin(
      SSHClient client, Endpoint endpoint, Connector connector, String where) throws SshFailure {
    try {
      connector.connect();
    } catch (IOException | RuntimeException e) {
      String refusal = endpoint.hostKey().refusal();
      if (refusal != null) {
        throw new SshFailure(Kind.HOST_KEY, refusal, null);
      }
      throw new SshFailure(Kind.CONNECT, "cannot connect to " + where + ": " + describe(e), e);
    }
    SshLogin login = endpoint.login();
    try {
      if (login.kind() == SshLogin.Kind.PASSWORD) {
        PasswordFinder password = fixedPassword(login.secret());
        client.auth(
            login.username(),
            new AuthPassword(password),
            new AuthKeyboardInteractive(new PasswordResponseProvider(password)));
      } else {
        client.authPublickey(login.username(), loadKey(client, login));
      }
    } catch (SshFailure e) {
      throw e;
    } catch (UserAuthException e) {
      throw new SshFailure(
          Kind.AUTHENTICATION,
          "authentication failed for user "
              + login.username()
              + " on "
              + where
              + " (credential "
              + login.credentialName()
              + "): check the username and "
              + (login.kind() == SshLogin.Kind.PASSWORD ? "password" : "key"),
          null);
    } catch (IOException e) {
      throw new SshFailure(
          Kind.CONNECT, "connection to " + where + " failed during login: " + describe(e), e);
    }
  }

  private static KeyProvider loadKey(SSHClient client, SshLogin login) throws SshFailure {
    try {
      KeyProvider key =
          client.loadKeys(
              login.secret(),
              null,
              login.passphrase() == null
                  ? null
                  : PasswordUtils.createOneOff(login.passphrase().toCharArray()));
      key.getPublic();
      return key;
    } catch (IOException | RuntimeException e) {
      throw new SshFailure(
          Kind.BAD_INPUT,
          "the private key of credential "
              + login.credentialName()
              + " cannot be read (wrong passphrase or not a PEM/OpenSSH key): "
              + describe(e),
          null);
    }
  }

  private static PasswordFinder fixedPassword(String password) {
    return new PasswordFinder() {
      @Override
      public char[] reqPassword(Resource<?> resource) {
        return password.toCharArray();
      }

      @Override
      public boolean shouldRetry(Resource<?> resource) {
        return false;
      }
    };
  }

  /** Runs one command on its own exec channel. */
  ExecResult exec(String command) throws SshFailure {
    try (Session session = client.startSession()) {
      Session.Command running = session.exec(command);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      drain(running, running.getInputStream(), out, running.getErrorStream(), err, command);
      running.join(timeouts.read().toMillis(), TimeUnit.MILLISECONDS);
      return new ExecResult(
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8),
          running.getExitStatus());
    } catch (SshFailure e) {
      throw e;
    } catch (IOException e) {
      throw new SshFailure(
          Kind.CONNECT,
          "device " + deviceName + " failed running '" + command + "': " + describe(e),
          e);
    }
  }

  /** Reads both streams of an exec channel until the device closes them. */
  private void drain(
      Channel channel,
      InputStream out,
      ByteArrayOutputStream outBytes,
      InputStream err,
      ByteArrayOutputStream errBytes,
      String command)
      throws IOException {
    byte[] buffer = new byte[16 * 1024];
    long silentSince = System.nanoTime();
    long pause = 1;
    while (true) {
      boolean finished = channel.isEOF() || !channel.isOpen();
      int moved = move(out, outBytes, buffer) + move(err, errBytes, buffer);
      if (outBytes.size() + errBytes.size() > MAX_OUTPUT_BYTES) {
        throw tooLarge("'" + command + "'");
      }
      if (moved > 0) {
        silentSince = System.nanoTime();
        pause = 1;
        continue;
      }
      if (finished) {
        return;
      }
      if (System.nanoTime() - silentSince > timeouts.read().toNanos()) {
        throw silent("running '" + command + "'");
      }
      pause = sleep(pause);
    }
  }

  private static int move(InputStream in, ByteArrayOutputStream target, byte[] buffer)
      throws IOException {
    int available = in.available();
    if (available <= 0) {
      return 0;
    }
    int read = in.read(buffer, 0, Math.min(available, buffer.length));
    if (read > 0) {
      target.write(buffer, 0, read);
    }
    return Math.max(read, 0);
  }

  /** Waits a little longer each time nothing arrives, up to 20 ms, to poll without busy-looping. */
  static long sleep(long pauseMs) throws IOException {
    try {
      Thread.sleep(pauseMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the device");
    }
    return Math.min(pauseMs * 2, 20);
  }

  /** A device that went quiet; {@code waitingFor} says for what, e.g. "running 'show version'". */
  SshFailure silent(String waitingFor) {
    return new SshFailure(
        Kind.CONNECT,
        "device "
            + deviceName
            + " sent nothing for "
            + timeouts.read().toSeconds()
            + " s while "
            + waitingFor,
        null);
  }

  /** Output over {@link #MAX_OUTPUT_BYTES}; {@code step} names it, e.g. "'show version'". */
  SshFailure tooLarge(String step) {
    return new SshFailure(
        Kind.BAD_INPUT,
        "device "
            + deviceName
            + " printed more than "
            + MAX_OUTPUT_BYTES / (1024 * 1024)
            + " MiB for "
            + step
            + "; refusing to store it",
        null);
  }

  /** Opens an interactive CLI with a PTY and waits for the first prompt. */
  DeviceShell openShell(DeviceProfile profile) throws SshFailure {
    Session session = null;
    try {
      session = client.startSession();
      // Wide enough that no config line wraps; 24 rows like a real terminal, so pagers engage
      // until the profile disables them.
      session.allocatePTY("vt100", 511, 24, 0, 0, Map.of());
      Session.Shell shell = session.startShell();
      DeviceShell deviceShell = new DeviceShell(this, session, shell, profile, timeouts.read());
      deviceShell.awaitPrompt();
      return deviceShell;
    } catch (SshFailure e) {
      closeQuietly(session);
      throw e;
    } catch (IOException e) {
      closeQuietly(session);
      throw new SshFailure(
          Kind.CONNECT, "device " + deviceName + " did not open a shell: " + describe(e), e);
    }
  }

  String deviceName() {
    return deviceName;
  }

  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return root == e ? message : message + " (" + e.getClass().getSimpleName() + ")";
  }

  @Override
  public void close() {
    closeQuietly(client);
    closeQuietly(jumpClient);
  }

  static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing a broken session: nothing more to do
    }
  }
}
