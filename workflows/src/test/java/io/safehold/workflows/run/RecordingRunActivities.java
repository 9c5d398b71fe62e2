package io.safehold.workflows.run;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the catalog's run bookkeeping (workflows may not depend on the catalog). */
public final class RecordingRunActivities implements RunActivities {

  public record Event(RunEventType type, String message) {}

  public final List<String> phases = new CopyOnWriteArrayList<>();
  public final List<Event> events = new CopyOnWriteArrayList<>();
  public final List<RunOutcome> outcomes = new CopyOnWriteArrayList<>();
  public final List<String> temporalRunIds = new CopyOnWriteArrayList<>();

  @Override
  public void markRunning(String runId, String temporalRunId) {
    temporalRunIds.add(temporalRunId);
  }

  @Override
  public void setPhase(String runId, String phase) {
    phases.add(phase);
  }

  @Override
  public void recordEvent(String runId, RunEventType type, String message) {
    events.add(new Event(type, message));
  }

  @Override
  public void finish(RunOutcome outcome) {
    outcomes.add(outcome);
  }

  public RunOutcome onlyOutcome() {
    if (outcomes.size() != 1) {
      throw new AssertionError("expected exactly one finish call, got " + outcomes);
    }
    return outcomes.get(0);
  }
}
