package io.safehold.workflows.run;

/** The life of a run, as the catalog and the API report it. */
public enum RunStatus {
  PENDING,
  RUNNING,
  COMPLETED,
  COMPLETED_WITH_WARNINGS,
  FAILED,
  CANCELLED,
  /** The workflow behind the run no longer exists (e.g. the embedded Temporal restarted). */
  ABANDONED;

  public boolean isTerminal() {
    return this != PENDING && this != RUNNING;
  }
}
