package io.safehold.api.runs;

import io.dropwizard.core.setup.Environment;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps long-lived loop workflows (one per Cove account, one per Bacula director) running: checks
 * at start-up and then every few minutes, so a loop that could not start while Temporal was down,
 * or that an embedded Temporal forgot across a restart, is started again without an operator.
 * Starting a loop that already runs is a no-op for the callers' {@code ensure} methods.
 */
public final class LoopKeeper {

  private static final Logger LOG = LoggerFactory.getLogger(LoopKeeper.class);

  /** How often the loops are checked after the first check at start-up. */
  public static final Duration CHECK_EVERY = Duration.ofMinutes(5);

  private LoopKeeper() {}

  /**
   * @param what names the loops in the thread name and the log, e.g. {@code cove-polling}
   * @param ensureAll starts every loop that should run and does not
   */
  public static void keep(Environment environment, String what, Runnable ensureAll) {
    ScheduledExecutorService schedule =
        environment.lifecycle().scheduledExecutorService(what + "-%d").threads(1).build();
    schedule.scheduleWithFixedDelay(
        () -> {
          try {
            ensureAll.run();
          } catch (RuntimeException e) {
            LOG.warn("could not check the {} loops; trying again in {}", what, CHECK_EVERY, e);
          }
        },
        0,
        CHECK_EVERY.toSeconds(),
        TimeUnit.SECONDS);
  }
}
