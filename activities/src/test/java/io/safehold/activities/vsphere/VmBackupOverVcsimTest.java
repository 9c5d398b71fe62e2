package io.safehold.activities.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.safehold.activities.catalog.RunActivitiesImpl;
import io.safehold.activities.storage.BackupLayout;
import io.safehold.activities.storage.S3ObjectStore;
import io.safehold.activities.storage.S3Settings;
import io.safehold.activities.vsphere.transfer.DiskTransferOptions;
import io.safehold.catalog.AlertDao;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.CredentialRow;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunRow;
import io.safehold.catalog.VmDao;
import io.safehold.catalog.VmRow;
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
import io.safehold.workflows.vsphere.DiscoveryResult;
import io.safehold.workflows.vsphere.VmBackupOptions;
import io.safehold.workflows.vsphere.VmBackupRequest;
import io.safehold.workflows.vsphere.VmBackupResult;
import io.safehold.workflows.vsphere.VmBackupWorkflow;
import io.safehold.workflows.vsphere.VmBackupWorkflowImpl;
import io.safehold.workflows.vsphere.VmDiscoveryWorkflow;
import io.safehold.workflows.vsphere.VmDiscoveryWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VM backup workflow with its real activities against vcsim, S3Proxy and PostgreSQL: what an
 * operator checks is what is asserted — the disk rebuilt from the manifest is the disk, an
 * incremental reads what changed, the snapshot is gone afterwards.
 */
class VmBackupOverVcsimTest {

  private static final int DISK_MIB = 24;
  private static final long CAPACITY = (long) DISK_MIB << 20;
  private static final int CHUNK = 1 << 20;
  private static final String VM = "DC0_H0_VM0";

  @TempDir static Path s3Dir;
  private static S3ProxyProcess s3;
  private static VcsimProcess vcsim;

  private final ObjectMapper json = new ObjectMapper();
  private Jdbi jdbi;
  private S3ObjectStore store;
  private TestWorkflowEnvironment env;
  private UUID vcenterId;
  private CredentialVault vault;
  private String bucket;
  private static int buckets;

  @BeforeAll
  static void startPeers() {
    s3 = S3ProxyProcess.start(s3Dir, 0);
    vcsim = VcsimProcess.start(VcsimProcess.Options.defaults().withDiskMib(DISK_MIB));
  }

