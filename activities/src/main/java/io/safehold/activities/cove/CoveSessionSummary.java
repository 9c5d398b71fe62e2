package io.safehold.activities.cove;

import io.safehold.workflows.run.RunStatus;
import java.time.Instant;

/**
 * One backup session of a Cove device, as far as the device's statistics tell it.
 *
 * @param externalId stable id of the session for deduplication, see {@link
 *     CoveDeviceStatistics#sessionExternalId}
 * @param accountId the device's Cove {@code AccountId}
 * @param sessionTime when the session ran (Cove's session time)
 * @param statusCode Cove's raw status code
 * @param status the code's meaning; {@link CoveSessionStatus#UNKNOWN} for codes not in the table
 */
public record CoveSessionSummary(
    String externalId,
    long accountId,
    Instant sessionTime,
    int statusCode,
    CoveSessionStatus status) {

  /** The Safehold status of the session, per {@link CoveSessionStatus}. */
  public RunStatus runStatus() {
    return status.runStatus();
  }
}
