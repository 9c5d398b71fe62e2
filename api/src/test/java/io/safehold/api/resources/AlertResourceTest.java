package io.safehold.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.api.testing.ApiClient;
import io.safehold.api.testing.CatalogFixtures;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertResourceTest {

  private final TestStack stack = TestStack.get();
  private TestStack.Keys keys;
  private UUID asset;

  @BeforeEach
  void reset() {
    keys = stack.reset();
    asset = new CatalogFixtures(stack).device("sw1");
  }

  @Test
  void openAlertsAreListedAndAnOperatorClearsOne() {
    long id =
        stack.services().alerts().raise("snapshot-left-behind", asset, "safehold-r1", null, "left");
    ApiClient viewer = stack.client(keys.viewer());
    ApiClient operator = stack.client(keys.operator());

    HttpResult open = viewer.get("/api/v1/alerts");
    HttpResult viewerClear = viewer.post("/api/v1/alerts/" + id + "/clear");
    HttpResult cleared = operator.post("/api/v1/alerts/" + id + "/clear");
    HttpResult clearedAgain = operator.post("/api/v1/alerts/" + id + "/clear");

    assertThat(open.status()).isEqualTo(200);
    assertThat(open.json().get("items")).hasSize(1);
    assertThat(open.json().get("items").get(0).get("subject").asText()).isEqualTo("safehold-r1");
    assertThat(viewerClear.status()).isEqualTo(403);
    assertThat(cleared.status()).isEqualTo(200);
    assertThat(cleared.json().get("clearedBy").asText()).isEqualTo("api:test-operator");
    assertThat(clearedAgain.status()).isEqualTo(409);
    assertThat(viewer.get("/api/v1/alerts").json().get("items")).isEmpty();
    assertThat(viewer.get("/api/v1/alerts?state=cleared").json().get("items")).hasSize(1);
    assertThat(viewer.get("/api/v1/alerts?state=all").json().get("items")).hasSize(1);
  }

  @Test
  void aBadStateOrUnknownAlertGetsAClearError() {
    ApiClient operator = stack.client(keys.operator());

    HttpResult badState = operator.get("/api/v1/alerts?state=closed");
    HttpResult unknown = operator.post("/api/v1/alerts/999/clear");
    HttpResult notANumber = operator.post("/api/v1/alerts/abc/clear");

    assertThat(badState.status()).isEqualTo(400);
    assertThat(badState.json().get("message").asText()).contains("state");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(notANumber.status()).isEqualTo(404);
  }

  @Test
  void anOperatorAcknowledgesWithACommentAndTheAlertsLifeIsListed() {
    long id = stack.services().alerts().raise("NO_BACKUP", asset, "", null, "never backed up");
    ApiClient viewer = stack.client(keys.viewer());
    ApiClient operator = stack.client(keys.operator());

    HttpResult noComment = operator.post("/api/v1/alerts/" + id + "/ack", "{}");
    HttpResult viewerAck = viewer.post("/api/v1/alerts/" + id + "/ack", "{\"comment\": \"x\"}");
    HttpResult acked =
        operator.post("/api/v1/alerts/" + id + "/ack", "{\"comment\": \"new NAS arrives Monday\"}");
    HttpResult again = operator.post("/api/v1/alerts/" + id + "/ack", "{\"comment\": \"again\"}");

    assertThat(noComment.status()).isEqualTo(400);
    assertThat(noComment.message()).contains("'comment'");
    assertThat(viewerAck.status()).isEqualTo(403);
    assertThat(acked.status()).isEqualTo(200);
    assertThat(acked.json().get("ackedBy").asText()).isEqualTo("api:test-operator");
    assertThat(acked.json().get("ackComment").asText()).isEqualTo("new NAS arrives Monday");
    assertThat(again.status()).isEqualTo(409);
    assertThat(viewer.get("/api/v1/alerts").json().get("items")).isEmpty();
    assertThat(viewer.get("/api/v1/alerts?state=acknowledged").json().get("items")).hasSize(1);

    operator.post("/api/v1/alerts/" + id + "/clear");
    HttpResult events = viewer.get("/api/v1/alerts/" + id + "/events");
    assertThat(events.status()).isEqualTo(200);
    assertThat(events.json().get("items").findValuesAsText("type"))
        .containsExactly("raise", "ack", "clear");
    assertThat(events.json().get("items").get(1).get("actor").asText())
        .isEqualTo("api:test-operator");
    assertThat(events.json().get("items").get(1).get("at").asText()).isNotEmpty();
    assertThat(viewer.get("/api/v1/alerts/4242/events").status()).isEqualTo(404);
  }
}
