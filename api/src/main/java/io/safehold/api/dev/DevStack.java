package io.safehold.api.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.zaxxer.hikari.HikariDataSource;
import io.safehold.activities.storage.ObjectStore;
import io.safehold.activities.storage.S3ObjectStore;
import io.safehold.activities.storage.S3Settings;
import io.safehold.api.auth.ApiKeys;
import io.safehold.api.auth.Role;
import io.safehold.api.cli.SafeholdClient;
import io.safehold.catalog.ApiKeyDao;
import io.safehold.catalog.Catalog;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.CredentialRow;
import io.safehold.catalog.DeviceDao;
import io.safehold.catalog.DeviceRow;
import io.safehold.catalog.VcenterDao;
import io.safehold.catalog.VcenterRow;
import io.safehold.catalog.secrets.CredentialVault;
import io.safehold.testbed.cove.CoveDemoTenant;
import io.safehold.testbed.cove.CoveEmulator;
import io.safehold.testbed.netdevice.SwitchEmulator;
import io.safehold.testbed.s3.S3ProxyProcess;
import io.safehold.testbed.vcsim.VcsimProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code dev} embeds, started in dependency order and stopped in reverse: PostgreSQL,
 * Temporal's test server, S3Proxy as a child process, and a demo switch. All state lives under the
 * data directory, so a restart keeps the catalog, the stored objects and the keys.
 */
