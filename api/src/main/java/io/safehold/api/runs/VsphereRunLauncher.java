package io.safehold.api.runs;

import io.safehold.api.errors.ApiException;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.VcenterRow;
import io.safehold.catalog.VmRow;
import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.retention.VmPruneRequest;
import io.safehold.workflows.retention.VmPruneWorkflow;
import io.safehold.workflows.run.RunStatus;
import io.safehold.workflows.vsphere.BackupMode;
import io.safehold.workflows.vsphere.DiscoveryRequest;
import io.safehold.workflows.vsphere.VmBackupRequest;
import io.safehold.workflows.vsphere.VmBackupWorkflow;
import io.safehold.workflows.vsphere.VmDiscoveryWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the vSphere workflows: a vCenter's VM discovery, a VM backup and a VM prune. Each records
 * a PENDING run, then starts the workflow for it on {@link TaskQueues#WORKFLOWS}; when Temporal
 * refuses or cannot be reached, the run is finished FAILED with the reason, so no run waits for a
 * workflow that does not exist (as {@link DeviceBackupLauncher} does for devices).
 */
public final class VsphereRunLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(VsphereRunLauncher.class);

  /** Run kind of a VM backup; its asset is the VM. */
  public static final String BACKUP_KIND = "backup";

  /** Run kind of a discovery; it has no asset (the vCenter is not one). */
  public static final String DISCOVER_KIND = "discover";

  /**
   * Last-resort bound on a whole VM backup workflow. Temporal ends a workflow that reaches it
   * without running its cleanup, so the snapshot could stay behind; the workflow's own activity
   * deadlines (24 h per disk, 2 h for cleanup, see {@code VmBackupOptions}) end a stuck backup and
   * remove its snapshot long before.
   */
  public static final Duration BACKUP_TIMEOUT = Duration.ofDays(7);

  /** Run kind of a prune (retention applied to a VM's backups); its asset is the VM. */
  public static final String PRUNE_KIND = "prune";

  /** Upper bound on a prune workflow; its deletion step may take 24 h with retries. */
  public static final Duration PRUNE_TIMEOUT = Duration.ofDays(2);

  /** Upper bound on a discovery workflow: listing even a large vCenter takes minutes. */
  public static final Duration DISCOVERY_TIMEOUT = Duration.ofMinutes(30);

  private final RunDao runs;
  private final WorkflowClient client;

  public VsphereRunLauncher(RunDao runs, WorkflowClient client) {
    this.runs = runs;
    this.client = client;
  }

  /** A started run: Safehold's run id and the Temporal workflow id. */
  public record StartedRun(UUID runId, String workflowId) {}

  /**
   * Starts {@link VmDiscoveryWorkflow} for the vCenter.
   *
   * @throws ApiException 503 {@code temporal_unavailable} when the workflow could not be started
   */
  public StartedRun discover(VcenterRow vcenter) {
    UUID runId = UUID.randomUUID();
    String workflowId = VmDiscoveryWorkflow.workflowId(vcenter.name(), runId.toString());
    runs.insertPending(runId, DISCOVER_KIND, null, workflowId);
    VmDiscoveryWorkflow workflow =
        client.newWorkflowStub(VmDiscoveryWorkflow.class, options(workflowId, DISCOVERY_TIMEOUT));
    DiscoveryRequest request = new DiscoveryRequest(runId.toString(), vcenter.id().toString());
    start(runId, workflowId, "discovery", () -> WorkflowClient.start(workflow::discover, request));
    return new StartedRun(runId, workflowId);
  }

  /**
   * Starts {@link VmBackupWorkflow} for the VM; the workflow records the backup itself.
   *
   * @param replicateTo names of secondary targets, checked by the workflow against its config
   * @throws ApiException 503 {@code temporal_unavailable} when the workflow could not be started
   */
  public StartedRun backup(VmRow vm, BackupMode mode, boolean quiesce, List<String> replicateTo) {
    UUID runId = UUID.randomUUID();
    String workflowId = VmBackupWorkflow.workflowId(vm.vcenterName(), vm.name(), runId.toString());
    runs.insertPending(runId, BACKUP_KIND, vm.id(), workflowId);
    VmBackupWorkflow workflow =
        client.newWorkflowStub(VmBackupWorkflow.class, options(workflowId, BACKUP_TIMEOUT));
    VmBackupRequest request =
        new VmBackupRequest(runId.toString(), vm.id().toString(), mode, quiesce, replicateTo);
    start(runId, workflowId, "backup", () -> WorkflowClient.start(workflow::backup, request));
    return new StartedRun(runId, workflowId);
  }

  /**
   * Starts {@link VmPruneWorkflow} for the VM: it plans from the VM's retention rules and deletes
   * what they remove.
   *
   * @throws ApiException 503 {@code temporal_unavailable} when the workflow could not be started
   */
  public StartedRun prune(VmRow vm) {
    UUID runId = UUID.randomUUID();
    String workflowId = VmPruneWorkflow.workflowId(vm.vcenterName(), vm.name(), runId.toString());
    runs.insertPending(runId, PRUNE_KIND, vm.id(), workflowId);
    VmPruneWorkflow workflow =
        client.newWorkflowStub(VmPruneWorkflow.class, options(workflowId, PRUNE_TIMEOUT));
    VmPruneRequest request = new VmPruneRequest(runId.toString(), vm.id().toString());
    start(runId, workflowId, "prune", () -> WorkflowClient.start(workflow::prune, request));
    return new StartedRun(runId, workflowId);
  }

  private static WorkflowOptions options(String workflowId, Duration timeout) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(TaskQueues.WORKFLOWS)
        .setWorkflowExecutionTimeout(timeout)
        .build();
  }

  private void start(UUID runId, String workflowId, String what, Runnable start) {
    try {
      start.run();
    } catch (RuntimeException e) {
      String reason = DeviceBackupLauncher.rootMessage(e);
      LOG.warn("could not start workflow {} for run {}: {}", workflowId, runId, reason);
      runs.finish(
          runId,
          RunStatus.FAILED.name(),
          "Temporal did not start the " + what + " workflow: " + reason,
          0,
          null);
      throw new ApiException(
          503,
          "temporal_unavailable",
          "Temporal did not start the "
              + what
              + " ("
              + reason
              + "); run "
              + runId
              + " is marked FAILED; check that Temporal is reachable and try again");
    }
  }
}
