package io.safehold.workflows.bacula;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Imports a director's finished jobs, sleeps its import interval, and again; continues as new after
 * {@link BaculaImportRequest#cyclesBeforeContinueAsNew} cycles. While the director is down the
 * import activity itself retries with backoff (marking the director unhealthy each time), so a down
 * director adds no history. The loop ends only when the director is deleted.
 */
public class BaculaImportWorkflowImpl implements BaculaImportWorkflow {

  private static final Logger log = Workflow.getLogger(BaculaImportWorkflowImpl.class);

  private final BaculaActivities bacula;

  public BaculaImportWorkflowImpl() {
    this(BaculaOptions.defaults());
  }

  public BaculaImportWorkflowImpl(BaculaOptions options) {
    this.bacula = Workflow.newActivityStub(BaculaActivities.class, options.importCycle());
  }

  @Override
  public void importJobs(BaculaImportRequest request) {
    for (int cycle = 0; cycle < request.cyclesBeforeContinueAsNew(); cycle++) {
      BaculaImportResult result;
      try {
        result = bacula.importJobs(request.directorId());
      } catch (ActivityFailure e) {
        if (e.getCause() instanceof ApplicationFailure application
            && BaculaActivities.DIRECTOR_NOT_FOUND.equals(application.getType())) {
          log.info("Director {} is gone; its import loop ends.", request.directorId());
          return;
        }
        throw e;
      }
      Workflow.sleep(Duration.ofMinutes(Math.max(1, result.intervalMinutes())));
    }
    Workflow.continueAsNew(request);
  }
}
