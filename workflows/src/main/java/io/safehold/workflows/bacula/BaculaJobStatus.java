package io.safehold.workflows.bacula;

import io.safehold.workflows.run.RunStatus;
import java.util.Set;

/**
 * Bacula's one-letter JobStatus, mapped to Safehold's run statuses (docs/bacula.md has the table).
 *
 * <ul>
 *   <li>{@code T} ("OK") is COMPLETED only when JobErrors is 0; with errors it is
 *       COMPLETED_WITH_WARNINGS, because Bacula (and Bareos) end jobs {@code T} whose log shows
 *       errors, e.g. a path that does not exist;
 *   <li>{@code W} (OK with warnings) and {@code D} (verify found differences):
 *       COMPLETED_WITH_WARNINGS;
 *   <li>{@code E}, {@code e}, {@code f} (errors, fatal error) and {@code I} (incomplete): FAILED;
 *   <li>{@code A} (cancelled by an operator): CANCELLED;
 *   <li>{@code C} (created, not yet running): PENDING;
 *   <li>every other letter ({@code R} running, {@code B} blocked and the waiting states {@code F S
 *       m M s j c d t p a i l L q}): RUNNING.
 * </ul>
 */
public final class BaculaJobStatus {

  private static final Set<String> TERMINAL = Set.of("T", "W", "D", "E", "e", "f", "I", "A");

  private BaculaJobStatus() {}

  /** Whether a job with this status has ended (Bacula will not change it any more). */
  public static boolean isTerminal(String status) {
    return TERMINAL.contains(status);
  }

  /** Safehold's status for a Bacula JobStatus and JobErrors count. */
  public static RunStatus toRunStatus(String status, long errors) {
    return switch (status) {
      case "T" -> errors > 0 ? RunStatus.COMPLETED_WITH_WARNINGS : RunStatus.COMPLETED;
      case "W", "D" -> RunStatus.COMPLETED_WITH_WARNINGS;
      case "E", "e", "f", "I" -> RunStatus.FAILED;
      case "A" -> RunStatus.CANCELLED;
      case "C" -> RunStatus.PENDING;
      default -> RunStatus.RUNNING;
    };
  }
}
