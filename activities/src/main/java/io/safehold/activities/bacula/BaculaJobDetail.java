package io.safehold.activities.bacula;

import java.util.List;

/**
 * A job with its configuration as the director prints it ({@code show job=NAME}), its recent runs
 * (newest first) and statistics over them.
 */
public record BaculaJobDetail(
    BaculaJobSummary job, String configuration, List<BaculaJobRun> history, Statistics statistics) {

  /**
   * Over {@code runs} finished runs: how many ended in each Safehold status, bytes in total, and
   * the mean duration in seconds of those with a start and an end.
   */
  public record Statistics(
      int runs,
      int completed,
      int completedWithWarnings,
      int failed,
      int cancelled,
      long bytes,
      long meanDurationSeconds) {}
}
