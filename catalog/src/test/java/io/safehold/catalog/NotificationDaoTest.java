package io.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.safehold.catalog.testing.TestDatabase;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotificationDaoTest {

  private NotificationDao notifications;

  @BeforeEach
  void setUp() {
    notifications = TestDatabase.get().fresh().jdbi().onDemand(NotificationDao.class);
  }

  private UUID webhook(String name, List<String> events, List<String> kinds, boolean enabled) {
    UUID id = UUID.randomUUID();
    notifications.insert(
        new NotificationTargetRow(
            id,
            name,
            "webhook",
            new byte[] {1, 2},
            "http://127.0.0.1:9",
            null,
            null,
            null,
            true,
            null,
            null,
            null,
            null,
            events,
            kinds,
            enabled,
            null));
    return id;
  }

  @Test
  void storesAnEmailTargetAndReadsItBack() {
    UUID id = UUID.randomUUID();
    notifications.insert(
        new NotificationTargetRow(
            id,
            "ops-mail",
            "email",
            null,
            null,
            null,
            "mail.example.com",
            587,
            true,
            "AB:CD",
            "safehold@example.com",
            List.of("a@example.com", "b@example.com"),
            null,
            List.of("run-failed"),
            List.of(),
            true,
            null));

    NotificationTargetRow row = notifications.find(id).orElseThrow();

    assertThat(row.isEmail()).isTrue();
    assertThat(row.smtpPort()).isEqualTo(587);
    assertThat(row.smtpTlsSha256()).isEqualTo("AB:CD");
    assertThat(row.mailTo()).containsExactly("a@example.com", "b@example.com");
    assertThat(row.eventTypes()).containsExactly("run-failed");
    assertThat(row.assetKinds()).isEmpty();
    assertThat(row.createdAt()).isNotNull();
    assertThat(notifications.findByName("ops-mail")).isPresent();
  }

  @Test
  void matchesByEventTypeEnabledAndAssetKind() {
    webhook("all-failures", List.of("run-failed"), List.of(), true);
    webhook("vm-failures", List.of("run-failed", "alert-raised"), List.of("vm"), true);
    webhook("device-failures", List.of("run-failed"), List.of("network-device"), true);
    webhook("disabled", List.of("run-failed"), List.of(), false);

    assertThat(notifications.matching("run-failed", "vm"))
        .extracting(NotificationTargetRow::name)
        .containsExactly("all-failures", "vm-failures");
    assertThat(notifications.matching("alert-raised", "vm"))
        .extracting(NotificationTargetRow::name)
        .containsExactly("vm-failures");
    assertThat(notifications.matching("run-failed", null))
        .extracting(NotificationTargetRow::name)
        .containsExactly("all-failures");
    assertThat(notifications.matching("alert-cleared", "vm")).isEmpty();
  }

  @Test
  void keepsADeliveryLogNewestFirstThatGoesWithItsTarget() {
    UUID id = webhook("hook", List.of("run-failed"), List.of(), true);
    notifications.recordDelivery(id, "run-failed", null, 1, false, "HTTP 503");
    notifications.recordDelivery(id, "run-failed", null, 2, true, "HTTP 200");

    assertThat(notifications.deliveries(id, 10))
        .extracting(NotificationDeliveryRow::detail)
        .containsExactly("HTTP 200", "HTTP 503");

    assertThat(notifications.delete(id)).isTrue();
    assertThat(notifications.deliveries(id, 10)).isEmpty();
  }

  @Test
  void aWebhookWithoutAUrlIsRefusedByTheSchema() {
    assertThatThrownBy(
            () ->
                notifications.insert(
                    new NotificationTargetRow(
                        UUID.randomUUID(),
                        "broken",
                        "webhook",
                        null,
                        null,
                        null,
                        null,
                        null,
                        true,
                        null,
                        null,
                        null,
                        null,
                        List.of("run-failed"),
                        List.of(),
                        true,
                        null)))
        .hasMessageContaining("notification_targets_check");
  }
}
