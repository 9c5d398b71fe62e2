package io.safehold.activities.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.activities.catalog.RunActivitiesImpl;
import io.safehold.activities.storage.BackupLayout;
import io.safehold.activities.storage.S3ObjectStore;
import io.safehold.activities.storage.S3Settings;
import io.safehold.catalog.BackupChunkDao;
import io.safehold.catalog.BackupChunkRow;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.CredentialRow;
import io.safehold.catalog.DiscoveredVm;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunRow;
import io.safehold.catalog.VcenterDao;
import io.safehold.catalog.VcenterRow;
import io.safehold.catalog.VmBackupDao;
import io.safehold.catalog.VmBackupRow;
import io.safehold.catalog.VmDao;
import io.safehold.catalog.VmDiskRow;
import io.safehold.catalog.VmRow;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.testbed.s3.S3ProxyProcess;
import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.retention.PrunePlan;
import io.safehold.workflows.retention.RetentionDecision;
import io.safehold.workflows.retention.RetentionRules;
import io.safehold.workflows.retention.VmPruneOptions;
import io.safehold.workflows.retention.VmPruneRequest;
import io.safehold.workflows.retention.VmPruneResult;
import io.safehold.workflows.retention.VmPruneWorkflow;
import io.safehold.workflows.retention.VmPruneWorkflowImpl;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prune workflow with its real activities over PostgreSQL and S3Proxy. Backups are written into
 * the catalog and the bucket the way a VM backup leaves them (run, backup row, complete chunk list
 * per disk, content-addressed chunks, manifest, config file); the test then checks what an operator
 * would: which manifests and chunks are still in the bucket, and what the catalog says.
 */
class PruneOverS3ProxyTest {

  private static final Instant DAY_ONE = Instant.parse("2026-03-01T02:00:00Z");

  @TempDir static Path s3Dir;
  private static S3ProxyProcess s3;
  private static int buckets;

  private Jdbi jdbi;
  private S3ObjectStore store;
  private TestWorkflowEnvironment env;
  private UUID vcenterId;
  private final Map<String, String> chunkSha = new LinkedHashMap<>();

  @BeforeAll
  static void startS3() {
    s3 = S3ProxyProcess.start(s3Dir, 0);
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  @BeforeEach
  void setUp() {
    jdbi = TestDatabase.get().fresh().jdbi();
    store =
        new S3ObjectStore(
            new S3Settings(
                s3.endpoint(),
                "us-east-1",
                "prune-" + ++buckets,
                s3.accessKey(),
                s3.secretKey(),
                true));
    store.createBucketIfMissing();
    vcenterId = vcenter();
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.WORKFLOWS);
    worker.registerWorkflowImplementationFactory(
        VmPruneWorkflow.class,
        () -> new VmPruneWorkflowImpl(new VmPruneOptions(Duration.ofSeconds(30))));
    worker.registerActivitiesImplementations(
        new RunActivitiesImpl(jdbi), new VmPruneActivitiesImpl(jdbi, store));
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
    store.close();
  }

