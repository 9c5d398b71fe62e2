package io.safehold.workflows.vsphere;

import io.safehold.workflows.run.RunActivities;
import io.safehold.workflows.run.RunEventType;
import io.safehold.workflows.run.RunOutcome;
import io.safehold.workflows.run.RunStatus;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;

/** Lists a vCenter's VMs into the catalog and records the outcome on the discovery run. */
public class VmDiscoveryWorkflowImpl implements VmDiscoveryWorkflow {

  public static final String FAILURE_TYPE = "VmDiscoveryFailed";

  private final RunActivities runs;
  private final VSphereActivities vsphere;

  public VmDiscoveryWorkflowImpl() {
    VmBackupOptions options = VmBackupOptions.defaults();
    this.runs = Workflow.newActivityStub(RunActivities.class, options.catalog());
    this.vsphere = Workflow.newActivityStub(VSphereActivities.class, options.vsphereCall());
  }

  @Override
  public DiscoveryResult discover(DiscoveryRequest request) {
    String runId = request.runId();
    runs.markRunning(runId, Workflow.getInfo().getRunId());
    runs.setPhase(runId, "discover");
    try {
      DiscoveryResult result = vsphere.discover(runId, request.vcenterId());
      String summary =
          result.found()
              + " VMs found: "
              + result.added()
              + " added, "
              + result.updated()
              + " updated, "
              + result.gone()
              + " gone.";
      runs.recordEvent(runId, RunEventType.SUCCESS, summary);
      runs.finish(
          new RunOutcome(
              runId,
              RunStatus.COMPLETED,
              null,
              0,
              List.of(),
              Map.of(
                  "found", result.found(),
                  "added", result.added(),
                  "updated", result.updated(),
                  "gone", result.gone())));
      return result;
    } catch (ActivityFailure e) {
      String error = VmBackupWorkflowImpl.describe(e);
      runs.recordEvent(runId, RunEventType.FAILURE, error);
      runs.finish(RunOutcome.failed(runId, RunStatus.FAILED, error));
      throw ApplicationFailure.newNonRetryableFailure(error, FAILURE_TYPE);
    }
  }
}
