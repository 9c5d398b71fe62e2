package io.safehold.api.runs;

import io.safehold.api.errors.ApiException;
import io.safehold.catalog.DeviceRow;
import io.safehold.catalog.RunDao;
import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.netdevice.DeviceBackupRequest;
import io.safehold.workflows.netdevice.DeviceConfigBackupWorkflow;
import io.safehold.workflows.run.RunStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a device config backup: records a PENDING run, then starts {@link
 * DeviceConfigBackupWorkflow} for it. When Temporal refuses or cannot be reached, the run is
 * finished FAILED with the reason, so no run waits for a workflow that does not exist.
 */
public final class DeviceBackupLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceBackupLauncher.class);

  /** Run kind recorded in the catalog. */
  public static final String KIND = "backup";

  /** Upper bound on a whole backup workflow, so a hung device cannot hold a run open for ever. */
  public static final Duration EXECUTION_TIMEOUT = Duration.ofMinutes(15);

  private final RunDao runs;
  private final WorkflowClient client;

  public DeviceBackupLauncher(RunDao runs, WorkflowClient client) {
    this.runs = runs;
    this.client = client;
  }

  /** A started run: Safehold's run id and the Temporal workflow id. */
  public record StartedRun(UUID runId, String workflowId) {}

  /**
   * @throws ApiException 503 {@code temporal_unavailable} when the workflow could not be started
   */
  public StartedRun start(DeviceRow device) {
    UUID runId = UUID.randomUUID();
    String workflowId = DeviceConfigBackupWorkflow.workflowId(runId.toString());
    runs.insertPending(runId, KIND, device.id(), workflowId);
    DeviceConfigBackupWorkflow workflow =
        client.newWorkflowStub(
            DeviceConfigBackupWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .setWorkflowExecutionTimeout(EXECUTION_TIMEOUT)
                .build());
    try {
      WorkflowClient.start(
          workflow::backup, new DeviceBackupRequest(runId.toString(), device.id().toString()));
    } catch (RuntimeException e) {
      String reason = rootMessage(e);
      LOG.warn("could not start workflow {} for run {}: {}", workflowId, runId, reason);
      runs.finish(
          runId,
          RunStatus.FAILED.name(),
          "Temporal did not start the backup workflow: " + reason,
          0,
          null);
      throw new ApiException(
          503,
          "temporal_unavailable",
          "Temporal did not start the backup ("
              + reason
              + "); run "
              + runId
              + " is marked FAILED; check that Temporal is reachable and try again");
    }
    return new StartedRun(runId, workflowId);
  }

  /** The innermost cause's message, cut to 300 characters: what Temporal (or gRPC) said. */
  public static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.length() > 300 ? message.substring(0, 300) + "…" : message;
  }
}
