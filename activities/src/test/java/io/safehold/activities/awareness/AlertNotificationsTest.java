package io.safehold.activities.awareness;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.catalog.AlertDao;
import io.safehold.catalog.AssetDao;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.workflows.notify.NotificationEvent;
import io.safehold.workflows.notify.NotificationEventType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** What one awareness check's raises and clears become for the notification targets. */
class AlertNotificationsTest {

  @Test
  void aFewAlertsAreSentOneByOneAndTheRestInOneSummaryWithTheirKinds() {
    Jdbi jdbi = TestDatabase.get().fresh().jdbi();
    AlertDao alerts = jdbi.onDemand(AlertDao.class);
    List<AssetDao.NewAsset> seeded = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      seeded.add(new AssetDao.NewAsset(UUID.randomUUID(), "external", "nas-" + i, "event", "nas-" + i));
    }
    List<UUID> assets =
        jdbi.onDemand(AssetDao.class).ensure(seeded).stream().map(a -> a.id()).toList();
    long before = lastEventId(jdbi);
    List<Long> raisedIds = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      raisedIds.add(
          alerts.raise(
              i < 20 ? "STALE_BACKUP" : "NO_BACKUP",
              assets.get(i),
              "",
              null,
              "nas-" + i + " has no successful backup in the last day."));
    }
    long firstAlert = raisedIds.get(0);
    alerts.clear(firstAlert, "run 1");
    long upTo = lastEventId(jdbi);

    List<NotificationEvent> events =
        new AwarenessActivitiesImpl(jdbi, Clock.systemUTC()).alertNotifications(before, upTo, 10);

    List<NotificationEvent> raised =
        events.stream().filter(e -> e.type() == NotificationEventType.ALERT_RAISED).toList();
    assertThat(raised).hasSize(11);
    assertThat(raised.subList(0, 10))
        .allSatisfy(
            e -> {
              assertThat(e.subject()).isEqualTo("STALE_BACKUP");
              assertThat(e.assetId()).isNotNull();
              assertThat(e.message()).contains("has no successful backup");
            });
    assertThat(raised.get(10).message())
        .startsWith("15 more alerts raised by this awareness check, 25 in all (")
        .contains("5 NO_BACKUP", "20 STALE_BACKUP");
    assertThat(events)
        .filteredOn(e -> e.type() == NotificationEventType.ALERT_CLEARED)
        .singleElement()
        .satisfies(e -> assertThat(e.alertId()).isEqualTo(firstAlert));
  }

  private static long lastEventId(Jdbi jdbi) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COALESCE(max(id), 0) FROM alert_events").mapTo(Long.class).one());
  }
}
