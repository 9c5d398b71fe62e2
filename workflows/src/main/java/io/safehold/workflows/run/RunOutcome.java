package io.safehold.workflows.run;

import java.util.List;
import java.util.Map;

/**
 * How a run ended, as the workflow reports it to the catalog.
 *
 * @param error one sentence for the operator, or null on success
 * @param result kind-specific details stored with the run (never a secret)
 */
public record RunOutcome(
    String runId,
    RunStatus status,
    String error,
    long bytes,
    List<StoredObject> artifacts,
    Map<String, Object> result) {

  public static RunOutcome failed(String runId, RunStatus status, String error) {
    return new RunOutcome(runId, status, error, 0, List.of(), Map.of());
  }
}
