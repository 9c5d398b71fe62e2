package io.safehold.testbed.cove;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One backup session of an emulated device, as the device's statistics columns report it.
 *
 * @param status Cove's session status code: 1 in process, 2 failed, 3 aborted, 4 blocked, 5
 *     completed, 6 interrupted, 7 not started, 8 completed with errors, 9 in progress with faults,
 *     10 over quota, 11 no selection, 12 restarted
 * @param startedAt when the session started; the emulator reports it (in unix seconds) as the
 *     session time
 * @param duration how long the session ran (so far, while in process)
 * @param errorCount errors the session logged
 */
public record CoveBackupSession(int status, Instant startedAt, Duration duration, int errorCount) {

  public CoveBackupSession {
    if (status < 1 || status > 12) {
      throw new IllegalArgumentException("Cove session status must be 1..12, got " + status);
    }
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || errorCount < 0) {
      throw new IllegalArgumentException("duration and errorCount must not be negative");
    }
  }

  /** A session that completed (status 5) without errors. */
  public static CoveBackupSession completed(Instant startedAt, Duration duration) {
    return new CoveBackupSession(5, startedAt, duration, 0);
  }

  /**
   * True while the session still runs: in process (1), in progress with faults (9), restarted (12).
   */
  public boolean inProgress() {
    return status == 1 || status == 9 || status == 12;
  }
}