  @Test
  void keepLastOneKeepsTheChainAndDeletesOnlyWhatNothingElseReferences() {
    VmRow web = vm("web", "u1");
    VmRow db = vm("db", "u2");
    // web: an old full, a failed run's partial list, then full → incremental → incremental.
    UUID oldFull = backup(web, 0, "FULL", null, "COMPLETED", "x", "y", "a");
    UUID failed = backup(web, 1, "INCREMENTAL", oldFull, "FAILED", "w");
    UUID full = backup(web, 2, "FULL", null, "COMPLETED", "a", "b", "c");
    UUID inc1 = backup(web, 3, "INCREMENTAL", full, "COMPLETED", "a", "b", "d");
    UUID inc2 = backup(web, 4, "INCREMENTAL", inc1, "COMPLETED", "a", "e", "d");
    // db shares chunk y with web's old full; it has no rules, so it keeps everything.
    UUID dbFull = backup(db, 2, "FULL", null, "COMPLETED", "y", "z");
    new VmRetention(jdbi).setRules(web.id(), new RetentionRules(1, null, null, null, null));

    PrunePlan plan = new VmRetention(jdbi).plan(web.id());

    assertThat(decision(plan, inc2).reasons()).containsExactly("keep-last 1", "newest backup");
    assertThat(decision(plan, inc1).reasons()).containsExactly("base of kept incremental " + inc2);
    assertThat(decision(plan, full).reasons()).containsExactly("base of kept incremental " + inc1);
    assertThat(decision(plan, oldFull).keep()).isFalse();
    assertThat(decision(plan, failed).keep()).isFalse();
    // x (old full only) and w (failed run only) go; y is db's, a is the chain's.
    assertThat(plan.chunksFreed()).isEqualTo(2);
    assertThat(plan.bytesFreed()).isEqualTo(size("x") + size("w"));
    // Planning is a dry run: nothing moved.
    assertThat(everyChunkStored()).isTrue();
    assertThat(store.exists(manifest(web, oldFull))).isTrue();

    VmPruneResult result = prune(web);

    assertThat(result.removed()).isEqualTo(2);
    assertThat(result.kept()).isEqualTo(3);
    assertThat(result.chunksDeleted()).isEqualTo(2);
    assertThat(result.bytesFreed()).isEqualTo(size("x") + size("w"));
    assertThat(result.chunksDeferred()).isNull();
    assertThat(store.exists(manifest(web, oldFull))).isFalse();
    assertThat(store.exists(configFile(web, oldFull))).isFalse();
    assertThat(store.exists(configFile(web, failed))).isFalse();
    for (UUID kept : List.of(full, inc1, inc2)) {
      assertThat(store.exists(manifest(web, kept))).as("manifest of kept " + kept).isTrue();
      assertThat(store.exists(configFile(web, kept))).isTrue();
    }
    assertThat(store.exists(manifest(db, dbFull))).isTrue();
    assertThat(stored("x")).isFalse();
    assertThat(stored("w")).isFalse();
    for (String shared : List.of("y", "a", "b", "c", "d", "e", "z")) {
      assertThat(stored(shared)).as("chunk " + shared).isTrue();
    }
    assertThat(prunedAt(oldFull)).isNotNull();
    assertThat(prunedAt(failed)).isNotNull();
    assertThat(prunedAt(full)).isNull();
    // History stays readable; the pruned backup is no longer a candidate nor a base.
    assertThat(jdbi.onDemand(BackupChunkDao.class).chunks(oldFull, 2000)).hasSize(4);
    assertThat(new VmRetention(jdbi).plan(web.id()).removedRunIds()).isEmpty();
    RunRow run = pruneRun(web);
    assertThat(run.status()).isEqualTo("COMPLETED");
    assertThat(run.bytes()).isEqualTo(size("x") + size("w"));
  }

  @Test
  void aRunningBackupDefersChunkDeletionToTheNextPrune() {
    VmRow web = vm("web", "u1");
    VmRow db = vm("db", "u2");
    UUID old = backup(web, 0, "FULL", null, "COMPLETED", "x", "a");
    backup(web, 1, "FULL", null, "COMPLETED", "a", "b");
    UUID running = UUID.randomUUID();
    jdbi.onDemand(RunDao.class).insertPending(running, "backup", db.id(), "vm-backup/" + running);
    new VmRetention(jdbi).setRules(web.id(), new RetentionRules(1, null, null, null, null));

    VmPruneResult first = prune(web);

    assertThat(first.removed()).isEqualTo(1);
    assertThat(first.chunksDeleted()).isZero();
    assertThat(first.chunksDeferred()).contains(running.toString());
    assertThat(store.exists(manifest(web, old))).isFalse();
    assertThat(stored("x")).isTrue();
    assertThat(pruneRun(web).status()).isEqualTo("COMPLETED_WITH_WARNINGS");

    jdbi.onDemand(RunDao.class).finish(running, "FAILED", "cancelled by the test", 0, null);
    VmPruneResult second = prune(web);

    assertThat(second.removed()).isZero();
    assertThat(second.chunksDeleted()).isEqualTo(1);
    assertThat(second.chunksDeferred()).isNull();
    assertThat(stored("x")).isFalse();
    assertThat(stored("a")).isTrue();
  }

  @Test
  void withoutRulesOnlyTheLeftoversOfFailedRunsGo() {
    VmRow web = vm("web", "u1");
    UUID first = backup(web, 0, "FULL", null, "COMPLETED", "a", "b");
    UUID failed = backup(web, 1, "INCREMENTAL", first, "FAILED", "c");
    UUID second = backup(web, 2, "FULL", null, "COMPLETED", "a", "d");

    VmPruneResult result = prune(web);

    assertThat(result.removed()).isEqualTo(1);
    assertThat(prunedAt(failed)).isNotNull();
    assertThat(stored("c")).isFalse();
    assertThat(store.exists(manifest(web, first))).isTrue();
    assertThat(store.exists(manifest(web, second))).isTrue();
    assertThat(everyChunkStoredExcept("c")).isTrue();
  }

