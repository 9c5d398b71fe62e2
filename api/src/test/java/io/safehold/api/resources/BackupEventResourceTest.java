package io.safehold.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.safehold.api.testing.ApiClient;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import io.safehold.catalog.AwarenessDao;
import io.safehold.catalog.RunRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackupEventResourceTest {

  private final TestStack stack = TestStack.get();
  private TestStack.Keys keys;
  private ApiClient operator;

  @BeforeEach
  void reset() {
    keys = stack.reset();
    operator = stack.client(keys.operator());
  }

  @Test
  void startedThenCompletedIsOneRunThatAppearsBesideTheOthers() {
    HttpResult started =
        operator.post(
            "/api/v1/backup-events",
            """
            {"asset": "engine01", "scope": "db", "status": "started", "host": "engine01.lan",
             "logPath": "/var/log/engine-backup.log", "at": "2026-11-20T02:00:00Z"}
            """);
    HttpResult completed =
        operator.post(
            "/api/v1/backup-events",
            """
            {"asset": "engine01", "scope": "db", "status": "completed",
             "message": "engine-backup done", "at": "2026-11-20T02:10:00Z"}
            """);

    assertThat(started.status()).isEqualTo(201);
    assertThat(started.json().get("status").asText()).isEqualTo("RUNNING");
    assertThat(completed.status()).isEqualTo(200);
    String runId = started.json().get("runId").asText();
    assertThat(completed.json().get("runId").asText()).isEqualTo(runId);

    JsonNode run = operator.get("/api/v1/runs/" + runId).json();
    assertThat(run.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(run.get("source").asText()).isEqualTo("event");
    assertThat(run.get("scope").asText()).isEqualTo("db");
    assertThat(run.get("startedAt").asText()).isEqualTo("2026-11-20T02:00:00Z");
    assertThat(run.get("finishedAt").asText()).isEqualTo("2026-11-20T02:10:00Z");
    assertThat(
            operator
                .get("/api/v1/runs?assetId=" + started.json().get("assetId").asText())
                .json()
                .get("items"))
        .hasSize(1);
    RunRow row = stack.services().runs().find(UUID.fromString(runId)).orElseThrow();
    assertThat(row.scope()).isEqualTo("db");
    assertThat(row.result())
        .contains("engine01.lan", "/var/log/engine-backup.log", "engine-backup done");
    assertThat(stack.services().runs().events(row.id()))
        .extracting(e -> e.type())
        .containsExactly("info", "success");
  }

  @Test
  void theToolsRunIdLinksCompletedToItsStartEvenWithAnotherRunOpen() {
    post("{\"asset\": \"nas\", \"status\": \"started\", \"runId\": \"job-1\"}");
    HttpResult second = post("{\"asset\": \"nas\", \"status\": \"started\", \"runId\": \"job-2\"}");
    HttpResult failed =
        post(
            "{\"asset\": \"nas\", \"status\": \"failed\", \"runId\": \"job-1\", \"message\": \"disk"
                + " full\"}");

    assertThat(failed.status()).isEqualTo(200);
    RunRow closed = run(failed);
    assertThat(closed.status()).isEqualTo("FAILED");
    assertThat(closed.error()).isEqualTo("disk full");
    assertThat(run(second).status()).isEqualTo("RUNNING");
  }

  @Test
  void withoutARunIdTheNewestOpenRunOfTheAssetAndScopeCloses() {
    HttpResult older =
        post(
            "{\"asset\": \"db1\", \"scope\": \"files\", \"status\": \"started\", \"at\":"
                + " \"2026-11-20T01:00:00Z\"}");
    HttpResult newer =
        post(
            "{\"asset\": \"db1\", \"scope\": \"files\", \"status\": \"started\", \"at\":"
                + " \"2026-11-20T02:00:00Z\"}");
    HttpResult otherScope =
        post("{\"asset\": \"db1\", \"scope\": \"db\", \"status\": \"started\"}");

    HttpResult done = post("{\"asset\": \"db1\", \"scope\": \"files\", \"status\": \"completed\"}");

    assertThat(done.json().get("runId")).isEqualTo(newer.json().get("runId"));
    assertThat(run(older).status()).isEqualTo("RUNNING");
    assertThat(run(otherScope).status()).isEqualTo("RUNNING");
  }

  @Test
  void aCompletedEventWithNoOpenRunRecordsAFinishedRunAndReplaysChangeNothing() {
    String event =
        "{\"asset\": \"web\", \"status\": \"completed\", \"at\": \"2026-11-21T03:00:00Z\"}";
    HttpResult first = post(event);
    HttpResult replay = post(event);

    assertThat(first.status()).isEqualTo(201);
    assertThat(run(first).status()).isEqualTo("COMPLETED");
    assertThat(run(first).finishedAt()).isEqualTo(Instant.parse("2026-11-21T03:00:00Z"));
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.json().get("replayed").asBoolean()).isTrue();
    assertThat(replay.json().get("runId")).isEqualTo(first.json().get("runId"));
    assertThat(stack.services().runs().list(null, null, null, null, null, 10)).hasSize(1);

    HttpResult startReplayed =
        post("{\"asset\": \"web\", \"status\": \"started\", \"runId\": \"r9\"}");
    HttpResult startAgain =
        post("{\"asset\": \"web\", \"status\": \"started\", \"runId\": \"r9\"}");
    assertThat(startAgain.json().get("runId")).isEqualTo(startReplayed.json().get("runId"));
    assertThat(stack.services().runs().list(null, null, null, null, null, 10)).hasSize(2);
  }

  @Test
  void badFieldsAreRefusedNamingTheField() {
    assertThat(post("{\"status\": \"started\"}").message()).contains("'asset'");
    assertThat(post("{\"asset\": \"a\", \"status\": \"done\"}").message()).contains("'status'");
    assertThat(post("{\"asset\": \"a\", \"status\": \"started\", \"scope\": \"a b\"}").message())
        .contains("'scope'");
    assertThat(post("{\"asset\": \"a\", \"status\": \"started\", \"at\": \"yesterday\"}").message())
        .contains("'at'");
    String future = Instant.now().plus(Duration.ofDays(1)).toString();
    HttpResult ahead =
        post("{\"asset\": \"a\", \"status\": \"started\", \"at\": \"" + future + "\"}");
    assertThat(ahead.status()).isEqualTo(400);
    assertThat(ahead.message()).contains("future");
    HttpResult unknown = post("{\"asset\": \"a\", \"status\": \"started\", \"colour\": \"red\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).contains("colour");
    assertThat(stack.services().runs().list(null, null, null, null, null, 10)).isEmpty();
  }

  @Test
  void anIngestKeyReportsForItsOwnAssetOnlyAndStopsWhenRevoked() {
    ApiClient admin = stack.client(keys.admin());
    HttpResult created =
        admin.post("/api/v1/ingest-keys", "{\"asset\": \"engine01\", \"name\": \"engine01 cron\"}");
    assertThat(created.status()).isEqualTo(201);
    ApiClient ingest = stack.client(created.json().get("key").asText());
    post("{\"asset\": \"other\", \"status\": \"started\"}");

    HttpResult own =
        ingest.post("/api/v1/backup-events", "{\"asset\": \"engine01\", \"status\": \"started\"}");
    HttpResult foreign =
        ingest.post("/api/v1/backup-events", "{\"asset\": \"other\", \"status\": \"completed\"}");
    HttpResult newAsset =
        ingest.post("/api/v1/backup-events", "{\"asset\": \"brand-new\", \"status\": \"started\"}");
    HttpResult elsewhere = ingest.get("/api/v1/runs");
    HttpResult viewer =
        stack
            .client(keys.viewer())
            .post("/api/v1/backup-events", "{\"asset\": \"engine01\", \"status\": \"started\"}");
    HttpResult stranger =
        stack
            .client("sh_not-a-key")
            .post("/api/v1/backup-events", "{\"asset\": \"engine01\", \"status\": \"started\"}");

    assertThat(own.status()).isEqualTo(201);
    assertThat(own.json().get("assetId")).isEqualTo(created.json().get("assetId"));
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.message()).contains("engine01");
    assertThat(newAsset.status()).isEqualTo(403);
    assertThat(elsewhere.status()).isEqualTo(401);
    assertThat(viewer.status()).isEqualTo(403);
    assertThat(stranger.status()).isEqualTo(401);
    assertThat(admin.get("/api/v1/ingest-keys").json().get("items")).hasSize(1);
    assertThat(admin.get("/api/v1/ingest-keys").body())
        .doesNotContain(created.json().get("key").asText());
    assertThat(operator.post("/api/v1/ingest-keys", "{\"asset\": \"x\", \"name\": \"y\"}").status())
        .isEqualTo(403);

    assertThat(admin.delete("/api/v1/ingest-keys/" + created.json().get("id").asText()).status())
        .isEqualTo(204);
    assertThat(
            ingest
                .post(
                    "/api/v1/backup-events", "{\"asset\": \"engine01\", \"status\": \"completed\"}")
                .status())
        .isEqualTo(401);
  }

  @Test
  void aCompletedEventClearsTheAssetsAwarenessAlertAtOnce() {
    HttpResult failed = post("{\"asset\": \"mail\", \"status\": \"failed\"}");
    UUID asset = UUID.fromString(failed.json().get("assetId").asText());
    long alert =
        stack.services().alerts().raise(AwarenessDao.NO_BACKUP, asset, "", null, "never backed up");

    post("{\"asset\": \"mail\", \"status\": \"completed\"}");

    assertThat(stack.services().alerts().find(alert).orElseThrow().clearedBy())
        .isEqualTo("awareness");
    List<String> types =
        stack.services().alerts().events(alert).stream().map(e -> e.type()).toList();
    assertThat(types).containsExactly("raise", "clear");
  }

  private HttpResult post(String json) {
    return operator.post("/api/v1/backup-events", json);
  }

  private RunRow run(HttpResult result) {
    return stack
        .services()
        .runs()
        .find(UUID.fromString(result.json().get("runId").asText()))
        .orElseThrow();
  }
}
