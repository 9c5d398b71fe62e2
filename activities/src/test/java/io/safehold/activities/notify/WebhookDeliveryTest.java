package io.safehold.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.safehold.catalog.NotificationDao;
import io.safehold.catalog.NotificationDeliveryRow;
import io.safehold.catalog.NotificationTargetRow;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.workflows.notify.NotificationActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook, Slack and Teams deliveries to a real HTTP server on 127.0.0.1. */
class WebhookDeliveryTest {

  /** Slack-style URL whose path is the secret: it must never appear in a message. */
  private static final String SECRET_PATH = "/services/T000/B000/s3cr3tT0ken";

  private final ObjectMapper json = new ObjectMapper();
  private NotifyFixtures fixtures;
  private WebhookReceiver receiver;
  private TestActivityEnvironment env;
  private NotificationActivities activities;

  @BeforeEach
  void setUp() throws Exception {
    fixtures = new NotifyFixtures(TestDatabase.get().fresh().jdbi());
    receiver = new WebhookReceiver();
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new NotificationActivitiesImpl(
            fixtures.jdbi, new NotificationSender(fixtures.jdbi, fixtures.vault)));
    activities =
        env.newActivityStub(
            NotificationActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
    receiver.close();
  }

  @Test
  void aGenericWebhookGetsTheEventAsJsonWithTheSecretHeaderAndTheAttemptIsLogged()
      throws Exception {
    UUID token = fixtures.credential("hook-token", "unused", "Bearer hunter2");
    NotificationTargetRow target =
        fixtures.webhook(
            "ops-hook", "webhook", receiver.url("/hooks/safehold"), "Authorization", token);

    activities.deliverNotification(target.id().toString(), NotifyFixtures.runFailed("run-7"));

    assertThat(receiver.received)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.method()).isEqualTo("POST");
              assertThat(r.path()).isEqualTo("/hooks/safehold");
              assertThat(r.headers().getFirst("Authorization")).isEqualTo("Bearer hunter2");
              assertThat(r.headers().getFirst("Content-Type")).startsWith("application/json");
              assertThat(r.body()).doesNotContain("hunter2");
            });
    JsonNode body = json.readTree(receiver.received.get(0).body());
    assertThat(body.path("source").asText()).isEqualTo("safehold");
    assertThat(body.path("event").asText()).isEqualTo("run-failed");
    assertThat(body.path("title").asText()).isEqualTo("Backup failed: vc1/web-01");
    assertThat(body.path("message").asText()).startsWith("Reading disk 1 of 2 failed");
    assertThat(body.path("run").path("id").asText()).isEqualTo("run-7");
    assertThat(body.path("run").path("status").asText()).isEqualTo("FAILED");
    assertThat(body.path("asset").path("kind").asText()).isEqualTo("vm");
    assertThat(body.path("asset").path("name").asText()).isEqualTo("vc1/web-01");
    assertThat(body.path("occurredAt").asText()).isEqualTo("2026-11-23T10:15:30Z");

    assertThat(fixtures.jdbi.onDemand(NotificationDao.class).deliveries(target.id(), 10))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.delivered()).isTrue();
              assertThat(d.detail()).isEqualTo("HTTP 204");
              assertThat(d.eventType()).isEqualTo("run-failed");
            });
  }

  @Test
  void slackGetsTextAndBlocks() throws Exception {
    NotificationTargetRow target =
        fixtures.webhook("ops-slack", "slack", receiver.url(SECRET_PATH), null, null);
    receiver.answer(200, "ok");

    activities.deliverNotification(target.id().toString(), NotifyFixtures.runFailed("run-7"));

    JsonNode body = json.readTree(receiver.received.get(0).body());
    assertThat(body.path("text").asText())
        .startsWith("Backup failed: vc1/web-01: Reading disk 1 of 2 failed");
    assertThat(body.path("blocks").get(0).path("type").asText()).isEqualTo("header");
    assertThat(body.path("blocks").get(0).path("text").path("text").asText())
        .isEqualTo("Backup failed: vc1/web-01");
    assertThat(body.path("blocks").get(1).path("text").path("type").asText()).isEqualTo("mrkdwn");
    assertThat(body.path("blocks").get(2).path("elements").get(0).path("text").asText())
        .contains("Run: run-7")
        .contains("Status: FAILED");
  }

  @Test
  void teamsGetsAnAdaptiveCard() throws Exception {
    NotificationTargetRow target =
        fixtures.webhook("ops-teams", "teams", receiver.url("/workflows/abc"), null, null);
    receiver.answer(202, "");

    activities.deliverNotification(target.id().toString(), NotifyFixtures.runFailed("run-7"));

    JsonNode body = json.readTree(receiver.received.get(0).body());
    assertThat(body.path("type").asText()).isEqualTo("message");
    JsonNode attachment = body.path("attachments").get(0);
    assertThat(attachment.path("contentType").asText())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    JsonNode card = attachment.path("content");
    assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.path("body").get(0).path("text").asText())
        .isEqualTo("Backup failed: vc1/web-01");
    assertThat(card.path("body").get(2).path("facts"))
        .anySatisfy(
            f -> {
              assertThat(f.path("title").asText()).isEqualTo("Run");
              assertThat(f.path("value").asText()).isEqualTo("run-7");
            });
  }

  @Test
  void aNotFoundIsRejectedForGoodWithoutNamingTheSecretPath() {
    NotificationTargetRow target =
        fixtures.webhook("ops-slack", "slack", receiver.url(SECRET_PATH), null, null);
    receiver.answer(404, "no_service");

    ApplicationFailure failure = deliverExpectingFailure(target);

    assertThat(failure.getType()).isEqualTo(NotificationActivities.REJECTED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .startsWith(
            "Slack webhook 'ops-slack' at http://127.0.0.1:"
                + receiver.url("").split(":")[2]
                + " answered HTTP 404 (no_service); retrying cannot change that")
        .doesNotContain("s3cr3tT0ken");
    NotificationDeliveryRow logged =
        fixtures.jdbi.onDemand(NotificationDao.class).deliveries(target.id(), 10).get(0);
    assertThat(logged.delivered()).isFalse();
    assertThat(logged.detail()).isEqualTo(failure.getOriginalMessage());
  }

  @Test
  void aServerErrorIsRetryable() {
    NotificationTargetRow target =
        fixtures.webhook("ops-hook", "webhook", receiver.url("/hook"), null, null);
    receiver.answer(503, "maintenance");

    ApplicationFailure failure = deliverExpectingFailure(target);

    assertThat(failure.getType()).isEqualTo(NotificationActivities.NOT_DELIVERED);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).endsWith("answered HTTP 503 (maintenance).");
  }

  @Test
  void aReceiverThatIsNotListeningIsRetryable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    NotificationTargetRow target =
        fixtures.webhook(
            "ops-hook", "webhook", "http://127.0.0.1:" + closedPort + "/hook", null, null);

    ApplicationFailure failure = deliverExpectingFailure(target);

    assertThat(failure.getType()).isEqualTo(NotificationActivities.NOT_DELIVERED);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage())
        .startsWith(
            "Webhook 'ops-hook' at http://127.0.0.1:" + closedPort + " could not be reached");
  }

  @Test
  void aDeletedTargetIsGoneForGood() {
    ApplicationFailure failure = deliverExpectingFailure(UUID.randomUUID().toString());

    assertThat(failure.getType()).isEqualTo(NotificationActivities.TARGET_GONE);
    assertThat(failure.isNonRetryable()).isTrue();
  }

  private ApplicationFailure deliverExpectingFailure(NotificationTargetRow target) {
    return deliverExpectingFailure(target.id().toString());
  }

  private ApplicationFailure deliverExpectingFailure(String targetId) {
    ActivityFailure failure =
        catchThrowableOfType(
            ActivityFailure.class,
            () -> activities.deliverNotification(targetId, NotifyFixtures.runFailed("run-7")));
    assertThat(failure).isNotNull();
    assertThat(failure.getCause()).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) failure.getCause();
  }
}
