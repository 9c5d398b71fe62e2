package io.safehold.api.bacula;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.safehold.api.testing.ApiClient;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import io.safehold.catalog.AssetDao;
import io.safehold.catalog.AssetRow;
import io.safehold.catalog.RunRow;
import io.safehold.testbed.bacula.BaculaTestbed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Bacula API over HTTP, against a real Bacula director in local mode. */
class BaculaResourceTest {

  private static BaculaTestbed bacula;

  private final TestStack stack = TestStack.get();
  private TestStack.Keys keys;
  private ApiClient admin;
  private ApiClient operator;
  private ApiClient viewer;
  private String base;

  @BeforeAll
  static void startBacula() throws Exception {
    bacula = BaculaTestbed.start();
    Path file = bacula.source().resolve("data.txt");
    Files.writeString(file, "twelve bytes");
    bacula.handOverToDaemons(file);
  }

  @AfterAll
  static void stopBacula() {
    if (bacula != null) {
      bacula.close();
    }
  }

  @BeforeEach
  void reset() {
    keys = stack.reset();
    admin = stack.client(keys.admin());
    operator = stack.client(keys.operator());
    viewer = stack.client(keys.viewer());
    HttpResult created = admin.post("/api/v1/bacula/directors", director("main-dir"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    base = "/api/v1/bacula/main-dir";
  }

  private static String director(String name) {
    return "{\"name\":\""
        + name
        + "\",\"mode\":\"local\",\"bconsoleConfig\":\""
        + bacula.bconsoleConfig()
        + "\"}";
  }

  @Test
  void addsADirectorThatStartsHealthyAndRefusesBadInputNamingTheField() {
    JsonNode listed = viewer.get("/api/v1/bacula/directors").json().get("items");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("healthy").asBoolean()).isTrue();
    assertThat(listed.get(0).get("mode").asText()).isEqualTo("local");

    HttpResult duplicate = admin.post("/api/v1/bacula/directors", director("main-dir"));
    assertThat(duplicate.status()).isEqualTo(409);
    HttpResult badMode =
        admin.post(
            "/api/v1/bacula/directors",
            "{\"name\":\"x\",\"mode\":\"telnet\",\"bconsoleConfig\":\"/etc/bacula/bconsole.conf\"}");
    assertThat(badMode.status()).isEqualTo(400);
    assertThat(badMode.message()).contains("mode");
    HttpResult sshWithoutKey =
        admin.post(
            "/api/v1/bacula/directors",
            "{\"name\":\"r\",\"mode\":\"ssh\",\"bconsoleConfig\":\"/etc/bacula/bconsole.conf\","
                + "\"sshHost\":\"bacula.example\",\"credentialId\":\""
                + UUID.randomUUID()
                + "\"}");
    assertThat(sshWithoutKey.status()).isEqualTo(400);
    assertThat(sshWithoutKey.message()).contains("sshHostKey");
    assertThat(operator.post("/api/v1/bacula/directors", director("other")).status())
        .isEqualTo(403);
  }

  @Test
  void readsJobsClientsPoolsVolumesMediaAndTheDashboard() {
    HttpResult jobs = viewer.get(base + "/jobs?name=backup");
    assertThat(jobs.status()).as(jobs.body()).isEqualTo(200);
    assertThat(jobs.json().get("items").findValuesAsText("name"))
        .contains(BaculaTestbed.BACKUP_JOB, BaculaTestbed.MISSING_PATH_JOB)
        .doesNotContain(BaculaTestbed.RESTORE_JOB);
    HttpResult job = viewer.get(base + "/jobs/" + BaculaTestbed.BACKUP_JOB);
    assertThat(job.json().get("configuration").asText()).contains("FileSet: name=SourceSet");
    assertThat(job.json().get("job").get("nextRun").isNull()).isFalse();
    assertThat(viewer.get(base + "/jobs/NoSuchJob").status()).isEqualTo(404);
    assertThat(viewer.get(base + "/jobs?status=SOMETIMES").message()).contains("status");

    assertThat(viewer.get(base + "/clients").json().get("items").findValuesAsText("name"))
        .containsExactly(BaculaTestbed.CLIENT_NAME);
    assertThat(viewer.get(base + "/clients/" + BaculaTestbed.CLIENT_NAME).status()).isEqualTo(200);
    assertThat(viewer.get(base + "/pools").json().get("items").findValuesAsText("name"))
        .contains(BaculaTestbed.BACKUP_POOL, BaculaTestbed.LABEL_POOL);
    assertThat(viewer.get(base + "/volumes").status()).isEqualTo(200);
    assertThat(viewer.get(base + "/media").status()).isEqualTo(200);
    JsonNode dashboard = viewer.get(base + "/dashboard?days=3").json();
    assertThat(dashboard.get("definedJobs").asInt()).isEqualTo(4);
    assertThat(dashboard.get("days").asInt()).isEqualTo(3);
  }

  @Test
  void runningAJobAnswers202WithAPendingRunOnTheJobsAsset() {
    HttpResult started = operator.post(base + "/jobs/" + BaculaTestbed.BACKUP_JOB + "/run");
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    UUID runId = UUID.fromString(started.json().get("runId").asText());
    assertThat(started.json().get("workflowId").asText()).isEqualTo("bacula-job-" + runId);
    RunRow run = stack.services().runs().find(runId).orElseThrow();
    assertThat(run.status()).isEqualTo("PENDING");
    AssetRow asset =
        stack.services().jdbi().onDemand(AssetDao.class).find(run.assetId()).orElseThrow();
    assertThat(asset.kind()).isEqualTo("bacula-job");
    assertThat(asset.name()).isEqualTo("main-dir/" + BaculaTestbed.BACKUP_JOB);
    assertThat(viewer.post(base + "/jobs/" + BaculaTestbed.BACKUP_JOB + "/run").status())
        .isEqualTo(403);
    assertThat(operator.post(base + "/jobs/NoSuchJob/run").status()).isEqualTo(404);
  }

  @Test
  void labelsUpdatesAndDeletesVolumesAndAnswers409WhenRefused() {
    HttpResult label =
        operator.post(base + "/volumes", "{\"pool\":\"Labelled\",\"volume\":\"Api-1\"}");
    assertThat(label.status()).as(label.body()).isEqualTo(201);
    assertThat(label.json().get("pool").asText()).isEqualTo("Labelled");
    HttpResult again =
        operator.post(base + "/volumes", "{\"pool\":\"Labelled\",\"volume\":\"Api-1\"}");
    assertThat(again.status()).isEqualTo(409);
    HttpResult badName =
        operator.post(base + "/volumes", "{\"pool\":\"Labelled\",\"volume\":\"a b\"}");
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.message()).contains("volume");

    HttpResult updated =
        patch(
            operator,
            base + "/volumes/Api-1",
            "{\"status\":\"Read-Only\",\"retention\":\"5days\"}");
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().get("status").asText()).isEqualTo("Read-Only");
    HttpResult unknown = patch(operator, base + "/volumes/Api-1", "{\"colour\":\"red\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).contains("colour");

    assertThat(admin.delete(base + "/pools/Labelled").status()).isEqualTo(409);
    assertThat(operator.delete(base + "/volumes/Api-1").status()).isEqualTo(403);
    assertThat(admin.delete(base + "/volumes/Api-1").status()).isEqualTo(204);
    assertThat(admin.delete(base + "/volumes/Api-1").status()).isEqualTo(404);
    assertThat(admin.delete(base + "/pools/" + BaculaTestbed.BACKUP_POOL).status()).isEqualTo(409);
  }

