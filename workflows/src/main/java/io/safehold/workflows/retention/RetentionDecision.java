package io.safehold.workflows.retention;

import java.time.Instant;
import java.util.List;

/**
 * What retention decided for one backup run, with every reason: a kept backup lists each rule that
 * keeps it ({@code keep-last 3}, {@code weekly 2026-W47}, {@code base of kept incremental r}), a
 * removed one says why it goes.
 */
public record RetentionDecision(
    String runId,
    String status,
    Instant finishedAt,
    String mode,
    String baseRunId,
    boolean keep,
    List<String> reasons) {

  public RetentionDecision {
    reasons = List.copyOf(reasons);
  }
}
