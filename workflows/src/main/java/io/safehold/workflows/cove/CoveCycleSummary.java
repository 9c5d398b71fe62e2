package io.safehold.workflows.cove;

/**
 * The counts of one Cove polling cycle: small whatever the tenant's size, so workflow histories
 * stay small.
 *
 * @param accountExists false when the account was deleted; every count is then 0
 * @param pollIntervalSeconds the account's poll interval as the catalog holds it now
 * @param devices devices Cove listed (each once)
 * @param newDevices devices seen for the first time, created as assets
 * @param pages pages read
 * @param skippedPages pages Cove answered with something unreadable, skipped (logged with their
 *     request id)
 * @param malformedRows rows skipped within pages that could be read
 * @param sessionsSeen sessions offered for import (up to three per device)
 * @param runsInserted sessions imported as new runs
 * @param runsSettled runs imported while their session ran that have ended since
 * @param durationMillis how long the cycle took, login included
 */
public record CoveCycleSummary(
    boolean accountExists,
    int pollIntervalSeconds,
    int devices,
    int newDevices,
    int pages,
    int skippedPages,
    int malformedRows,
    int sessionsSeen,
    int runsInserted,
    int runsSettled,
    long durationMillis) {

  /** The summary of a cycle that found its account deleted. */
  public static CoveCycleSummary accountGone() {
    return new CoveCycleSummary(false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** Catalog rows the cycle wrote: new assets, new runs and settled runs. */
  public int rowsWritten() {
    return newDevices + runsInserted + runsSettled;
  }
}
