package io.safehold.workflows.run;

import io.temporal.activity.ActivityInterface;

/**
 * Catalog writes that record a run's life. They run on {@link io.safehold.workflows.TaskQueues#WORKFLOWS}
 * and are idempotent, so Temporal may retry them freely.
 */
@ActivityInterface
public interface RunActivities {

  /** PENDING → RUNNING, recording the Temporal run id. A run already past RUNNING is left alone. */
  void markRunning(String runId, String temporalRunId);

  void setPhase(String runId, String phase);

  void recordEvent(String runId, RunEventType type, String message);

  /** Records the final status, artifacts and result; finishing a finished run changes nothing. */
  void finish(RunOutcome outcome);
}
