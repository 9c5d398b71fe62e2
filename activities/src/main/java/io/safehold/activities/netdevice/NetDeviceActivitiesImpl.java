package io.safehold.activities.netdevice;

import io.safehold.activities.catalog.RunEventLog;
import io.safehold.activities.netdevice.DeviceProfile.FactCommand;
import io.safehold.activities.storage.BackupLayout;
import io.safehold.activities.storage.ObjectStore;
import io.safehold.activities.storage.ObjectStore.ObjectStoreException;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.CredentialRow;
import io.safehold.catalog.DeviceDao;
import io.safehold.catalog.DeviceRow;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.secrets.CredentialVault;
import io.safehold.catalog.secrets.CredentialVault.SecretUnreadableException;
import io.safehold.workflows.netdevice.CaptureRequest;
import io.safehold.workflows.netdevice.CapturedConfig;
import io.safehold.workflows.netdevice.DeviceFacts;
import io.safehold.workflows.netdevice.NetDeviceActivities;
import io.safehold.workflows.run.RunEventType;
import io.safehold.workflows.run.StoredObject;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures device configs over SSH. Every host key is verified (expected fingerprint or
 * pin-on-first-use); secrets are decrypted here and never leave the activity; the config text goes
 * to the object store, never into Temporal. Failures carry the types of {@link
 * NetDeviceActivities}: only {@link #CONNECT_FAILED} is retryable, with its own jittered delay.
 */
public final class NetDeviceActivitiesImpl implements NetDeviceActivities {

  private static final Logger LOG = LoggerFactory.getLogger(NetDeviceActivitiesImpl.class);

  /**
   * Non-retryable: the backup store refused the object for good (missing bucket, access denied).
   */
  public static final String STORE_REJECTED = "StoreRejected";

  private static final int MAX_KEY_TRIES = 60;

  private final Jdbi jdbi;
  private final CredentialVault vault;
  private final ObjectStore store;
  private final DeviceProfiles profiles;
  private final Clock clock;
  private final SshTimeouts timeouts;

  public NetDeviceActivitiesImpl(
      Jdbi jdbi,
      CredentialVault vault,
      ObjectStore store,
      DeviceProfiles profiles,
      Clock clock,
      SshTimeouts timeouts) {
    this.jdbi = Objects.requireNonNull(jdbi);
    this.vault = Objects.requireNonNull(vault);
    this.store = Objects.requireNonNull(store);
    this.profiles = Objects.requireNonNull(profiles);
    this.clock = Objects.requireNonNull(clock);
    this.timeouts = Objects.requireNonNull(timeouts);
  }

  @Override
  public CapturedConfig captureConfig(CaptureRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    SessionLog log = new SessionLog(jdbi, parseRunId(request.runId()), clock);
    try {
      return capture(request, context, log);
    } catch (SshFailure e) {
      log.write(RunEventType.FAILURE, e.getMessage());
      throw toApplicationFailure(e, context.getInfo().getAttempt());
    } catch (ApplicationFailure e) {
      log.write(RunEventType.FAILURE, e.getOriginalMessage());
      throw e;
    } catch (RuntimeException e) {
      // Transient trouble (catalog, store): Temporal retries it; the session log says why.
      log.tryWrite(RunEventType.FAILURE, "capture failed, will retry: " + DeviceSsh.describe(e));
      throw e;
    } finally {
      log.close();
    }
  }

  private CapturedConfig capture(
      CaptureRequest request, ActivityExecutionContext context, SessionLog log) throws SshFailure {
    DeviceDao devices = jdbi.onDemand(DeviceDao.class);
    DeviceRow device = findDevice(devices, request.deviceId());
    DeviceProfile profile = profileOf(device);
    DeviceSsh.Endpoint target = endpoint(devices, device);
    DeviceSsh.Endpoint jump = null;
    if (device.jumpHostId() != null) {
      DeviceRow jumpRow =
          devices
              .find(device.jumpHostId())
              .orElseThrow(
                  () ->
                      badConfig(
                          "jump host "
                              + device.jumpHostId()
                              + " of device "
                              + device.name()
                              + " does not exist"));
      jump = endpoint(devices, jumpRow);
    }

    context.heartbeat("connect");
    int attempt = context.getInfo().getAttempt();
    log.write(
        RunEventType.CONNECT,
        "connecting to "
            + device.name()
            + " ("
            + target.address()
            + ") as "
            + target.login().username()
            + (jump == null
                ? ""
                : " through jump host " + jump.name() + " (" + jump.address() + ")")
            + (attempt > 1 ? ", attempt " + attempt : ""));
    Instant capturedAt = clock.instant();
    Map<String, String> factOutputs = new LinkedHashMap<>();
    String rawConfig;
    String promptHostname = null;
    try (DeviceSsh ssh = DeviceSsh.connect(target, jump, timeouts)) {
      log.write(RunEventType.INFO, "connected; host key " + target.hostKey().seenFingerprint());
      Step step =
          (command, output) -> {
            context.heartbeat(command);
            log.write(RunEventType.RESPONSE, summary(output));
          };
      if (profile.session() == DeviceProfile.Session.SHELL) {
        try (DeviceShell shell = ssh.openShell(profile)) {
          promptHostname = profile.hostnameFromPrompt(shell.promptLine());
          for (String command : profile.disablePaging()) {
            log.write(RunEventType.COMMAND, command);
            step.done(command, shell.run(command));
          }
          for (FactCommand fact : profile.facts()) {
            log.write(RunEventType.COMMAND, fact.command());
            String output = shell.run(fact.command());
            step.done(fact.command(), output);
            factOutputs.put(fact.command(), ConfigNormalizer.visibleText(output, profile));
          }
          List<String> parts = new ArrayList<>();
          for (String command : profile.configCommands()) {
            log.write(RunEventType.COMMAND, command);
            String output = shell.run(command);
            step.done(command, output);
            parts.add(output);
          }
          rawConfig = String.join("\n", parts);
        }
      } else {
        rawConfig = captureOverExec(ssh, device, profile, factOutputs, step, log);
      }
    }

    DeviceFacts parsed = profile.parseFacts(factOutputs);
    String hostname =
        parsed.hostname() != null
            ? parsed.hostname()
            : promptHostname != null ? promptHostname : device.name();
    DeviceFacts facts =
        new DeviceFacts(hostname, parsed.model(), parsed.osVersion(), parsed.serial());
    byte[] config = ConfigNormalizer.normalize(rawConfig, profile).getBytes(StandardCharsets.UTF_8);
    if (config.length == 0) {
      throw badConfig(
          "device "
              + device.name()
              + " returned an empty config; check its type ("
              + device.deviceType()
              + ") and the credential's privileges");
    }
    String sha256 = sha256Hex(config);
    if (sha256.equals(request.previousSha256())) {
      log.write(
          RunEventType.SUCCESS,
          "config unchanged (" + config.length + " bytes, sha256 " + sha256 + ")");
      return new CapturedConfig(facts, sha256, config.length, null);
    }
    context.heartbeat("store");
    String key = freeKey(device, hostname, capturedAt);
    StoredObject stored;
    try {
      stored = store.put(key, config, "text/plain; charset=utf-8");
    } catch (ObjectStoreException e) {
      if (e.permanent()) {
        throw ApplicationFailure.newNonRetryableFailureWithCause(
            "the backup store refused " + key + ": " + e.getMessage(), STORE_REJECTED, e);
      }
      throw e;
    }
    log.write(
        RunEventType.SUCCESS,
        "config stored at "
            + stored.key()
            + " ("
            + stored.size()
            + " bytes, sha256 "
            + stored.sha256()
            + ")");
    return new CapturedConfig(facts, sha256, config.length, stored);
  }

  /**
   * The layout names objects to the second; two changed captures within one second must not
   * overwrite the first, whose catalog row points at it, so later seconds are tried.
   */
  private String freeKey(DeviceRow device, String hostname, Instant capturedAt) {
    Instant at = capturedAt;
    String key = BackupLayout.deviceConfig(device.id().toString(), hostname, at);
    for (int tries = 0; tries < MAX_KEY_TRIES && store.exists(key); tries++) {
      at = at.plusSeconds(1);
      key = BackupLayout.deviceConfig(device.id().toString(), hostname, at);
    }
    return key;
  }

  /** Called after each command: heartbeats with the command and logs a short summary. */
  private interface Step {
    void done(String command, String output);
  }

  private static String captureOverExec(
      DeviceSsh ssh,
      DeviceRow device,
      DeviceProfile profile,
      Map<String, String> factOutputs,
      Step step,
      SessionLog log)
      throws SshFailure {
    for (FactCommand fact : profile.facts()) {
      log.write(RunEventType.COMMAND, fact.command());
      DeviceSsh.ExecResult result = ssh.exec(fact.command());
      step.done(fact.command(), result.stdout());
      if (result.succeeded()) {
        factOutputs.put(fact.command(), ConfigNormalizer.visibleText(result.stdout(), profile));
      } else {
        log.write(
            RunEventType.INFO,
            "'"
                + fact.command()
                + "' exited with status "
                + result.exitStatus()
                + "; that fact is skipped");
      }
    }
    boolean headed = profile.configCommands().size() + profile.files().size() > 1;
    StringBuilder config = new StringBuilder();
    for (String command : profile.configCommands()) {
      log.write(RunEventType.COMMAND, command);
      DeviceSsh.ExecResult result = ssh.exec(command);
      step.done(command, result.stdout());
      if (!result.succeeded()) {
        throw badConfig(
            "device "
                + device.name()
                + ": '"
                + command
                + "' failed with exit status "
                + result.exitStatus()
                + ": "
                + lastLine(result.stderr()));
      }
      appendPart(config, headed ? command : null, result.stdout());
    }
    for (String file : profile.files()) {
      String command = "cat -- " + shellQuote(file);
      log.write(RunEventType.COMMAND, command);
      DeviceSsh.ExecResult result = ssh.exec(command);
      step.done(command, result.stdout());
      if (result.succeeded()) {
        appendPart(config, file, result.stdout());
      } else {
        // The reason goes to the session log only: stderr wording varies (locale, server debug
        // output), and the stored text must hash the same while nothing changed.
        log.write(RunEventType.INFO, file + " is not readable: " + lastLine(result.stderr()));
        appendPart(config, file + " (not readable)", "");
      }
    }
    return config.toString();
  }

  private static void appendPart(StringBuilder config, String header, String text) {
    if (header != null) {
      config.append("==> ").append(header).append(" <==\n");
    }
    config.append(text);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      config.append('\n');
    }
  }

  private static String shellQuote(String path) {
    return "'" + path.replace("'", "'\\''") + "'";
  }

  /** The last non-blank line of a command's stderr, where the actual error usually is. */
  private static String lastLine(String text) {
    List<String> lines =
        (text == null ? "" : text)
            .lines()
            .map(ConfigNormalizer::visibleLine)
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .toList();
    return lines.isEmpty() ? "no error message" : lines.get(lines.size() - 1);
  }

  private static String summary(String output) {
    if (output.isEmpty()) {
      return "no output";
    }
    long lines = output.chars().filter(c -> c == '\n').count() + (output.endsWith("\n") ? 0 : 1);
    return lines + (lines == 1 ? " line" : " lines") + ", " + output.length() + " characters";
  }

  private static DeviceRow findDevice(DeviceDao devices, String deviceId) {
    UUID id;
    try {
      id = UUID.fromString(String.valueOf(deviceId));
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "device id '" + deviceId + "' is not a UUID", DEVICE_NOT_FOUND);
    }
    return devices
        .find(id)
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "device " + id + " does not exist", DEVICE_NOT_FOUND));
  }

  private DeviceProfile profileOf(DeviceRow device) {
    Optional<DeviceProfile> profile;
    try {
      profile = profiles.find(device.deviceType());
    } catch (IllegalArgumentException e) {
      throw badConfig(e.getMessage());
    }
    return profile.orElseThrow(
        () ->
            badConfig(
                "device "
                    + device.name()
                    + " has unknown device type '"
                    + device.deviceType()
                    + "'"));
  }

  private DeviceSsh.Endpoint endpoint(DeviceDao devices, DeviceRow row) {
    HostKeyCheck hostKey;
    if (row.hostKey() != null && !row.hostKey().isBlank()) {
      hostKey = HostKeyCheck.expecting(row.name(), row.hostKey());
    } else if (row.pinOnFirstUse()) {
      UUID id = row.id();
      hostKey =
          HostKeyCheck.pinningOnFirstUse(
              row.name(),
              seen ->
                  devices.pinHostKey(id, seen)
                      ? seen
                      : devices.find(id).map(DeviceRow::hostKey).orElse(null));
    } else {
      throw badConfig("device " + row.name() + " has no host key: set hostKey or pinOnFirstUse");
    }
    return new DeviceSsh.Endpoint(row.name(), row.host(), row.port(), login(row), hostKey);
  }

  private SshLogin login(DeviceRow row) {
    CredentialDao credentials = jdbi.onDemand(CredentialDao.class);
    UUID credentialId = row.credentialId();
    if (credentialId == null && row.tags() != null && !row.tags().isEmpty()) {
      credentialId = credentials.credentialForTags(row.tags().toArray(String[]::new)).orElse(null);
    }
    if (credentialId == null) {
      throw badConfig(
          "device "
              + row.name()
              + " has no credential: set its credentialId or attach a "
              + "credential to one of its tags "
              + (row.tags() == null ? "[]" : row.tags()));
    }
    UUID id = credentialId;
    CredentialRow credential =
        credentials
            .find(id)
            .orElseThrow(
                () ->
                    badConfig("credential " + id + " of device " + row.name() + " does not exist"));
    try {
      String secret = vault.openText(credential.secretEnc());
      String passphrase = vault.openText(credential.passphraseEnc());
      SshLogin.Kind kind =
          switch (credential.kind()) {
            case "password" -> SshLogin.Kind.PASSWORD;
            case "private-key" -> SshLogin.Kind.PRIVATE_KEY;
            default ->
                throw badConfig(
                    "credential "
                        + credential.name()
                        + " has unknown kind '"
                        + credential.kind()
                        + "'");
          };
      return new SshLogin(credential.name(), credential.username(), kind, secret, passphrase);
    } catch (SecretUnreadableException e) {
      throw badConfig(
          "credential " + credential.name() + " cannot be decrypted: " + e.getMessage());
    }
  }

  static ApplicationFailure toApplicationFailure(SshFailure failure, int attempt) {
    return switch (failure.kind()) {
      case HOST_KEY ->
          ApplicationFailure.newNonRetryableFailure(failure.getMessage(), HOST_KEY_MISMATCH);
      case AUTHENTICATION ->
          ApplicationFailure.newNonRetryableFailure(failure.getMessage(), AUTHENTICATION_FAILED);
      case BAD_INPUT ->
          ApplicationFailure.newNonRetryableFailure(failure.getMessage(), BAD_DEVICE_CONFIG);
      case CONNECT ->
          ApplicationFailure.newBuilder()
              .setMessage(failure.getMessage())
              .setType(CONNECT_FAILED)
              .setNextRetryDelay(
                  ConnectBackoff.nextDelay(attempt, ThreadLocalRandom.current()::nextDouble))
              .build();
    };
  }

  private static ApplicationFailure badConfig(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, BAD_DEVICE_CONFIG);
  }

  private static UUID parseRunId(String runId) {
    if (runId == null) {
      return null;
    }
    try {
      return UUID.fromString(runId);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "run id '" + runId + "' is not a UUID", BAD_DEVICE_CONFIG);
    }
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** The run's session log; silent when the capture belongs to no run. */
  /**
   * The run's session log, written in batches: one transaction when the capture ends (or at most
   * a second after an event, so a slow session still shows its progress) instead of one per line;
   * with hundreds of devices at once the per-line writes were the biggest cost in the catalog.
   * Each event keeps the time it happened.
   */
  private static final class SessionLog implements AutoCloseable {
    private static final Duration FLUSH_AFTER = Duration.ofSeconds(1);

    private final Jdbi jdbi;
    private final UUID runId;
    private final Clock clock;
    private final List<RunDao.NewRunEvent> pending = new ArrayList<>();

    SessionLog(Jdbi jdbi, UUID runId, Clock clock) {
      this.jdbi = jdbi;
      this.runId = runId;
      this.clock = clock;
    }

    void write(RunEventType type, String message) {
      if (runId == null) {
        return;
      }
      Instant now = clock.instant();
      pending.add(
          new RunDao.NewRunEvent(
              runId,
              type.name().toLowerCase(Locale.ROOT),
              RunEventLog.truncate(message == null ? "" : message),
              now));
      if (Duration.between(pending.get(0).at(), now).compareTo(FLUSH_AFTER) >= 0) {
        flush();
      }
    }

    /** Writes if it can: used while reporting another failure, which must not be masked. */
    void tryWrite(RunEventType type, String message) {
      try {
        write(type, message);
      } catch (RuntimeException ignored) {
        // the catalog is the likely culprit; the original failure is what matters
      }
    }

    private void flush() {
      if (!pending.isEmpty()) {
        jdbi.onDemand(RunDao.class).insertEvents(List.copyOf(pending));
        pending.clear();
      }
    }

    /** Flushes what is left; a catalog failure here must not replace the capture's own outcome. */
    @Override
    public void close() {
      try {
        flush();
      } catch (RuntimeException e) {
        LOG.warn("could not write the session log of run {}: {}", runId, e.toString());
      }
    }
  }
}
