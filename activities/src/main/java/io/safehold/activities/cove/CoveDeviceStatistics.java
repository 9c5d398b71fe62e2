package io.safehold.activities.cove;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One device (a Cove backup account) as {@code EnumerateAccountStatistics} reports it, totals over
 * all data sources (D9). Every column may be absent: a device that never ran has no session values.
 *
 * @param accountId Cove's {@code AccountId} of the device
 * @param partnerId the partner (tenant) the device belongs to
 * @param deviceName I1
 * @param computerName I18
 * @param lastSessionStatus D9F00, Cove's status code of the last session
 * @param errorCount D9F06, errors of the last session
 * @param lastSuccessfulSessionTime D9F09
 * @param lastSessionDuration D9F12
 * @param lastSessionTime D9F15
 * @param lastCompletedSessionStatus D9F17, status code of the last session that ended
 * @param lastCompletedSessionTime D9F18
 */
public record CoveDeviceStatistics(
    long accountId,
    long partnerId,
    String deviceName,
    String computerName,
    Integer lastSessionStatus,
    Integer errorCount,
    Instant lastSuccessfulSessionTime,
    Duration lastSessionDuration,
    Instant lastSessionTime,
    Integer lastCompletedSessionStatus,
    Instant lastCompletedSessionTime) {

  /**
   * The stable external id of one session: {@code <partnerId>:<accountId>:<session time in unix
   * seconds>}. Cove reports a session's time when it starts and keeps it when the session ends, so
   * an in-process session and its final state share one id, and the importer updates the run it
   * opened instead of adding a second. The partner id stands for the Cove account (tenant): it is
   * Cove's own and survives re-adding the account in Safehold.
   */
  public static String sessionExternalId(long partnerId, long accountId, Instant sessionTime) {
    return partnerId + ":" + accountId + ":" + sessionTime.getEpochSecond();
  }

  /** The last session (D9F00 at D9F15), when the device has one. */
  public Optional<CoveSessionSummary> lastSession() {
    return session(lastSessionStatus, lastSessionTime);
  }

  /**
   * The last session that ended (D9F17 at D9F18). It differs from {@link #lastSession()} when a new
   * session runs: then it tells how the previous one ended, even if no poll saw that end.
   */
  public Optional<CoveSessionSummary> lastCompletedSession() {
    return session(lastCompletedSessionStatus, lastCompletedSessionTime);
  }

  /** A display name: the device name, else the computer name, else the account id. */
  public String displayName() {
    if (deviceName != null) {
      return deviceName;
    }
    return computerName != null ? computerName : Long.toString(accountId);
  }

  private Optional<CoveSessionSummary> session(Integer statusCode, Instant time) {
    if (statusCode == null || time == null) {
      return Optional.empty();
    }
    return Optional.of(
        new CoveSessionSummary(
            sessionExternalId(partnerId, accountId, time),
            accountId,
            time,
            statusCode,
            CoveSessionStatus.ofCode(statusCode)));
  }
}