public final class DevStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);

  public static final String DEMO_DEVICE = "demo-switch";
  static final String BUCKET = "safehold";

  private final DevOptions options;
  private final List<AutoCloseable> started = new ArrayList<>();
  private Path configFile;
  private Path adminKeyFile;
  private String temporalTarget;
  private String s3Endpoint;
  private S3ObjectStore objectStore;
  private VcsimProcess demoVcenter;

  private DevStack(DevOptions options) {
    this.options = options;
  }

  /** Starts every embedded service and writes the server configuration; closes what it started on failure. */
  public static DevStack start(DevOptions options) throws IOException {
    DevStack stack = new DevStack(options);
    try {
      stack.startAll();
      return stack;
    } catch (IOException | RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startAll() throws IOException {
    Path data = Files.createDirectories(options.dataDir().toAbsolutePath());
    CredentialVault vault = CredentialVault.fromBase64(readOrCreateSecret(data.resolve("secret.key"),
        CredentialVault::newBase64Key));

    EmbeddedCatalogDatabase database = EmbeddedCatalogDatabase.start(data);
    started.add(database);

    if (options.temporalTarget() == null) {
      EmbeddedTemporal temporal = EmbeddedTemporal.start(options.temporalPort());
      started.add(temporal);
      temporalTarget = temporal.target();
    } else {
      temporalTarget = options.temporalTarget();
    }

    String s3Secret = readOrCreateSecret(data.resolve("s3.secret"), () -> randomToken(24));
    S3ProxyProcess s3 =
        S3ProxyProcess.start(Files.createDirectories(data.resolve("s3")), 0, "safehold", s3Secret);
    started.add(s3);
    s3Endpoint = s3.endpoint().toString();
    objectStore =
        new S3ObjectStore(
            new S3Settings(s3.endpoint(), "us-east-1", BUCKET, s3.accessKey(), s3.secretKey(), true));
    started.add(objectStore);
    objectStore.createBucketIfMissing();

    String demoPassword = readOrCreateSecret(data.resolve("demo-switch.password"), () -> randomToken(18));
    SwitchEmulator demo = DemoSwitch.start(data.resolve("demo-switch"), demoPassword);
    started.add(demo);

    String covePassword = readOrCreateSecret(data.resolve("demo-cove.password"), () -> randomToken(18));
    CoveEmulator cove = DemoCove.start(covePassword);
    started.add(cove);

    VcsimProcess vcsim = null;
    String vcsimPassword = null;
    if (DemoVcenter.available()) {
      vcsimPassword = readOrCreateSecret(data.resolve("demo-vcenter.password"), () -> randomToken(18));
      vcsim = DemoVcenter.start(vcsimPassword, options.demoDiskMib());
      started.add(vcsim);
      demoVcenter = vcsim;
    }

    try (HikariDataSource catalog = Catalog.dataSource(database.jdbcUrl(), "postgres", "postgres", 2)) {
      Catalog.migrate(catalog);
      Jdbi jdbi = Catalog.jdbi(catalog);
      adminKeyFile = data.resolve("admin.key");
      if (!Files.exists(adminKeyFile)) {
        writePrivate(adminKeyFile, ApiKeys.create(jdbi.onDemand(ApiKeyDao.class), "dev admin", Role.ADMIN).key() + "\n");
      }
      registerDemoDevice(jdbi, vault, demo, demoPassword);
      DemoCove.register(
          jdbi, credential(jdbi, vault, DemoCove.ACCOUNT, CoveDemoTenant.USERNAME, covePassword), cove);
      if (vcsim != null) {
        registerDemoVcenter(jdbi, vault, vcsim, vcsimPassword);
      }
    }

    configFile = data.resolve("dev.yml");
    writePrivate(configFile, serverConfig(database.jdbcUrl(), s3, vault, data));
  }

  /** The demo vCenter is registered on first start; later starts follow vcsim's new port. */
  private static void registerDemoVcenter(
      Jdbi jdbi, CredentialVault vault, VcsimProcess vcsim, String password) {
    UUID credentialId =
        credential(jdbi, vault, DemoVcenter.NAME, DemoVcenter.USER, password);
    VcenterDao vcenters = jdbi.onDemand(VcenterDao.class);
    String url = vcsim.sdkUrl().toString();
    vcenters
        .findByName(DemoVcenter.NAME)
        .ifPresentOrElse(
            row -> vcenters.updateConnection(row.id(), url, vcsim.thumbprint()),
            () ->
                vcenters.insert(
                    new VcenterRow(
                        UUID.randomUUID(),
                        DemoVcenter.NAME,
                        url,
                        credentialId,
                        vcsim.thumbprint(),
                        false,
                        null,
                        null,
                        null)));
  }

  /** The credential named {@code name}, created with this secret if it does not exist yet. */
  private static UUID credential(
      Jdbi jdbi, CredentialVault vault, String name, String username, String secret) {
    CredentialDao credentials = jdbi.onDemand(CredentialDao.class);
    return credentials
        .findByName(name)
        .map(CredentialRow::id)
        .orElseGet(
            () -> {
              CredentialRow row =
                  new CredentialRow(
                      UUID.randomUUID(),
                      name,
                      "password",
                      username,
                      vault.seal(secret.getBytes(StandardCharsets.UTF_8)),
                      null,
                      null);
              credentials.insert(row);
              return row.id();
            });
  }

  /** The demo switch is created on first start; later starts only follow its new port. */
  private static void registerDemoDevice(
      Jdbi jdbi, CredentialVault vault, SwitchEmulator demo, String password) {
    UUID credentialId = credential(jdbi, vault, DEMO_DEVICE, DemoSwitch.USER, password);
    DeviceDao devices = jdbi.onDemand(DeviceDao.class);
    DeviceRow wanted =
        new DeviceRow(
            devices.findByName(DEMO_DEVICE).map(DeviceRow::id).orElseGet(UUID::randomUUID),
            DEMO_DEVICE,
            "127.0.0.1",
            demo.port(),
            "cisco_ios",
            credentialId,
            null,
            demo.hostKeyFingerprint(),
            false,
            List.of("demo"),
            null);
    if (devices.findByName(DEMO_DEVICE).isPresent()) {
      devices.update(wanted);
    } else {
      devices.insert(wanted);
    }
  }

  private String serverConfig(String jdbcUrl, S3ProxyProcess s3, CredentialVault vault, Path data)
      throws IOException {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(
        "server",
        Map.of(
            "applicationConnectors",
            List.of(Map.of("type", "http", "bindHost", "127.0.0.1", "port", options.httpPort())),
            "adminConnectors",
            List.of(Map.of("type", "http", "bindHost", "127.0.0.1", "port", options.adminPort())),
            "requestLog",
            Map.of("appenders", List.of(Map.of("type", "file", "currentLogFilename",
                data.resolve("logs/requests.log").toString(), "archive", false)))));
    config.put(
        "logging",
        Map.of(
            "level", "INFO",
            "loggers", Map.of("io.temporal", "WARN", "org.apache.sshd", "WARN", "io.grpc", "WARN",
                "org.flywaydb", "WARN", "com.zaxxer.hikari", "WARN", "net.schmizz", "WARN"),
            "appenders",
            List.of(
                Map.of("type", "console", "threshold", "INFO"),
                Map.of("type", "file", "currentLogFilename", data.resolve("logs/safehold.log").toString(),
                    "archive", false))));
    config.put(
        "database",
        Map.of("url", jdbcUrl, "user", "postgres", "password", "postgres", "poolSize", 16,
            "migrateOnStart", true));
    config.put("temporal", Map.of("target", temporalTarget, "namespace", "default"));
    config.put(
        "s3",
        Map.of("endpoint", s3Endpoint, "region", "us-east-1", "bucket", BUCKET,
            "accessKeyId", s3.accessKey(), "secretAccessKey", s3.secretKey(), "pathStyle", true));
    config.put("secretKey", Files.readString(data.resolve("secret.key")).trim());
    config.put("workers", Map.of("enabled", true));
    return new ObjectMapper(new YAMLFactory()).writeValueAsString(config);
  }

  /**
   * Asks the API to discover the demo vCenter's VMs, as an operator would; a failure is logged,
   * never fatal (the stack stays up and the discovery can be started again).
   */
  public void discoverDemoVcenter() {
    try {
      SafeholdClient client =
          new SafeholdClient(URI.create(apiUrl() + "/"), Files.readString(adminKeyFile).trim());
      JsonNode started = client.post("api/v1/vcenters/" + DemoVcenter.NAME + "/discover", Map.of());
      LOG.info("discovering {}: run {}", DemoVcenter.NAME, started.path("runId").asText());
    } catch (Exception e) {
      LOG.warn("could not start the discovery of {}: {}", DemoVcenter.NAME, e.toString());
    }
  }

  /**
   * Once the demo Cove tenant's first poll has ended (at most two minutes), asks the awareness loop
   * to check, as an operator would after an import, so the tenant's stale devices show as alerts
   * at once rather than at the next period. Runs on its own daemon thread; a failure is logged,
   * never fatal.
   */
  public void checkAwarenessAfterDemoCoveImport() {
    Thread thread =
        new Thread(
            () -> {
              try {
                SafeholdClient client =
                    new SafeholdClient(
                        URI.create(apiUrl() + "/"), Files.readString(adminKeyFile).trim());
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (client.get("api/v1/cove/accounts/" + DemoCove.ACCOUNT).path("pollCount").asLong() < 1) {
                  if (System.nanoTime() > deadline) {
                    LOG.warn("the demo Cove tenant was not polled within 2 minutes; no awareness check asked");
                    return;
                  }
                  Thread.sleep(1000);
                }
                while (true) {
                  try {
                    client.post("api/v1/awareness/check", Map.of());
                    LOG.info("demo Cove tenant imported; awareness check asked");
                    return;
                  } catch (RuntimeException e) {
                    // 409 until the server has started the loop, which it does in the background.
                    if (System.nanoTime() > deadline) {
                      throw e;
                    }
                    Thread.sleep(1000);
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Exception e) {
                LOG.warn("could not ask for an awareness check after the demo import: {}", e.toString());
              }
            },
            "dev-awareness-after-import");
    thread.setDaemon(true);
    thread.start();
  }

  /** True when this stack runs the demo vCenter (vcsim was built in this checkout). */
  public boolean hasDemoVcenter() {
    return demoVcenter != null;
  }

  /**
   * The demo vCenter's vcsim, for benchmarks that write its disks; null when vcsim is not built.
   */
  public VcsimProcess demoVcenter() {
    return demoVcenter;
  }

  /** How to reach the stack's backup store (S3Proxy), for benchmarks that compare against it. */
  public S3Settings s3Settings() {
    return objectStore.settings();
  }

  public Path configFile() {
    return configFile;
  }

  /** The stack's backup store, for checks from outside the API. */
  public ObjectStore objectStore() {
    return objectStore;
  }

  public Path adminKeyFile() {
    return adminKeyFile;
  }

  /** Base URL of the API this stack's configuration serves. */
  public String apiUrl() {
    return "http://127.0.0.1:" + options.httpPort();
  }

  /** What a newcomer needs to know, printed once the API is up. */
  public String banner() {
    String api = apiUrl();
    String admin = "http://127.0.0.1:" + options.adminPort();
    return String.join(
        "\n",
        "",
        "Safehold dev stack is up.",
        "  API            " + api + "/api/v1",
        "  OpenAPI        " + api + "/api/v1/openapi.yaml",
        "  health         " + admin + "/healthcheck",
        "  metrics        " + admin + "/prometheus",
        "  Temporal       " + temporalTarget
            + (options.temporalTarget() == null
                ? " (embedded test server; for Temporal UI use `temporal server start-dev` and --temporal-target)"
                : ""),
        "  S3 (S3Proxy)   " + s3Endpoint + " bucket " + BUCKET,
        "  data           " + options.dataDir().toAbsolutePath(),
        "  admin API key  " + adminKeyFile + " (mode 600)",
        "",
        "Back up the demo switch:",
        "  ./safehold backup device " + DEMO_DEVICE,
        "  curl -s -H \"X-API-Key: $(cat " + adminKeyFile + ")\" " + api + "/api/v1/runs",
        demoVcenter == null
            ? "For a demo vCenter with two VMs, run testbed/vcsim/build.sh once and restart."
            : "Back up a VM of the demo vCenter (" + demoVcenter.sdkUrl() + ", being discovered now):\n"
                + "  ./safehold backup vm " + DemoVcenter.NAME + "/" + DemoVcenter.VMS[0],
        "Cove demo tenant (emulator, polled as account " + DemoCove.ACCOUNT + "):",
        "  curl -s -H \"X-API-Key: $(cat " + adminKeyFile + ")\" " + api + "/api/v1/cove/accounts/"
            + DemoCove.ACCOUNT,
        "Stop with Ctrl-C.",
        "");
  }

  /** Stops everything this stack started, newest first. */
  @Override
  public synchronized void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", started.get(i).getClass().getSimpleName(), e.toString());
      }
    }
    started.clear();
  }

  static String readOrCreateSecret(Path file, java.util.function.Supplier<String> create) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file).trim();
    }
    String value = create.get();
    writePrivate(file, value + "\n");
    return value;
  }

  /** Writes a file only its owner can read (mode 600 from the start, never world-readable). */
  static void writePrivate(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content);
  }

  private static String randomToken(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
