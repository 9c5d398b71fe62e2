package io.safehold.api.resources;

import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.errors.ApiException;
import io.safehold.api.runs.DeviceBackupLauncher;
import io.safehold.workflows.awareness.AwarenessStatus;
import io.safehold.workflows.awareness.BackupAwarenessWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The awareness loop itself: how its last check went and when the next is due, and "check now",
 * e.g. right after importing a tenant's history instead of waiting up to a check period.
 */
@Path("/api/v1/awareness")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public final class AwarenessResource {

  private final WorkflowClient temporal;

  public AwarenessResource(WorkflowClient temporal) {
    this.temporal = temporal;
  }

  /** The loop's status query: checks done by this run, the last check's counts, the next check. */
  @GET
  public AwarenessStatus status() {
    try {
      return loop().status();
    } catch (RuntimeException e) {
      throw failure(e);
    }
  }

  /** Asks the loop for a check now; it runs after the current one if a check is under way. */
  @POST
  @Path("check")
  @RequiresRole(Role.OPERATOR)
  public Response checkNow() {
    try {
      loop().checkNow();
    } catch (RuntimeException e) {
      throw failure(e);
    }
    return Response.accepted(Map.of("workflowId", BackupAwarenessWorkflow.WORKFLOW_ID)).build();
  }

  private BackupAwarenessWorkflow loop() {
    return temporal.newWorkflowStub(
        BackupAwarenessWorkflow.class, BackupAwarenessWorkflow.WORKFLOW_ID);
  }

  private static ApiException failure(RuntimeException e) {
    if (e instanceof WorkflowNotFoundException) {
      return ApiException.conflict(
          "The awareness loop is not running: awareness.checkPeriod is -1, or the server has not"
              + " started it yet (it retries every 30 s while Temporal is down)");
    }
    return new ApiException(
        503,
        "temporal_unavailable",
        "Temporal did not answer for the awareness loop ("
            + DeviceBackupLauncher.rootMessage(e)
            + "); check that Temporal is reachable and try again");
  }
}
