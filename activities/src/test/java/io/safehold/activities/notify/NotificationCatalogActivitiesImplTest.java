package io.safehold.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.catalog.NotificationDao;
import io.safehold.catalog.NotificationTargetRow;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.workflows.notify.NotificationEvent;
import io.safehold.workflows.notify.NotificationEventType;
import io.safehold.workflows.notify.NotificationRecipient;
import io.safehold.workflows.notify.NotificationSelection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotificationCatalogActivitiesImplTest {

  private NotifyFixtures fixtures;
  private NotificationCatalogActivitiesImpl selection;

  @BeforeEach
  void setUp() {
    fixtures = new NotifyFixtures(TestDatabase.get().fresh().jdbi());
    selection = new NotificationCatalogActivitiesImpl(fixtures.jdbi);
  }

  private void target(String name, List<String> events, List<String> kinds, boolean enabled) {
    NotificationTargetRow row =
        fixtures.webhook(name, "webhook", "http://127.0.0.1:9/", null, null);
    fixtures.jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE notification_targets SET event_types = CAST(:events AS text[]),"
                        + " asset_kinds = CAST(:kinds AS text[]), enabled = :enabled WHERE id ="
                        + " :id")
                .bind("events", events.toArray(String[]::new))
                .bind("kinds", kinds.toArray(String[]::new))
                .bind("enabled", enabled)
                .bind("id", row.id())
                .execute());
  }

  @Test
  void readsTheAssetFromTheRunAndPicksTheTargetsThatWantItsKind() {
    UUID asset = fixtures.vmAsset();
    UUID run = UUID.randomUUID();
    fixtures.jdbi.onDemand(RunDao.class).insertPending(run, "backup", asset, "vm-backup-1");
    target("every-failure", List.of("run-failed"), List.of(), true);
    target("vm-failures", List.of("run-failed"), List.of("vm"), true);
    target("device-failures", List.of("run-failed"), List.of("network-device"), true);
    target("warnings-only", List.of("run-completed-with-warnings"), List.of(), true);
    target("switched-off", List.of("run-failed"), List.of(), false);

    NotificationSelection selected =
        selection.selectNotificationTargets(
            NotificationEvent.runEnded(
                NotificationEventType.RUN_FAILED,
                run.toString(),
                "FAILED",
                "It failed.",
                Instant.parse("2026-11-23T10:00:00Z")));

    assertThat(selected.recipients())
        .extracting(NotificationRecipient::name)
        .containsExactly("every-failure", "vm-failures");
    assertThat(selected.event().assetId()).isEqualTo(asset.toString());
    assertThat(selected.event().assetKind()).isEqualTo("vm");
    assertThat(selected.event().assetName()).isEqualTo("vc1/web-01");
    assertThat(selected.event().message()).isEqualTo("It failed.");
  }

  @Test
  void anAlertOnAnAssetWithoutARunIsMatchedByTheAssetId() {
    UUID asset = fixtures.vmAsset();
    target("alerts", List.of("alert-raised"), List.of("vm"), true);

    NotificationSelection selected =
        selection.selectNotificationTargets(
            NotificationEvent.alert(
                NotificationEventType.ALERT_RAISED,
                42L,
                "STALE_BACKUP",
                asset.toString(),
                null,
                "No successful backup of vc1/web-01 for 2 days.",
                Instant.parse("2026-11-23T10:00:00Z")));

    assertThat(selected.recipients())
        .extracting(NotificationRecipient::name)
        .containsExactly("alerts");
    assertThat(selected.event().assetName()).isEqualTo("vc1/web-01");
    assertThat(fixtures.jdbi.onDemand(NotificationDao.class).list()).hasSize(1);
  }
}
