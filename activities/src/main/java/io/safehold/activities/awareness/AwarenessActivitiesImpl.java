package io.safehold.activities.awareness;

import io.safehold.catalog.AlertDao.AlertEventCount;
import io.safehold.catalog.AlertDao.NotifiableAlertEvent;
import io.safehold.catalog.AlertDao;
import io.safehold.catalog.AwarenessDao.CheckCounts;
import io.safehold.catalog.AwarenessDao;
import io.safehold.workflows.awareness.AwarenessActivities;
import io.safehold.workflows.awareness.AwarenessCheckRequest;
import io.safehold.workflows.awareness.AwarenessCheckResult;
import io.safehold.workflows.notify.NotificationEvent;
import io.safehold.workflows.notify.NotificationEventType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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

  @Override
  public List<NotificationEvent> alertNotifications(long afterId, long upToId, int perType) {
    AlertDao alerts = jdbi.onDemand(AlertDao.class);
    Instant now = clock.instant();
    List<NotificationEvent> events = new ArrayList<>();
    Map<String, Integer> sent = new HashMap<>();
    for (NotifiableAlertEvent e : alerts.notifiableEvents(afterId, upToId, perType)) {
      sent.merge(e.type(), 1, Integer::sum);
      events.add(
          NotificationEvent.alert(
              type(e.type()),
              e.alertId(),
              e.kind(),
              e.assetId() == null ? null : e.assetId().toString(),
              e.runId() == null ? null : e.runId().toString(),
              e.message(),
              now));
    }
    Map<String, List<AlertEventCount>> counts = new TreeMap<>();
    for (AlertEventCount count : alerts.countEvents(afterId, upToId)) {
      counts.computeIfAbsent(count.type(), t -> new ArrayList<>()).add(count);
    }
    counts.forEach(
        (type, byKind) -> {
          long total = byKind.stream().mapToLong(AlertEventCount::events).sum();
          long rest = total - sent.getOrDefault(type, 0);
          if (rest > 0) {
            events.add(
                NotificationEvent.alert(
                    type(type),
                    0,
                    "SUMMARY",
                    null,
                    null,
                    summary(type, total, rest, byKind),
                    now));
          }
        });
    return events;
  }

  private static NotificationEventType type(String alertEventType) {
    return alertEventType.equals("raise")
        ? NotificationEventType.ALERT_RAISED
        : NotificationEventType.ALERT_CLEARED;
  }

  private static String summary(String type, long total, long rest, List<AlertEventCount> byKind) {
    StringBuilder kinds = new StringBuilder();
    for (AlertEventCount count : byKind) {
      kinds.append(kinds.length() == 0 ? "" : ", ").append(count.events()).append(' ').append(count.kind());
    }
    return String.format(
        "%d more alerts %s by this awareness check, %d in all (%s); GET /api/v1/alerts?state=%s"
            + " lists them.",
        rest,
        type.equals("raise") ? "raised" : "cleared",
        total,
        kinds,
        type.equals("raise") ? "open" : "cleared");
  }
}
