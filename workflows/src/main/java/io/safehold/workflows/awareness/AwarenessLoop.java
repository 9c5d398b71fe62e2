package io.safehold.workflows.awareness;

/**
 * Input of {@link BackupAwarenessWorkflow}: the configured defaults (seconds) and, after a
 * continue-as-new, when the next check is due (epoch millis; null: check at once).
 */
public record AwarenessLoop(
    long checkPeriodSeconds, long alertWindowSeconds, Long nextCheckAtMillis) {

  /** A loop that checks at once. */
  public static AwarenessLoop startingNow(long checkPeriodSeconds, long alertWindowSeconds) {
    return new AwarenessLoop(checkPeriodSeconds, alertWindowSeconds, null);
  }
}