  @AfterAll
  static void stopPeers() {
    if (vcsim != null) {
      vcsim.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @BeforeEach
  void setUp() {
    jdbi = TestDatabase.get().fresh().jdbi();
    bucket = "vm-backups-" + ++buckets;
    store =
        new S3ObjectStore(
            new S3Settings(s3.endpoint(), "us-east-1", bucket, s3.accessKey(), s3.secretKey(), true));
    store.createBucketIfMissing();
    vault = CredentialVault.fromBase64(CredentialVault.newBase64Key());
    vcenterId =
        VsphereRows.vcenter(
            jdbi,
            vault,
            "vc1",
            vcsim.sdkUrl().toString(),
            vcsim.username(),
            vcsim.password(),
            vcsim.thumbprint());

    env = TestWorkflowEnvironment.newInstance();
    Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
    VmBackupOptions options = new VmBackupOptions(Duration.ofSeconds(30), Duration.ofSeconds(20));
    workflows.registerWorkflowImplementationFactory(
        VmBackupWorkflow.class, () -> new VmBackupWorkflowImpl(options));
    workflows.registerWorkflowImplementationTypes(VmDiscoveryWorkflowImpl.class);
    workflows.registerActivitiesImplementations(
        new RunActivitiesImpl(jdbi), new VmCatalogActivitiesImpl(jdbi, store, CHUNK, Clock.systemUTC()));
    env.newWorker(TaskQueues.VSPHERE)
        .registerActivitiesImplementations(
            new VSphereActivitiesImpl(jdbi, vault, store, DiskTransferOptions.defaults()));
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
    store.close();
  }

  @Test
  void discoveryRecordsEachVmWithItsDisks() {
    DiscoveryResult result = discover();

    assertThat(result.found()).isEqualTo(2);
    assertThat(result.added()).isEqualTo(2);
    VmRow vm = vm(VM);
    assertThat(vm.cbtEnabled()).isTrue();
    assertThat(vm.powerState()).isEqualTo("poweredOn");
    assertThat(jdbi.onDemand(VmDao.class).disks(vm.id()))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.capacityBytes()).isEqualTo(CAPACITY);
              assertThat(d.fileName()).isEqualTo("[LocalDS_0] DC0_H0_VM0/disk1.vmdk");
            });
    assertThat(discover().added()).isZero();
  }

  @Test
  void aFullBackupRebuildsToTheDiskAndLeavesNoSnapshot() throws Exception {
    discover();
    Path disk = vcsim.flatFile(VM);
    DiskContent.writeRandomWithZeroRuns(disk, CAPACITY, 0.5, 11);
    int zeroChunks = zeroChunks(disk);
    assertThat(zeroChunks).as("the test disk has zero runs").isPositive();
    UUID vmId = vm(VM).id();

    VmBackupResult result = backup(vmId, BackupMode.FULL);

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    JsonNode manifest = manifest(result);
    assertThat(manifest.path("format").asText()).isEqualTo(VmCatalogActivitiesImpl.FORMAT);
    assertThat(manifest.path("vm").path("name").asText()).isEqualTo(VM);
    assertThat(manifest.path("mode").asText()).isEqualTo("FULL");
    JsonNode diskEntry = manifest.path("disks").get(0);
    assertThat(diskEntry.path("capacityBytes").asLong()).isEqualTo(CAPACITY);
    assertThat(diskEntry.path("changeId").asText()).contains("/");
    assertThat(rebuiltSha256(diskEntry)).isEqualTo(DiskContent.sha256(disk, CAPACITY));
    // Zero runs are never read: only the allocated areas that CBT reports.
    assertThat(result.bytesRead()).isEqualTo(CAPACITY - (long) zeroChunks * CHUNK);
    assertThat(snapshotsOf(VM)).isEmpty();
    assertThat(manifest.path("files")).anySatisfy(f -> assertThat(f.path("key").asText()).endsWith(".vmx"));
    RunRow run = jdbi.onDemand(RunDao.class).find(UUID.fromString(result.runId())).orElseThrow();
    assertThat(run.status()).isEqualTo("COMPLETED");
    assertThat(jdbi.onDemand(RunDao.class).artifacts(run.id()))
        .extracting(a -> a.objectKey())
        .contains(result.manifestKey());

    VmBackupResult again = backup(vmId, BackupMode.FULL);
    assertThat(again.bytesStored()).as("an unchanged disk stores nothing new").isZero();
  }

  @Test
  void anIncrementalReadsOnlyTheChangedChunksAndRebuildsToTheNewContent() throws Exception {
    discover();
    Path disk = vcsim.flatFile(VM);
    DiskContent.writeRandomWithZeroRuns(disk, CAPACITY, 0.3, 12);
    UUID vmId = vm(VM).id();
    VmBackupResult full = backup(vmId, BackupMode.FULL);

    // Two changes: 4 KiB inside chunk 3, and 1.5 MiB across chunks 10 and 11.
    DiskContent.overwrite(disk, 3L * CHUNK + 1000, 4096, 99);
    DiskContent.overwrite(disk, 10L * CHUNK + 100_000, 1_500_000, 98);
    VmBackupResult incremental = backup(vmId, BackupMode.INCREMENTAL);

    assertThat(incremental.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(incremental.mode()).isEqualTo(BackupMode.INCREMENTAL);
    assertThat(incremental.bytesRead()).isEqualTo(3L * CHUNK);
    JsonNode diskEntry = manifest(incremental).path("disks").get(0);
    assertThat(diskEntry.path("parentRunId").asText()).isEqualTo(full.runId());
    assertThat(rebuiltSha256(diskEntry)).isEqualTo(DiskContent.sha256(disk, CAPACITY));
  }

  @Test
  void anIncrementalWithoutABaseTakesAFullBackupAndSaysWhy() throws Exception {
    discover();
    DiskContent.writeRandomWithZeroRuns(vcsim.flatFile("DC0_H0_VM1"), CAPACITY, 0.3, 13);

    VmBackupResult result = backup(vm("DC0_H0_VM1").id(), BackupMode.INCREMENTAL);

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(result.mode()).isEqualTo(BackupMode.FULL);
    assertThat(result.fallbackReason()).startsWith("No earlier backup of DC0_H0_VM1");
    assertThat(jdbi.onDemand(RunDao.class).events(UUID.fromString(result.runId())))
        .anySatisfy(e -> assertThat(e.message()).startsWith("No earlier backup"));
  }

  @Test
  void wrongVcenterCredentialsFailTheRunAtOnceWithASentence() {
    discover();
    UUID vmId = vm(VM).id();
    // Point the vCenter at a credential with the wrong password.
    UUID wrong = UUID.randomUUID();
    jdbi.onDemand(CredentialDao.class)
        .insert(
            new CredentialRow(
                wrong, "wrong", "password", vcsim.username(), vault.seal("nope".getBytes()), null, null));
    jdbi.useHandle(
        h ->
            h.execute("UPDATE vcenters SET credential_id = ? WHERE id = ?", wrong, vcenterId));

    WorkflowFailedException failure =
        catchThrowableOfType(WorkflowFailedException.class, () -> backup(vmId, BackupMode.FULL));

    assertThat(failure).isNotNull();
    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getOriginalMessage()).contains(vcsim.sdkUrl().toString()).doesNotContain("nope");
    RunRow run = latestRun();
    assertThat(run.status()).isEqualTo("FAILED");
    assertThat(run.error()).isNotBlank().doesNotContain("nope");
    assertThat(jdbi.onDemand(AlertDao.class).list(true, Long.MAX_VALUE, 10))
        .as("no snapshot was made, so none is reported left behind")
        .isEmpty();
    assertThat(jdbi.onDemand(RunDao.class).events(run.id()))
        .noneSatisfy(e -> assertThat(e.message()).contains("nope"));
  }

  private DiscoveryResult discover() {
    UUID run = UUID.randomUUID();
    jdbi.onDemand(RunDao.class).insertPending(run, "discover", null, "d-" + run);
    return env.getWorkflowClient()
        .newWorkflowStub(
            VmDiscoveryWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .setWorkflowId(VmDiscoveryWorkflow.workflowId("vc1", run.toString()))
                .build())
        .discover(new DiscoveryRequest(run.toString(), vcenterId.toString()));
  }

  private VmBackupResult backup(UUID vmId, BackupMode mode) {
    UUID run = UUID.randomUUID();
    jdbi.onDemand(RunDao.class).insertPending(run, "backup", vmId, "b-" + run);
    WorkflowClient client = env.getWorkflowClient();
    return client
        .newWorkflowStub(
            VmBackupWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .setWorkflowId(VmBackupWorkflow.workflowId("vc1", "vm", run.toString()))
                .build())
        .backup(new VmBackupRequest(run.toString(), vmId.toString(), mode, false, List.of()));
  }

  private VmRow vm(String name) {
    return jdbi.onDemand(VmDao.class).list(vcenterId, name, false, null, 10).stream()
        .filter(v -> v.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private RunRow latestRun() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT id FROM runs WHERE kind = 'backup' ORDER BY created_at DESC LIMIT 1")
                .mapTo(UUID.class)
                .findOne()
                .flatMap(id -> h.attach(RunDao.class).find(id))
                .orElseThrow());
  }

  private JsonNode manifest(VmBackupResult result) throws Exception {
    try (InputStream in = store.open(result.manifestKey()).orElseThrow()) {
      return json.readTree(in);
    }
  }

  /** Rebuilds the disk from its manifest entry as a restore would, and hashes it. */
  private String rebuiltSha256(JsonNode diskEntry) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    for (JsonNode chunk : diskEntry.path("chunks")) {
      int length = chunk.get(1).asInt();
      if (chunk.get(0).isNull()) {
        digest.update(new byte[length]);
      } else {
        try (InputStream in = store.open(BackupLayout.chunk(chunk.get(0).asText())).orElseThrow()) {
          byte[] bytes = in.readAllBytes();
          assertThat(bytes).hasSize(length);
          digest.update(bytes);
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Chunks of the disk file that hold only zeros (past the file's end counts as zeros). */
  private static int zeroChunks(Path disk) throws Exception {
    byte[] bytes = java.nio.file.Files.readAllBytes(disk);
    int zero = 0;
    for (long start = 0; start < CAPACITY; start += CHUNK) {
      boolean allZero = true;
      for (long i = start; i < start + CHUNK && i < bytes.length && allZero; i++) {
        allZero = bytes[(int) i] == 0;
      }
      zero += allZero ? 1 : 0;
    }
    return zero;
  }

  private List<String> snapshotsOf(String vmName) {
    try (VSphereSession session =
        VSphereSession.open(
            VSphereEndpoint.pinned(URI.create(vcsim.sdkUrl().toString()), vcsim.thumbprint()),
            vcsim.username(),
            vcsim.password())) {
      VmInventory vm =
          session.listVms().stream().filter(v -> v.name().equals(vmName)).findFirst().orElseThrow();
      return session.snapshots(vm.moref()).stream().map(SnapshotRef::name).toList();
    }
  }
}
