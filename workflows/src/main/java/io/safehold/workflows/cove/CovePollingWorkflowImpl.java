package io.safehold.workflows.cove;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/** The polling loop of one Cove account; see {@link CovePollingWorkflow}. */
public class CovePollingWorkflowImpl implements CovePollingWorkflow {

  private static final Logger log = Workflow.getLogger(CovePollingWorkflowImpl.class);

  private final CovePollingOptions options;
  private final CoveActivities cycles;
  private final CoveActivities records;
  private boolean pollRequested;
  private int cyclesThisRun;

  public CovePollingWorkflowImpl() {
    this(CovePollingOptions.defaults());
  }

  public CovePollingWorkflowImpl(CovePollingOptions options) {
    this.options = options;
    this.cycles = Workflow.newActivityStub(CoveActivities.class, options.cycle());
    this.records = Workflow.newActivityStub(CoveActivities.class, options.record());
  }

  @Override
  public void poll(CovePollingRequest request) {
    String accountId = request.accountId();
    int interval =
        request.pollIntervalSeconds() > 0
            ? request.pollIntervalSeconds()
            : CovePollingRequest.DEFAULT_POLL_INTERVAL_SECONDS;
    while (true) {
      // A "poll now" that arrives during this cycle asks for one more right after it.
      pollRequested = false;
      try {
        CoveCycleSummary summary = cycles.importCycle(accountId);
        if (!summary.accountExists()) {
          log.info("Cove account {} was deleted; polling ends", accountId);
          return;
        }
        interval = summary.pollIntervalSeconds();
      } catch (ActivityFailure e) {
        String error = describe(e);
        log.warn("Cove cycle of account {} failed: {}", accountId, error);
        try {
          records.recordFailedCycle(accountId, error);
        } catch (ActivityFailure recordFailure) {
          log.warn("Could not record the failed cycle of Cove account {}", accountId);
        }
      }
      cyclesThisRun++;
      Workflow.await(Duration.ofSeconds(interval), () -> pollRequested);
      if (cyclesThisRun >= options.cyclesPerRun()) {
        // The next run starts with a cycle at once, as this one would have.
        Workflow.continueAsNew(new CovePollingRequest(accountId, interval));
      }
    }
  }

  @Override
  public void pollNow() {
    pollRequested = true;
  }

  @Override
  public int cyclesThisRun() {
    return cyclesThisRun;
  }

  /** The operator's sentence from an activity failure, without Temporal's wrapping. */
  static String describe(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    String last = null;
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure application) {
        last = application.getOriginalMessage();
        break;
      }
    }
    if (cause instanceof TimeoutFailure) {
      return "The Cove cycle did not finish in time"
          + (last == null ? "." : "; last error: " + last);
    }
    if (last != null) {
      return last;
    }
    if (cause instanceof TemporalFailure temporal) {
      return "The Cove cycle failed: " + temporal.getOriginalMessage();
    }
    return "The Cove cycle failed.";
  }
}
