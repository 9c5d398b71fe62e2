package io.safehold.activities.netdevice;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next connection attempt: 1 s × 2^(attempt-1), capped at 30 s, then
 * scaled by a random factor in [0.5, 1.0] so that many devices failing together (a jump host
 * reboot) do not retry in lock-step.
 */
public final class ConnectBackoff {

  static final Duration BASE = Duration.ofSeconds(1);
  static final Duration CAP = Duration.ofSeconds(30);

  private ConnectBackoff() {}

  /**
   * @param attempt the attempt that just failed, 1 for the first
   * @param random a source of values in [0, 1)
   */
  public static Duration nextDelay(int attempt, DoubleSupplier random) {
    int exponent = Math.max(0, Math.min(attempt - 1, 30));
    long capped = Math.min(BASE.toMillis() << exponent, CAP.toMillis());
    double factor = 0.5 + 0.5 * Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
    return Duration.ofMillis(Math.round(capped * factor));
  }
}
