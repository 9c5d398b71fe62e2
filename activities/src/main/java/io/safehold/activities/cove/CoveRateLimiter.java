package io.safehold.activities.cove;

/**
 * Spaces the calls of one Cove account at least {@code 1 / maxPerSecond} apart, so one tenant is
 * never hammered whatever the worker's concurrency. Cove documents no limit but throttles heavy
 * users with HTTP 429; Temporal's per-queue limit applies to activities, not to the calls inside
 * one. Thread-safe.
 */
public final class CoveRateLimiter {

  private final long spacingNanos;
  private long nextFreeNanos = Long.MIN_VALUE;

  /**
   * @param maxPerSecond calls per second at most; more than 0
   */
  public CoveRateLimiter(double maxPerSecond) {
    if (!(maxPerSecond > 0) || Double.isInfinite(maxPerSecond)) {
      throw new IllegalArgumentException("maxPerSecond must be a positive number");
    }
    this.spacingNanos = Math.max(1, (long) (1_000_000_000L / maxPerSecond));
  }

  /** No limit, for clients that do not need one. */
  public static CoveRateLimiter unlimited() {
    return new CoveRateLimiter(Double.MAX_VALUE);
  }

  /** The calls per second this limiter allows, at most. */
  public double maxPerSecond() {
    return 1_000_000_000.0 / spacingNanos;
  }

  /** Waits until the next call may go; calls are served in turn. */
  public void acquire() throws InterruptedException {
    long waitNanos;
    synchronized (this) {
      long now = System.nanoTime();
      long slot = nextFreeNanos == Long.MIN_VALUE || now - nextFreeNanos >= 0 ? now : nextFreeNanos;
      nextFreeNanos = slot + spacingNanos;
      waitNanos = slot - now;
    }
    if (waitNanos > 0) {
      Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
    }
  }
}