  @Test
  void theConsoleRunsAllowListedCommandsOnlyAndNeverSeparators() {
    HttpResult list = operator.post(base + "/console", "{\"command\":\"list pools\"}");
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.json().get("output").asText()).contains(BaculaTestbed.LABEL_POOL);

    HttpResult run = operator.post(base + "/console", "{\"command\":\"run job=BackupSource yes\"}");
    assertThat(run.status()).isEqualTo(403);
    assertThat(run.code()).isEqualTo("console_command_not_allowed");
    assertThat(run.message()).contains("list").contains("llist");
    assertThat(admin.post(base + "/console", "{\"command\":\"version\"}").status()).isEqualTo(200);
    assertThat(viewer.post(base + "/console", "{\"command\":\"list pools\"}").status())
        .isEqualTo(403);

    for (String command :
        new String[] {
          "list pools\\nmessages", "list pools; delete pool=Spare", "@input /etc/passwd"
        }) {
      HttpResult refused = admin.post(base + "/console", "{\"command\":\"" + command + "\"}");
      assertThat(refused.status()).as(command).isEqualTo(400);
      assertThat(refused.message()).contains("command");
    }
    assertThat(
            admin
                .post(base + "/console", "{\"command\":\".sql query=\\\"DELETE FROM Job\\\"\"}")
                .status())
        .isEqualTo(403);
  }

  @Test
  void anUnreachableDirectorAnswers503AndShowsUnhealthy() throws Exception {
    Path config = Files.createTempFile("bconsole-down", ".conf");
    try {
      Files.writeString(
          config,
          Files.readString(bacula.bconsoleConfig())
              .replaceAll("DIRport = \\d+", "DIRport = " + TestStack.freePort()),
          StandardCharsets.UTF_8);
      admin.post(
          "/api/v1/bacula/directors",
          "{\"name\":\"down-dir\",\"mode\":\"local\",\"bconsoleConfig\":\"" + config + "\"}");
      HttpResult pools = viewer.get("/api/v1/bacula/down-dir/pools");
      assertThat(pools.status()).isEqualTo(503);
      assertThat(pools.code()).isEqualTo("bacula_unavailable");
      JsonNode director = viewer.get("/api/v1/bacula/directors/down-dir").json();
      assertThat(director.get("healthy").asBoolean()).isFalse();
      assertThat(director.get("lastError").asText()).contains("Could not log in");
    } finally {
      Files.delete(config);
    }
  }

  private static HttpResult patch(ApiClient client, String path, String json) {
    return client.send("PATCH", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }
}
