package io.safehold.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.safehold.api.testing.ApiClient;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import io.safehold.catalog.NotificationDao;
import io.safehold.catalog.NotificationTargetRow;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotificationTargetResourceTest {

  private static final String SLACK_PATH = "/services/T000/B000/s3cr3tT0ken";

  private final TestStack stack = TestStack.get();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private TestStack.Keys keys;
  private ApiClient admin;
  private HttpServer receiver;
  private volatile int answer = 200;

  @BeforeEach
  void reset() throws Exception {
    keys = stack.reset();
    admin = stack.client(keys.admin());
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            received.add(
                exchange.getRequestURI().getPath()
                    + " "
                    + exchange.getRequestHeaders().getFirst("X-Safehold-Token")
                    + " "
                    + new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
          exchange.sendResponseHeaders(answer, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
  }

  private String receiverUrl(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  private String credential(String name, String secret) {
    return admin
        .post(
            "/api/v1/credentials",
            "{\"name\":\""
                + name
                + "\",\"kind\":\"password\",\"username\":\"safehold\","
                + "\"secret\":\""
                + secret
                + "\"}")
        .json()
        .get("id")
        .asText();
  }

  private HttpResult createWebhook(String name, String url, String more) {
    return admin.post(
        "/api/v1/notification-targets",
        "{\"name\":\""
            + name
            + "\",\"kind\":\"webhook\",\"url\":\""
            + url
            + "\","
            + "\"events\":[\"run-failed\",\"alert-raised\"]"
            + (more.isEmpty() ? "" : "," + more)
            + "}");
  }

  @Test
  void anAdminCreatesAWebhookThatShowsOnlyItsOriginAndTestsIt() {
    String token = credential("hook-token", "t0ken-value");
    HttpResult created =
        createWebhook(
            "ops-hook",
            receiverUrl("/hooks/safehold?key=abc"),
            "\"secretHeader\":\"X-Safehold-Token\",\"credentialId\":\""
                + token
                + "\","
                + "\"assetKinds\":[\"vm\"]");

    assertThat(created.status()).isEqualTo(201);
    JsonNode view = created.json();
    String id = view.get("id").asText();
    assertThat(created.header("Location")).endsWith("/api/v1/notification-targets/" + id);
    assertThat(view.get("urlOrigin").asText())
        .isEqualTo("http://127.0.0.1:" + receiver.getAddress().getPort());
    assertThat(created.body()).doesNotContain("/hooks/safehold").doesNotContain("key=abc");
    assertThat(view.get("events").toString()).isEqualTo("[\"run-failed\",\"alert-raised\"]");
    assertThat(view.get("assetKinds").toString()).isEqualTo("[\"vm\"]");
    assertThat(view.get("enabled").asBoolean()).isTrue();
    assertThat(
            stack
                .client(keys.viewer())
                .get("/api/v1/notification-targets/ops-hook")
                .json()
                .get("id")
                .asText())
        .isEqualTo(id);

    HttpResult tested = admin.post("/api/v1/notification-targets/ops-hook/test");

    assertThat(tested.status()).isEqualTo(200);
    assertThat(tested.json().get("delivered").asBoolean()).isTrue();
    assertThat(tested.json().get("answer").asText()).isEqualTo("HTTP 200");
    assertThat(received)
        .singleElement()
        .asString()
        .startsWith("/hooks/safehold t0ken-value {")
        .contains("\"event\":\"test\"")
        .contains("target 'ops-hook'");
    JsonNode deliveries =
        stack
            .client(keys.viewer())
            .get("/api/v1/notification-targets/" + id + "/deliveries")
            .json()
            .get("items");
    assertThat(deliveries).hasSize(1);
    assertThat(deliveries.get(0).get("event").asText()).isEqualTo("test");
    assertThat(deliveries.get(0).get("delivered").asBoolean()).isTrue();

    List<String> audited =
        stack.services().audit().list(Long.MAX_VALUE, 10).stream()
            .map(a -> a.action() + " " + a.result())
            .toList();
    assertThat(audited)
        .contains(
            "POST /api/v1/notification-targets 201",
            "POST /api/v1/notification-targets/{target}/test 200");
  }

  @Test
  void theSlackUrlIsSealedInTheCatalogAndAFailedTestAnswers502WithTheReason() {
    answer = 404;
    HttpResult created =
        admin.post(
            "/api/v1/notification-targets",
            "{\"name\":\"ops-slack\",\"kind\":\"slack\",\"url\":\"https://hooks.slack.com"
                + SLACK_PATH
                + "\",\"events\":[\"run-failed\"]}");
    assertThat(created.status()).isEqualTo(201);
    NotificationTargetRow row =
        stack
            .services()
            .jdbi()
            .onDemand(NotificationDao.class)
            .findByName("ops-slack")
            .orElseThrow();
    assertThat(new String(row.urlEnc(), StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3tT0ken");
    assertThat(row.urlOrigin()).isEqualTo("https://hooks.slack.com");

    String hook = createWebhook("old-hook", receiverUrl("/gone"), "").json().get("id").asText();
    HttpResult tested = admin.post("/api/v1/notification-targets/" + hook + "/test");

    assertThat(tested.status()).isEqualTo(502);
    assertThat(tested.code()).isEqualTo(NotificationTargetResource.NOT_DELIVERED);
    assertThat(tested.message())
        .startsWith("Webhook 'old-hook' at http://127.0.0.1:")
        .contains("answered HTTP 404");
  }

  @Test
  void anEmailTargetNormalisesItsPinAndDefaultsToPort587WithStartTlsRequired() {
    String login = credential("mail-login", "mail-pass");
    HttpResult created =
        admin.post(
            "/api/v1/notification-targets",
            "{\"name\":\"ops-mail\",\"kind\":\"email\",\"smtpHost\":\"mail.example.com\","
                + "\"from\":\"safehold@example.com\",\"to\":[\"ops@example.com\"],"
                + "\"credentialId\":\""
                + login
                + "\",\"tlsCertificateSha256\":\""
                + "ab".repeat(32)
                + "\",\"events\":[\"alert-raised\",\"alert-cleared\"]}");

    assertThat(created.status()).isEqualTo(201);
    JsonNode view = created.json();
    assertThat(view.get("smtpPort").asInt()).isEqualTo(587);
    assertThat(view.get("requireStartTls").asBoolean()).isTrue();
    assertThat(view.get("tlsCertificateSha256").asText()).isEqualTo("AB:".repeat(31) + "AB");
    assertThat(view.get("to").toString()).isEqualTo("[\"ops@example.com\"]");
    assertThat(created.body()).doesNotContain("mail-pass");

    HttpResult deleteLogin = admin.delete("/api/v1/credentials/mail-login");
    assertThat(deleteLogin.status()).isEqualTo(409);
    assertThat(deleteLogin.message()).contains("notification target(s) 'ops-mail'");

    assertThat(admin.delete("/api/v1/notification-targets/ops-mail").status()).isEqualTo(204);
    assertThat(admin.get("/api/v1/notification-targets/ops-mail").status()).isEqualTo(404);
    assertThat(admin.delete("/api/v1/credentials/mail-login").status()).isEqualTo(204);
  }

  @Test
  void badInputIsRefusedNamingTheField() {
    assertRefused(
        createWebhook("h", "ftp://example.com/x", ""), "field 'url' must use https or http");
    assertRefused(
        admin.post(
            "/api/v1/notification-targets",
            "{\"name\":\"s\",\"kind\":\"slack\",\"url\":\"http://hooks.slack.com/x\","
                + "\"events\":[\"run-failed\"]}"),
        "field 'url' must use https");
    assertRefused(
        admin.post(
            "/api/v1/notification-targets",
            "{\"name\":\"h\",\"kind\":\"webhook\",\"url\":\"https://example.com/\","
                + "\"events\":[\"run-exploded\"]}"),
        "field 'events' holds unknown event type(s) [run-exploded]");
    assertRefused(
        createWebhook("h", "https://example.com/", "\"secretHeader\":\"X-Token\""),
        "field 'credentialId' is required with 'secretHeader'");
    assertRefused(
        createWebhook("h", "https://example.com/", "\"smtpHost\":\"mail.example.com\""),
        "field 'smtpHost' only applies to kind email");
    assertRefused(
        createWebhook("h", "https://user:pw@example.com/", ""),
        "field 'url' must not carry a user name or password");
    assertRefused(
        admin.post(
            "/api/v1/notification-targets",
            "{\"name\":\"m\",\"kind\":\"email\",\"smtpHost\":\"mail.example.com\","
                + "\"from\":\"safehold@example.com\",\"to\":[\"not an address\"],"
                + "\"events\":[\"run-failed\"]}"),
        "field 'to' holds 'not an address'");
    assertRefused(
        admin.post(
            "/api/v1/notification-targets",
            "{\"name\":\"m\",\"kind\":\"email\",\"smtpHost\":\"mail.example.com\","
                + "\"from\":\"safehold@example.com\",\"to\":[\"ops@example.com\"],"
                + "\"tlsCertificateSha256\":\"abcd\",\"events\":[\"run-failed\"]}"),
        "field 'tlsCertificateSha256' must be a SHA-256 (32 bytes), got 2 bytes");
    HttpResult noEvents =
        admin.post(
            "/api/v1/notification-targets",
            "{\"name\":\"h\",\"kind\":\"webhook\",\"url\":\"https://example.com/\"}");
    assertThat(noEvents.status()).isEqualTo(400);
    assertThat(noEvents.message()).contains("events");
    assertThat(stack.services().jdbi().onDemand(NotificationDao.class).list()).isEmpty();
  }

  @Test
  void changesAndTestsNeedAdminAndReadingNeedsViewer() {
    String id = createWebhook("ops-hook", receiverUrl("/h"), "").json().get("id").asText();
    ApiClient operator = stack.client(keys.operator());

    assertThat(createWebhook("other", receiverUrl("/h"), "").status()).isEqualTo(201);
    assertThat(
            operator
                .post(
                    "/api/v1/notification-targets",
                    "{\"name\":\"x\",\"kind\":\"webhook\",\"url\":\"https://example.com/\","
                        + "\"events\":[\"run-failed\"]}")
                .status())
        .isEqualTo(403);
    assertThat(operator.post("/api/v1/notification-targets/" + id + "/test").status())
        .isEqualTo(403);
    assertThat(operator.delete("/api/v1/notification-targets/" + id).status()).isEqualTo(403);
    assertThat(stack.client(keys.viewer()).get("/api/v1/notification-targets").json().get("items"))
        .hasSize(2);
    assertThat(received).isEmpty();
    assertThat(admin.get("/api/v1/notification-targets/" + UUID.randomUUID()).status())
        .isEqualTo(404);
  }

  private static void assertRefused(HttpResult result, String messageStart) {
    assertThat(result.status()).as(result.body()).isEqualTo(400);
    assertThat(result.code()).isEqualTo("invalid_field");
    assertThat(result.message()).startsWith(messageStart);
  }
}
