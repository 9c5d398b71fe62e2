package io.safehold.api.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.safehold.activities.catalog.RunActivitiesImpl;
import io.safehold.activities.storage.BackupLayout;
import io.safehold.activities.storage.S3ObjectStore;
import io.safehold.activities.storage.S3Settings;
import io.safehold.activities.vsphere.VmCatalogActivitiesImpl;
import io.safehold.catalog.BackupChunkDao;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.VmDao;
import io.safehold.catalog.secrets.CredentialVault;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.catalog.testing.VsphereRows;
import io.safehold.testbed.s3.S3ProxyProcess;
import io.safehold.testbed.vcsim.DiskContent;
import io.safehold.testbed.vcsim.VcsimProcess;
import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.run.RunStatus;
import io.safehold.workflows.vsphere.BackupMode;
import io.safehold.workflows.vsphere.DiscoveryRequest;
import io.safehold.workflows.vsphere.VmBackupOptions;
import io.safehold.workflows.vsphere.VmBackupRequest;
import io.safehold.workflows.vsphere.VmBackupResult;
import io.safehold.workflows.vsphere.VmBackupWorkflow;
import io.safehold.workflows.vsphere.VmBackupWorkflowImpl;
import io.safehold.workflows.vsphere.VmDiscoveryWorkflow;
import io.safehold.workflows.vsphere.VmDiscoveryWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first fault: {@code kill -9} the worker process that is reading a VM disk, start a
 * new one, and the backup completes with every byte right, having read again at most one chunk.
 *
 * <p>The vSphere activities run in a child JVM started as an operator would ({@code safehold
 * worker config.yml}, only the vSphere queue enabled); this JVM runs the workflow and catalog
 * activities against a port-bound Temporal test server, PostgreSQL, S3Proxy and vcsim.
 */
class VmBackupWorkerCrashTest {

  private static final int DISK_MIB = 512;
  private static final long CAPACITY = (long) DISK_MIB << 20;
  private static final int CHUNK = 8 << 20;
  private static final String VM = "DC0_H0_VM0";
  private static final Duration HEARTBEAT = Duration.ofSeconds(8);

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private final java.util.List<AutoCloseable> toClose = new java.util.ArrayList<>();
  private Process worker;