  private VmPruneResult prune(VmRow vm) {
    UUID run = UUID.randomUUID();
    String workflowId = VmPruneWorkflow.workflowId("vc1", vm.name(), run.toString());
    jdbi.onDemand(RunDao.class).insertPending(run, "prune", vm.id(), workflowId);
    VmPruneWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                VmPruneWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(workflowId)
                    .setTaskQueue(TaskQueues.WORKFLOWS)
                    .setWorkflowExecutionTimeout(Duration.ofMinutes(1))
                    .build());
    return workflow.prune(new VmPruneRequest(run.toString(), vm.id().toString()));
  }

  private RunRow pruneRun(VmRow vm) {
    return jdbi.onDemand(RunDao.class).list(vm.id(), null, "prune", null, null, 1).get(0);
  }

  private static RetentionDecision decision(PrunePlan plan, UUID run) {
    return plan.backups().stream()
        .filter(d -> d.runId().equals(run.toString()))
        .findFirst()
        .orElseThrow();
  }

  /**
   * A backup run of the VM finished {@code day} days after day one: its chunks (one disk, key 2000,
   * named by label), stored in the bucket; a COMPLETED one also gets its config file and manifest,
   * as a VM backup writes them; a FAILED one only its config file (never recorded).
   */
  private UUID backup(
      VmRow vm, int day, String mode, UUID base, String status, String... chunkLabels) {
    UUID run = UUID.randomUUID();
    RunDao runs = jdbi.onDemand(RunDao.class);
    runs.insertPending(run, "backup", vm.id(), "vm-backup/" + run);
    boolean complete = status.startsWith("COMPLETED");
    String manifestKey = complete ? manifest(vm, run) : null;
    jdbi.onDemand(VmBackupDao.class)
        .insert(
            new VmBackupRow(
                run,
                vm.id(),
                mode,
                mode,
                base,
                null,
                1 << 20,
                "safehold-" + run,
                manifestKey,
                0,
                0));
    List<BackupChunkRow> rows = new ArrayList<>();
    for (int i = 0; i < chunkLabels.length; i++) {
      String label = chunkLabels[i];
      byte[] content = content(label);
      String sha = sha256(content);
      chunkSha.put(label, sha);
      store.put(BackupLayout.chunk(sha), content, "application/octet-stream");
      rows.add(new BackupChunkRow(run, 2000, i, sha, content.length));
    }
    rows.add(new BackupChunkRow(run, 2000, chunkLabels.length, null, 4096));
    jdbi.onDemand(BackupChunkDao.class).insert(rows);
    store.put(
        configFile(vm, run), ("config of " + run).getBytes(StandardCharsets.UTF_8), "text/plain");
    if (complete) {
      store.put(
          manifestKey,
          ("{\"runId\":\"" + run + "\"}").getBytes(StandardCharsets.UTF_8),
          "application/json");
    }
    runs.finish(run, status, complete ? null : "the test failed it", 0, null);
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE runs SET finished_at = :at WHERE id = :id")
                .bind("at", DAY_ONE.plus(Duration.ofDays(day)))
                .bind("id", run)
                .execute());
    return run;
  }

  private static String manifest(VmRow vm, UUID run) {
    return BackupLayout.vmManifest(vm.id().toString(), run.toString());
  }

  private static String configFile(VmRow vm, UUID run) {
    return BackupLayout.vmFile(vm.id().toString(), run.toString(), vm.name() + ".vmx");
  }

  /** Distinct content per label, of a size that differs per label too. */
  private static byte[] content(String label) {
    byte[] bytes = new byte[1000 + label.charAt(0) * 10];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (label.charAt(0) * 31 + i);
    }
    return bytes;
  }

  private static long size(String label) {
    return content(label).length;
  }

  private boolean stored(String label) {
    return store.exists(BackupLayout.chunk(chunkSha.get(label)));
  }

  private boolean everyChunkStored() {
    return chunkSha.keySet().stream().allMatch(this::stored);
  }

  private boolean everyChunkStoredExcept(String gone) {
    return chunkSha.keySet().stream().filter(l -> !l.equals(gone)).allMatch(this::stored);
  }

  private Instant prunedAt(UUID run) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT pruned_at FROM vm_backups WHERE run_id = :run")
                .bind("run", run)
                .mapTo(Instant.class)
                .one());
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private UUID vcenter() {
    UUID credential = UUID.randomUUID();
    jdbi.onDemand(CredentialDao.class)
        .insert(
            new CredentialRow(
                credential, "vc-login", "password", "admin", new byte[] {1}, null, null));
    UUID id = UUID.randomUUID();
    jdbi.onDemand(VcenterDao.class)
        .insert(
            new VcenterRow(
                id,
                "vc1",
                "https://127.0.0.1:8989/sdk",
                credential,
                "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01",
                false,
                null,
                null,
                null));
    return id;
  }

  private VmRow vm(String name, String instanceUuid) {
    VmDao vms = jdbi.onDemand(VmDao.class);
    UUID id =
        vms.upsert(
                new DiscoveredVm(
                    vcenterId,
                    "vm-" + instanceUuid,
                    instanceUuid,
                    name,
                    "DC0",
                    "poweredOn",
                    true,
                    "[datastore1] " + name + "/" + name + ".vmx",
                    List.of(
                        new VmDiskRow(
                            2000,
                            "Hard disk 1",
                            1L << 30,
                            "datastore1",
                            "[datastore1] " + name + "/" + name + ".vmdk"))))
            .vmId();
    return vms.find(id).orElseThrow();
  }
}
