package io.safehold.activities.awareness;

import io.safehold.catalog.AwarenessDao;
import io.safehold.catalog.AwarenessDao.CheckCounts;
import io.safehold.workflows.awareness.AwarenessActivities;
import io.safehold.workflows.awareness.AwarenessCheckRequest;
import io.safehold.workflows.awareness.AwarenessCheckResult;
import java.time.Clock;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the awareness check in the catalog ({@link AwarenessDao#check}): one transaction of
 * set-based statements, whatever the number of assets. Catalog errors are retryable (the database
 * may be restarting); there is no bad input to refuse.
 */
public final class AwarenessActivitiesImpl implements AwarenessActivities {

  private static final Logger LOG = LoggerFactory.getLogger(AwarenessActivitiesImpl.class);

  private final Jdbi jdbi;
  private final Clock clock;

  public AwarenessActivitiesImpl(Jdbi jdbi, Clock clock) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public AwarenessCheckResult check(AwarenessCheckRequest request) {
    AwarenessDao awareness = jdbi.onDemand(AwarenessDao.class);
    CheckCounts counts =
        awareness.check(
            clock.instant(),
            new AwarenessDao.Defaults(
                request.defaultCheckPeriodSeconds(), request.defaultAlertWindowSeconds()),
            null,
            true);
    if (counts.skipped()) {
      LOG.info("Awareness check skipped: another check is running.");
    } else {
      LOG.info(
          "Awareness check: {} assets, {} scopes; {} alerts raised, {} refreshed, {} cleared, {}"
              + " open.",
          counts.assets(),
          counts.scopes(),
          counts.raised(),
          counts.refreshed(),
          counts.cleared(),
          counts.open());
    }
    return new AwarenessCheckResult(
        counts.skipped(),
        counts.assets(),
        counts.scopes(),
        counts.raised(),
        counts.refreshed(),
        counts.cleared(),
        counts.open(),
        counts.eventsAfter(),
        counts.eventsUpTo(),
        awareness.shortestCheckPeriod().orElse(0));
  }
}