  @AfterEach
  void stopAll() throws Exception {
    if (worker != null) {
      worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  @Test
  void aWorkerKilledMidDiskIsReplacedAndTheBackupResumesWithinOneChunk() throws Exception {
    Jdbi jdbi = TestDatabase.get().fresh().jdbi();
    S3ProxyProcess s3 = S3ProxyProcess.start(dir.resolve("s3"), 0);
    toClose.add(s3);
    VcsimProcess vcsim = VcsimProcess.start(VcsimProcess.Options.defaults().withDiskMib(DISK_MIB));
    toClose.add(vcsim);
    Path disk = vcsim.flatFile(VM);
    DiskContent.writeRandomWithZeroRuns(disk, CAPACITY, 0.1, 21);
    S3Settings s3Settings =
        new S3Settings(s3.endpoint(), "us-east-1", "crash", s3.accessKey(), s3.secretKey(), true);
    S3ObjectStore store = new S3ObjectStore(s3Settings);
    toClose.add(store);
    store.createBucketIfMissing();
    String secretKey = CredentialVault.newBase64Key();
    CredentialVault vault = CredentialVault.fromBase64(secretKey);
    UUID vcenterId =
        VsphereRows.vcenter(
            jdbi,
            vault,
            "vc1",
            vcsim.sdkUrl().toString(),
            vcsim.username(),
            vcsim.password(),
            vcsim.thumbprint());

    int temporalPort = freePort();
    TestServer.PortBoundTestServer temporal = TestServer.createPortBoundServer(temporalPort, true);
    toClose.add(temporal::close);
    String target = "127.0.0.1:" + temporalPort;
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    toClose.add(service::shutdownNow);
    WorkflowClient client = WorkflowClient.newInstance(service);
    WorkerFactory factory = WorkerFactory.newInstance(client);
    toClose.add(factory::shutdownNow);
    Worker workflows = factory.newWorker(TaskQueues.WORKFLOWS);
    VmBackupOptions options = new VmBackupOptions(HEARTBEAT, Duration.ofMinutes(2));
    workflows.registerWorkflowImplementationFactory(
        VmBackupWorkflow.class, () -> new VmBackupWorkflowImpl(options));
    workflows.registerWorkflowImplementationTypes(VmDiscoveryWorkflowImpl.class);
    workflows.registerActivitiesImplementations(
        new RunActivitiesImpl(jdbi), new VmCatalogActivitiesImpl(jdbi, store, CHUNK, Clock.systemUTC()));
    factory.start();

    Path config = writeWorkerConfig(target, s3Settings, secretKey);
    worker = startWorker(config, "first");

    UUID discovery = UUID.randomUUID();
    jdbi.onDemand(RunDao.class).insertPending(discovery, "discover", null, "d-" + discovery);
    client
        .newWorkflowStub(VmDiscoveryWorkflow.class, options("vcenter-discovery/" + discovery))
        .discover(new DiscoveryRequest(discovery.toString(), vcenterId.toString()));
    UUID vmId =
        jdbi.onDemand(VmDao.class).list(vcenterId, VM, false, null, 10).stream()
            .filter(v -> v.name().equals(VM))
            .findFirst()
            .orElseThrow()
            .id();

    UUID run = UUID.randomUUID();
    jdbi.onDemand(RunDao.class).insertPending(run, "backup", vmId, "b-" + run);
    VmBackupWorkflow backup =
        client.newWorkflowStub(VmBackupWorkflow.class, options("vm-backup/" + run));
    CompletableFuture<VmBackupResult> result =
        WorkflowClient.execute(
            backup::backup,
            new VmBackupRequest(run.toString(), vmId.toString(), BackupMode.FULL, false, List.of()));

    // Kill the worker once part of the disk is recorded, well before the end.
    BackupChunkDao chunks = jdbi.onDemand(BackupChunkDao.class);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    int recorded;
    while ((recorded = (int) chunks.totals(run).chunks()) < 6) {
      assertThat(System.nanoTime())
          .as(() -> "chunks recorded before the kill; first worker's log:\n" + logTail("first"))
          .isLessThan(deadline);
      assertThat(worker.isAlive())
          .as(() -> "first worker alive; its log:\n" + logTail("first"))
          .isTrue();
      Thread.sleep(20);
    }
    worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
    int recordedAtKill = (int) chunks.totals(run).chunks();
    assertThat(recordedAtKill).as("killed mid-disk").isLessThan((int) (CAPACITY / CHUNK));

    worker = startWorker(config, "second");
    VmBackupResult done = result.get(180, TimeUnit.SECONDS);

    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(jdbi.onDemand(RunDao.class).find(run).orElseThrow().status()).isEqualTo("COMPLETED");
    JsonNode manifest;
    try (InputStream in = store.open(done.manifestKey()).orElseThrow()) {
      manifest = json.readTree(in);
    }
    assertThat(rebuiltSha256(store, manifest.path("disks").get(0)))
        .isEqualTo(DiskContent.sha256(disk, CAPACITY));
    long reread = json.readTree(jdbi.onDemand(RunDao.class).find(run).orElseThrow().result())
        .path("bytesReread").asLong();
    assertThat(reread).as("bytes read again after the kill").isPositive().isLessThanOrEqualTo(CHUNK);
    assertThat(jdbi.onDemand(RunDao.class).events(run))
        .anySatisfy(e -> assertThat(e.message()).containsPattern("[1-9][0-9]* done by an earlier attempt"));
  }

  private String logTail(String name) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("worker-" + name + ".log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (java.io.IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static WorkflowOptions options(String workflowId) {
    return WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.WORKFLOWS)
        .setWorkflowId(workflowId)
        .build();
  }

  private Process startWorker(Path config, String name) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(),
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            "io.safehold.api.SafeholdApplication",
            "worker",
            config.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("worker-" + name + ".log").toFile())
        .start();
  }

  private Path writeWorkerConfig(String temporalTarget, S3Settings s3, String secretKey)
      throws Exception {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(
        "logging",
        Map.of("level", "INFO", "loggers", Map.of("io.temporal", "WARN", "io.grpc", "WARN")));
    config.put(
        "database",
        Map.of(
            "url", TestDatabase.get().jdbcUrl(),
            "user", "postgres",
            "password", "postgres",
            "poolSize", 4,
            "migrateOnStart", false));
    config.put("temporal", Map.of("target", temporalTarget, "namespace", "default"));
    config.put(
        "s3",
        Map.of(
            "endpoint", s3.endpoint().toString(),
            "region", s3.region(),
            "bucket", s3.bucket(),
            "accessKeyId", s3.accessKeyId(),
            "secretAccessKey", s3.secretAccessKey(),
            "pathStyle", true));
    config.put("secretKey", secretKey);
    Map<String, Object> off = Map.of("enabled", false);
    config.put(
        "workers",
        Map.of(
            "enabled", true,
            "queues",
            Map.of(TaskQueues.WORKFLOWS, off, TaskQueues.NETDEVICE, off)));
    Path file = dir.resolve("worker.yml");
    Files.writeString(file, new ObjectMapper(new YAMLFactory()).writeValueAsString(config));
    return file;
  }

  private static String rebuiltSha256(S3ObjectStore store, JsonNode diskEntry) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    for (JsonNode chunk : diskEntry.path("chunks")) {
      int length = chunk.get(1).asInt();
      if (chunk.get(0).isNull()) {
        digest.update(new byte[length]);
      } else {
        try (InputStream in = store.open(BackupLayout.chunk(chunk.get(0).asText())).orElseThrow()) {
          digest.update(in.readAllBytes());
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
