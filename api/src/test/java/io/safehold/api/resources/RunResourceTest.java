package io.safehold.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.safehold.api.testing.ApiClient;
import io.safehold.api.testing.CatalogFixtures;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import io.safehold.catalog.ArtifactRow;
import io.safehold.catalog.RunDao;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RunResourceTest {

  private final TestStack stack = TestStack.get();
  private ApiClient viewer;
  private String viewerKey;
  private RunDao runs;
  private UUID sw1;
  private UUID sw2;

  @BeforeEach
  void reset() {
    viewerKey = stack.reset().viewer();
    viewer = stack.client(viewerKey);
    runs = stack.services().runs();
    CatalogFixtures fixtures = new CatalogFixtures(stack);
    sw1 = fixtures.device("sw1");
    sw2 = fixtures.device("sw2");
  }

  @Test
  void runShowsEverythingTheCatalogKnows() {
    UUID id = UUID.randomUUID();
    runs.insertPending(id, "backup", sw1, "device-backup-" + id);
    runs.markRunning(id, "temporal-run-1");
    runs.setProgress(id, 3L, 10L);
    runs.insertArtifacts(List.of(new ArtifactRow(id, "configs/x/sw_1.txt", 120, "ab".repeat(32))));
    runs.finish(id, "COMPLETED", null, 120, "{\"configVersion\":1,\"unchanged\":false}");

    JsonNode run = viewer.get("/api/v1/runs/" + id).json();

    assertThat(run.get("id").asText()).isEqualTo(id.toString());
    assertThat(run.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(run.get("assetId").asText()).isEqualTo(sw1.toString());
    assertThat(run.get("temporalRunId").asText()).isEqualTo("temporal-run-1");
    assertThat(run.get("progress").get("done").asLong()).isEqualTo(3);
    assertThat(run.get("progress").get("total").asLong()).isEqualTo(10);
    assertThat(run.get("startedAt").asText()).endsWith("Z");
    assertThat(run.get("finishedAt").isNull()).isFalse();
    assertThat(run.get("result").get("configVersion").asInt()).isEqualTo(1);
    assertThat(run.get("artifacts").get(0).get("key").asText()).isEqualTo("configs/x/sw_1.txt");
    assertThat(run.get("artifacts").get(0).get("size").asLong()).isEqualTo(120);
    assertThat(run.get("artifacts").get(0).get("sha256").asText()).isEqualTo("ab".repeat(32));
    assertThat(run.get("source").asText()).isEqualTo("workflow");
  }

  @Test
  void eventsAreTheSessionLogInOrder() {
    UUID id = UUID.randomUUID();
    runs.insertPending(id, "backup", sw1, "wf");
    runs.insertEvent(id, "connect", "connecting to 127.0.0.1:22");
    runs.insertEvent(id, "command", "show running-config");
    runs.insertEvent(id, "success", "stored version 1");

    JsonNode events = viewer.get("/api/v1/runs/" + id + "/events").json().get("items");

    assertThat(events).hasSize(3);
    assertThat(events.get(0).get("type").asText()).isEqualTo("connect");
    assertThat(events.get(2).get("message").asText()).isEqualTo("stored version 1");
    assertThat(events.get(1).get("at").asText()).isNotBlank();
  }

  @Test
  @Timeout(60)
  void streamFollowsTheRunLiveUntilItEnds() throws Exception {
    UUID id = UUID.randomUUID();
    runs.insertPending(id, "backup", sw1, "wf-" + id);
    HttpResponse<Stream<String>> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + stack.app().getLocalPort()
                                + "/api/v1/runs/"
                                + id
                                + "/stream"))
                    .header("X-API-Key", viewerKey)
                    .build(),
                HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    Iterator<String> lines = response.body().iterator();

    assertThat(nextData(lines, "run")).contains("\"status\":\"PENDING\"");
    runs.markRunning(id, "temporal-run");
    runs.insertEvent(id, "connect", "connecting to 127.0.0.1:22");
    runs.finish(id, "COMPLETED", null, 42, null);

    List<String> rest = new ArrayList<>();
    lines.forEachRemaining(rest::add);
    String remainder = String.join("\n", rest);
    assertThat(remainder)
        .contains("event: log\ndata: {")
        .contains("connecting to 127.0.0.1:22")
        .contains("\"status\":\"COMPLETED\"")
        .endsWith("event: end\ndata: {\"status\":\"COMPLETED\"}\n");
  }

  @Test
  void unknownRunIs404() {
    assertThat(viewer.get("/api/v1/runs/" + UUID.randomUUID()).status()).isEqualTo(404);
    assertThat(viewer.get("/api/v1/runs/not-a-uuid").status()).isEqualTo(404);
    assertThat(viewer.get("/api/v1/runs/" + UUID.randomUUID() + "/events").status()).isEqualTo(404);
  }

  @Test
  void listFiltersByAssetStatusAndKind() {
    UUID done = run("backup", sw1, "COMPLETED");
    UUID failed = run("backup", sw1, "FAILED");
    UUID other = run("backup", sw2, "COMPLETED");
    UUID restore = run("restore", sw1, "COMPLETED");

    assertThat(ids("/api/v1/runs?assetId=" + sw1)).containsExactlyInAnyOrder(done, failed, restore);
    assertThat(ids("/api/v1/runs?status=COMPLETED&kind=backup"))
        .containsExactlyInAnyOrder(done, other);
    assertThat(ids("/api/v1/runs?kind=restore")).containsExactly(restore);
    assertThat(ids("/api/v1/runs?status=FAILED&assetId=" + sw2)).isEmpty();
  }

  @Test
  void cursorWalksEveryRunOnceNewestFirst() {
    Set<UUID> created = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      created.add(run("backup", sw1, "COMPLETED"));
    }

    List<UUID> seen = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 10; page++) {
      JsonNode body =
          viewer.get("/api/v1/runs?limit=3" + (cursor == null ? "" : "&cursor=" + cursor)).json();
      body.get("items").forEach(r -> seen.add(UUID.fromString(r.get("id").asText())));
      if (body.get("nextCursor").isNull()) {
        break;
      }
      cursor = body.get("nextCursor").asText();
    }

    assertThat(seen).hasSize(7).doesNotHaveDuplicates();
    assertThat(new HashSet<>(seen)).isEqualTo(created);
  }

  @Test
  void badFiltersAre400NamingTheParameter() {
    HttpResult status = viewer.get("/api/v1/runs?status=DONE");
    HttpResult asset = viewer.get("/api/v1/runs?assetId=sw1");
    HttpResult limit = viewer.get("/api/v1/runs?limit=100000");
    HttpResult cursor = viewer.get("/api/v1/runs?cursor=garbage");

    assertThat(status.status()).isEqualTo(400);
    assertThat(status.message()).contains("'status'").contains("COMPLETED_WITH_WARNINGS");
    assertThat(asset.status()).isEqualTo(400);
    assertThat(asset.message()).contains("'assetId'");
    assertThat(limit.status()).isEqualTo(400);
    assertThat(limit.message()).contains("'limit'");
    assertThat(cursor.status()).isEqualTo(400);
    assertThat(cursor.message()).contains("'cursor'");
  }

  /** The data line of the next event of the given type. */
  private static String nextData(Iterator<String> lines, String event) {
    while (lines.hasNext()) {
      if (lines.next().equals("event: " + event) && lines.hasNext()) {
        return lines.next();
      }
    }
    throw new AssertionError("the stream ended before an event '" + event + "'");
  }

  private UUID run(String kind, UUID asset, String status) {
    UUID id = UUID.randomUUID();
    runs.insertPending(id, kind, asset, "wf-" + id);
    runs.finish(id, status, status.equals("FAILED") ? "device unreachable" : null, 10, null);
    return id;
  }

  private List<UUID> ids(String path) {
    HttpResult result = viewer.get(path);
    assertThat(result.status()).as(result.body()).isEqualTo(200);
    List<UUID> ids = new ArrayList<>();
    result.json().get("items").forEach(r -> ids.add(UUID.fromString(r.get("id").asText())));
    return ids;
  }
}
