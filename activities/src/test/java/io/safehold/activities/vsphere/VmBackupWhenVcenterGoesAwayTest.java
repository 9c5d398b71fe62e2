package io.safehold.activities.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.activities.catalog.RunActivitiesImpl;
import io.safehold.activities.storage.S3ObjectStore;
import io.safehold.activities.storage.S3Settings;
import io.safehold.activities.vsphere.transfer.DiskTransferOptions;
import io.safehold.catalog.AlertDao;
import io.safehold.catalog.AlertRow;
import io.safehold.catalog.BackupChunkDao;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunRow;
import io.safehold.catalog.VmDao;
import io.safehold.catalog.secrets.CredentialVault;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.catalog.testing.VsphereRows;
import io.safehold.testbed.s3.S3ProxyProcess;
import io.safehold.testbed.vcsim.DiskContent;
import io.safehold.testbed.vcsim.VcsimProcess;
import io.safehold.workflows.TaskQueues;
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
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vCenter goes away in the middle of a disk and never comes back within the deadlines: the run
 * fails with a sentence naming what could not be read, and since the snapshot could not be removed
 * either, the alert names the VM and the snapshot. (Time skipping makes the deadlines pass in
 * seconds; with vcsim, whose state dies with the process, "coming back" cannot be shown.)
 */
class VmBackupWhenVcenterGoesAwayTest {

  private static final int DISK_MIB = 256;
  private static final String VM = "DC0_H0_VM0";

  @TempDir Path dir;
  private TestWorkflowEnvironment env;
  private VcsimProcess vcsim;
  private S3ProxyProcess s3;
  private S3ObjectStore store;

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
    if (store != null) {
      store.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (vcsim != null) {
      vcsim.close();
    }
  }

  @Test
  void theRunFailsWithTheReadErrorAndTheLeftSnapshotRaisesTheAlert() throws Exception {
    Jdbi jdbi = TestDatabase.get().fresh().jdbi();
    vcsim = VcsimProcess.start(VcsimProcess.Options.defaults().withDiskMib(DISK_MIB));
    DiskContent.writeRandomWithZeroRuns(vcsim.flatFile(VM), (long) DISK_MIB << 20, 0.0, 5);
    s3 = S3ProxyProcess.start(dir.resolve("s3"), 0);
    store =
        new S3ObjectStore(
            new S3Settings(s3.endpoint(), "us-east-1", "gone", s3.accessKey(), s3.secretKey(), true));
    store.createBucketIfMissing();
    CredentialVault vault = CredentialVault.fromBase64(CredentialVault.newBase64Key());
    UUID vcenterId =
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
    VmBackupOptions options =
        new VmBackupOptions(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(20));
    workflows.registerWorkflowImplementationFactory(
        VmBackupWorkflow.class, () -> new VmBackupWorkflowImpl(options));
    workflows.registerWorkflowImplementationTypes(VmDiscoveryWorkflowImpl.class);
    workflows.registerActivitiesImplementations(
        new RunActivitiesImpl(jdbi), new VmCatalogActivitiesImpl(jdbi, store, 1 << 20, Clock.systemUTC()));
    env.newWorker(TaskQueues.VSPHERE)
        .registerActivitiesImplementations(
            new VSphereActivitiesImpl(jdbi, vault, store, DiskTransferOptions.defaults()));
    env.start();
    WorkflowClient client = env.getWorkflowClient();

    UUID discovery = UUID.randomUUID();
    jdbi.onDemand(RunDao.class).insertPending(discovery, "discover", null, "d-" + discovery);
    client
        .newWorkflowStub(VmDiscoveryWorkflow.class, options("d-" + discovery))
        .discover(new DiscoveryRequest(discovery.toString(), vcenterId.toString()));
    UUID vmId =
        jdbi.onDemand(VmDao.class).list(vcenterId, VM, false, null, 10).stream()
            .filter(v -> v.name().equals(VM))
            .findFirst()
            .orElseThrow()
            .id();
    UUID run = UUID.randomUUID();
    jdbi.onDemand(RunDao.class).insertPending(run, "backup", vmId, "b-" + run);
    VmBackupWorkflow backup = client.newWorkflowStub(VmBackupWorkflow.class, options("b-" + run));
    CompletableFuture<VmBackupResult> result =
        WorkflowClient.execute(
            backup::backup,
            new VmBackupRequest(run.toString(), vmId.toString(), BackupMode.FULL, false, List.of()));

    BackupChunkDao chunks = jdbi.onDemand(BackupChunkDao.class);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (chunks.totals(run).chunks() < 2) {
      assertThat(System.nanoTime()).as("the read started").isLessThan(deadline);
      Thread.sleep(10);
    }
    vcsim.close();

    ExecutionException failed =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ExecutionException.class, () -> result.get(120, TimeUnit.SECONDS));

    assertThat(failed).isNotNull();
    RunRow row = jdbi.onDemand(RunDao.class).find(run).orElseThrow();
    assertThat(row.status()).isEqualTo("FAILED");
    assertThat(row.error())
        .startsWith("Reading disk 1 of 1 ([LocalDS_0] DC0_H0_VM0/disk1.vmdk) failed: ")
        .contains("connection refused")
        .contains("Snapshot safehold-" + run + " is left on VM " + VM);
    List<AlertRow> alerts = jdbi.onDemand(AlertDao.class).list(true, Long.MAX_VALUE, 10);
    assertThat(alerts).singleElement().satisfies(
        alert -> {
          assertThat(alert.kind()).isEqualTo(VmCatalogActivitiesImpl.SNAPSHOT_ALERT);
          assertThat(alert.assetId()).isEqualTo(vmId);
          assertThat(alert.subject()).isEqualTo("safehold-" + run);
          assertThat(alert.message()).contains(VM).contains("safehold-" + run);
        });
  }

  private static WorkflowOptions options(String workflowId) {
    return WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.WORKFLOWS)
        .setWorkflowId(workflowId)
        .build();
  }
}
