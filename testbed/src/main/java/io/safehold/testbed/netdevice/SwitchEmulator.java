package io.safehold.testbed.netdevice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.forward.TcpForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * An in-process SSH server that behaves like a Cisco-IOS-style switch: a banner and a {@code
 * hostname#} prompt, a {@code --More--} pager until {@code terminal length 0}, and {@code show
 * version}, {@code show inventory} and {@code show running-config} with volatile lines (uptime,
 * last change time, ntp clock-period) that change on every call. Test and dev infrastructure only.
 *
 * <p>Cheap enough to run hundreds in one JVM: pass one {@link #newHostKey()} to every builder so no
 * instance generates its own key, and bind port 0.
 */
public final class SwitchEmulator implements AutoCloseable {

  /**
   * Shell sessions block on their input; daemon threads so a forgotten emulator never pins a JVM.
   */
  private static final ExecutorService SESSIONS =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "switch-emulator-session");
            thread.setDaemon(true);
            return thread;
          });

  private final SshServer server;
  private final EmulatedSwitch device;
  private final PublicKey hostPublicKey;

  private SwitchEmulator(SshServer server, EmulatedSwitch device, PublicKey hostPublicKey) {
    this.server = server;
    this.device = device;
    this.hostPublicKey = hostPublicKey;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A fresh ECDSA P-256 host key; generate one and share it across many emulators. */
  public static KeyPair newHostKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate ECDSA P-256 keys", e);
    }
  }

  /** The port the server listens on (the ephemeral one when built with port 0). */
  public int port() {
    return server.getPort();
  }

  public String host() {
    return server.getHost();
  }

  public String hostname() {
    return device.hostname();
  }

  /** The host key fingerprint as OpenSSH prints it: {@code SHA256:<base64 without padding>}. */
  public String hostKeyFingerprint() {
    return KeyUtils.getFingerPrint(BuiltinDigests.sha256, hostPublicKey);
  }

  /** The host key fingerprint in the legacy form {@code MD5:aa:bb:...}. */
  public String hostKeyMd5Fingerprint() {
    return KeyUtils.getFingerPrint(BuiltinDigests.md5, hostPublicKey);
  }

  public PublicKey hostPublicKey() {
    return hostPublicKey;
  }

  @Override
  public void close() {
    try {
      server.stop(true);
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop the switch emulator on port " + port(), e);
    }
  }

  /** Options of a {@link SwitchEmulator}; {@link #start()} binds and returns the running server. */
  public static final class Builder {
    private String bindAddress = "127.0.0.1";
    private int port;
    private KeyPair hostKey;
    private Path hostKeyFile;
    private final Map<String, String> passwords = new HashMap<>();
    private final Map<String, List<PublicKey>> authorizedKeys = new HashMap<>();
    private String hostname = "switch1";
    private String model = "WS-C3750X-48P-S";
    private String osVersion = "15.2(4)E10";
    private String serial;
    private Supplier<String> runningConfig;
    private Path runningConfigFile;
    private boolean tcpForwarding;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Address to listen on; default {@code 127.0.0.1}. */
    public Builder bindAddress(String bindAddress) {
      this.bindAddress = Objects.requireNonNull(bindAddress);
      return this;
    }

    /** Port to listen on; default 0 (an ephemeral port, see {@link SwitchEmulator#port()}). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Uses this host key (ECDSA or RSA); share one across many emulators to start them fast. */
    public Builder hostKey(KeyPair hostKey) {
      this.hostKey = Objects.requireNonNull(hostKey);
      return this;
    }

    /**
     * Loads the host key from this file, generating an ECDSA key there on first use, so restarts
     * keep the same fingerprint. Ignored when {@link #hostKey(KeyPair)} is set.
     */
    public Builder hostKeyFile(Path hostKeyFile) {
      this.hostKeyFile = Objects.requireNonNull(hostKeyFile);
      return this;
    }

    /** Accepts this user with this password (also over keyboard-interactive). */
    public Builder user(String username, String password) {
      passwords.put(Objects.requireNonNull(username), Objects.requireNonNull(password));
      return this;
    }

    /** Accepts this user when it proves it holds the private half of {@code key}. */
    public Builder authorizedKey(String username, PublicKey key) {
      authorizedKeys
          .computeIfAbsent(Objects.requireNonNull(username), u -> new ArrayList<>())
          .add(Objects.requireNonNull(key));
      return this;
    }

    /** The device's hostname, shown in its prompt, show version and the default config. */
    public Builder hostname(String hostname) {
      this.hostname = Objects.requireNonNull(hostname);
      return this;
    }

    public Builder model(String model) {
      this.model = Objects.requireNonNull(model);
      return this;
    }

    public Builder osVersion(String osVersion) {
      this.osVersion = Objects.requireNonNull(osVersion);
      return this;
    }

    /** Chassis serial number; default derived from the hostname. */
    public Builder serial(String serial) {
      this.serial = Objects.requireNonNull(serial);
      return this;
    }

    /**
     * The running config body, asked for on every {@code show running-config}, so a test can change
     * it between backups. The emulator adds its own volatile header and ntp line around it.
     */
    public Builder runningConfig(Supplier<String> runningConfig) {
      this.runningConfig = Objects.requireNonNull(runningConfig);
      return this;
    }

    /**
     * Reads the running config body from this file on every {@code show running-config}; a missing
     * file is created with the default config so a user can edit it.
     */
    public Builder runningConfigFile(Path runningConfigFile) {
      this.runningConfigFile = Objects.requireNonNull(runningConfigFile);
      return this;
    }

    /**
     * Lets clients open direct-tcpip channels to 127.0.0.1 only, so the device acts as a jump host.
     */
    public Builder tcpForwarding(boolean enabled) {
      this.tcpForwarding = enabled;
      return this;
    }

    /** The clock behind timestamps and uptime; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** Binds and starts the server. */
    public SwitchEmulator start() throws IOException {
      if (passwords.isEmpty() && authorizedKeys.isEmpty()) {
        throw new IllegalStateException(
            "a switch emulator needs at least one user or authorized key");
      }
      String serialNumber = serial != null ? serial : EmulatedSwitch.serialFor(hostname);
      Supplier<String> config = configSource();
      EmulatedSwitch device =
          new EmulatedSwitch(hostname, model, osVersion, serialNumber, config, clock);

      SshServer server = SshServer.setUpDefaultServer();
      // Interactive CLI traffic is many small writes; Nagle's delay would add tens of ms to each.
      CoreModuleProperties.TCP_NODELAY.set(server, true);
      server.setHost(bindAddress);
      server.setPort(port);
      KeyPairProvider keys = hostKeyProvider();
      server.setKeyPairProvider(keys);
      Map<String, String> users = Map.copyOf(passwords);
      Map<String, List<PublicKey>> keysByUser = Map.copyOf(authorizedKeys);
      server.setPasswordAuthenticator(
          (username, password, session) -> password.equals(users.get(username)));
      server.setPublickeyAuthenticator(
          (username, key, session) ->
              keysByUser.getOrDefault(username, List.of()).stream()
                  .anyMatch(allowed -> KeyUtils.compareKeys(allowed, key)));
      server.setShellFactory(channel -> new SwitchShell(device, SESSIONS));
      server.setCommandFactory((channel, command) -> new SwitchExec(device, command, SESSIONS));
      // sshd's DEFAULT filters accept everything; a test device must never forward unless asked.
      server.setForwardingFilter(
          tcpForwarding
              ? ForwardingFilter.asForwardingFilter(
                  RejectAllForwardingFilter.INSTANCE,
                  RejectAllForwardingFilter.INSTANCE,
                  new LoopbackOnlyForwarding())
              : RejectAllForwardingFilter.INSTANCE);
      server.start();
      PublicKey publicKey;
      try {
        publicKey = keys.loadKeys(null).iterator().next().getPublic();
      } catch (GeneralSecurityException e) {
        server.stop(true);
        throw new IOException("could not load the emulator's host key", e);
      }
      return new SwitchEmulator(server, device, publicKey);
    }

    private KeyPairProvider hostKeyProvider() {
      if (hostKey != null) {
        return KeyPairProvider.wrap(hostKey);
      }
      if (hostKeyFile != null) {
        SimpleGeneratorHostKeyProvider provider = new SimpleGeneratorHostKeyProvider(hostKeyFile);
        provider.setAlgorithm(KeyUtils.EC_ALGORITHM);
        provider.setKeySize(256);
        return provider;
      }
      return KeyPairProvider.wrap(newHostKey());
    }

    private Supplier<String> configSource() throws IOException {
      if (runningConfig != null) {
        return runningConfig;
      }
      String defaultConfig = EmulatedSwitch.defaultConfig(hostname);
      if (runningConfigFile == null) {
        return () -> defaultConfig;
      }
      Path file = runningConfigFile;
      if (!Files.exists(file)) {
        if (file.getParent() != null) {
          Files.createDirectories(file.getParent());
        }
        Files.writeString(file, defaultConfig, StandardCharsets.UTF_8);
      }
      return () -> {
        try {
          return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the emulated running config " + file, e);
        }
      };
    }
  }

  /** Direct-tcpip to the loopback interface only: a jump host in tests must never reach outside. */
  private static final class LoopbackOnlyForwarding implements TcpForwardingFilter {
    @Override
    public boolean canListen(SshdSocketAddress address, Session session) {
      return false;
    }

    @Override
    public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
      if (type != Type.Direct) {
        return false;
      }
      try {
        return InetAddress.getByName(address.getHostName()).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
  }
}
