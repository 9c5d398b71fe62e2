package io.safehold.api.bacula;

import io.safehold.activities.bacula.BaculaImport;
import io.safehold.api.errors.ApiException;
import io.safehold.catalog.AssetDao;
import io.safehold.catalog.AssetDao.NewAsset;
import io.safehold.catalog.BaculaDirectorRow;
import io.safehold.catalog.RunDao;
import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.bacula.BaculaImportRequest;
import io.safehold.workflows.bacula.BaculaImportWorkflow;
import io.safehold.workflows.bacula.BaculaJobRequest;
import io.safehold.workflows.bacula.BaculaJobWorkflow;
import io.safehold.workflows.run.RunStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the Bacula workflows: a {@link BaculaJobWorkflow} per run (after recording the job's asset
 * and a PENDING run), and one {@link BaculaImportWorkflow} per director, started when the director
 * is added (and again at start-up, in case Temporal lost it) and terminated when it is deleted.
 */
public final class BaculaLauncher {

  private static final Logger log = LoggerFactory.getLogger(BaculaLauncher.class);

  private final AssetDao assets;
  private final RunDao runs;
  private final WorkflowClient client;

  public BaculaLauncher(AssetDao assets, RunDao runs, WorkflowClient client) {
    this.assets = assets;
    this.runs = runs;
    this.client = client;
  }

  /** A started run: Safehold's run id and the Temporal workflow id. */
  public record StartedRun(UUID runId, String workflowId) {}

  /**
   * @throws ApiException 503 {@code temporal_unavailable} when the workflow could not be started;
   *     the run is then finished FAILED
   */
  public StartedRun runJob(BaculaDirectorRow director, String jobName) {
    UUID assetId =
        assets
            .ensure(
                List.of(
                    new NewAsset(
                        UUID.randomUUID(),
                        BaculaImport.ASSET_KIND,
                        director.name() + "/" + jobName,
                        BaculaImport.SYSTEM,
                        director.id() + ":" + jobName)))
            .get(0)
            .id();
    UUID runId = UUID.randomUUID();
    String workflowId = BaculaJobWorkflow.workflowId(runId.toString());
    runs.insertPending(runId, "backup", assetId, workflowId);
    BaculaJobWorkflow workflow =
        client.newWorkflowStub(
            BaculaJobWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .build());
    try {
      WorkflowClient.start(
          workflow::run, new BaculaJobRequest(runId.toString(), director.id().toString(), jobName));
    } catch (RuntimeException e) {
      String reason = e.getMessage();
      log.warn("could not start workflow {} for run {}: {}", workflowId, runId, reason);
      runs.finish(
          runId,
          RunStatus.FAILED.name(),
          "Temporal did not start the Bacula job workflow: " + reason,
          0,
          null);
      throw new ApiException(
          503,
          "temporal_unavailable",
          "Temporal did not start the Bacula job ("
              + reason
              + "); run "
              + runId
              + " is marked FAILED; check that Temporal is reachable and try again");
    }
    return new StartedRun(runId, workflowId);
  }

  /** Starts the director's import loop unless it already runs. */
  public void ensureImporting(BaculaDirectorRow director) {
    String id = director.id().toString();
    BaculaImportWorkflow workflow =
        client.newWorkflowStub(
            BaculaImportWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(BaculaImportWorkflow.workflowId(id))
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .build());
    try {
      WorkflowClient.start(workflow::importJobs, BaculaImportRequest.of(id));
    } catch (WorkflowExecutionAlreadyStarted e) {
      // Already importing: exactly what we want.
    }
  }

  /** Stops the director's import loop; nothing to do when none runs. */
  public void stopImporting(BaculaDirectorRow director) {
    try {
      WorkflowStub stub =
          client.newUntypedWorkflowStub(BaculaImportWorkflow.workflowId(director.id().toString()));
      stub.terminate("director " + director.name() + " deleted");
    } catch (RuntimeException e) {
      log.info("no import loop to stop for director {}: {}", director.name(), e.getMessage());
    }
  }
}
