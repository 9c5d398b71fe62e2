package io.safehold.api.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.DropwizardTestSupport;
import io.safehold.api.SafeholdApplication;
import io.safehold.api.SafeholdConfiguration;
import io.safehold.api.dev.DevOptions;
import io.safehold.api.dev.DevStack;
import io.safehold.testbed.netdevice.SwitchEmulator;
import io.safehold.workflows.awareness.BackupAwarenessWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code dev} stack as a user meets it: embedded Temporal, PostgreSQL, S3Proxy and workers, the
 * API on real ports, driven over HTTP. One device emulator plays the user's switch; the test plants
 * a password and a config secret and checks neither reaches a workflow history.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevStackEndToEndTest {

  private static final String PLANTED_PASSWORD = "Planted-Pa55word-7f3c";
  private static final String PLANTED_CONFIG_SECRET = "snmp-server community Planted-Community-91b2 RO";

  @TempDir static Path dataDir;

  private static DevStack stack;
  private static DropwizardTestSupport<SafeholdConfiguration> app;
  private static SwitchEmulator device;
  private static final AtomicReference<String> deviceConfig = new AtomicReference<>();
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final ObjectMapper json = new ObjectMapper();
  private static final List<String> workflowIds = new ArrayList<>();
  private static String api;
  private static String adminKey;
  private static String deviceId;

  @BeforeAll
  static void startStack() throws Exception {
    stack = DevStack.start(new DevOptions(dataDir, freePort(), freePort(), freePort(), null));
    app = new DropwizardTestSupport<>(SafeholdApplication.class, stack.configFile().toString());
    app.before();
    api = "http://127.0.0.1:" + app.getLocalPort();
    adminKey = Files.readString(stack.adminKeyFile()).trim();

    deviceConfig.set("hostname core-sw1\n" + PLANTED_CONFIG_SECRET + "\ninterface Vlan10\n description users\n");
    device =
        SwitchEmulator.builder()
            .hostname("core-sw1")
            .user("netops", PLANTED_PASSWORD)
            .runningConfig(deviceConfig::get)
            .start();
  }

  @AfterAll
  static void stopStack() throws Exception {
    if (device != null) {
      device.close();
    }
    if (app != null) {
      app.after();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void backsUpADeviceAndTheStoredObjectMatchesTheCatalog() throws Exception {
    JsonNode credential =
        call("POST", "/api/v1/credentials", adminKey,
            Map.of("name", "netops", "kind", "password", "username", "netops", "secret", PLANTED_PASSWORD),
            201);
    assertThat(credential.toString()).doesNotContain(PLANTED_PASSWORD);

    JsonNode created =
        call("POST", "/api/v1/devices", adminKey,
            Map.of("name", "core-sw1", "host", "127.0.0.1", "port", device.port(),
                "deviceType", "cisco_ios", "credentialId", credential.path("id").asText(),
                "hostKey", device.hostKeyFingerprint()),
            201);
    deviceId = created.path("id").asText();

    JsonNode run = backUpAndWait(deviceId);
    assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(run.path("result").path("configVersion").asInt()).isEqualTo(1);
    JsonNode artifact = run.path("artifacts").get(0);
    assertThat(artifact.path("key").asText()).startsWith("configs/" + deviceId + "/core-sw1_");

    byte[] text = fetch("/api/v1/devices/" + deviceId + "/configs/1");
    assertThat(sha256(text)).isEqualTo(artifact.path("sha256").asText());
    assertThat(text.length).isEqualTo(artifact.path("size").asInt());
    assertThat(new String(text)).contains("interface Vlan10").doesNotContain("Last configuration change");

    try (InputStream stored = stack.objectStore().open(artifact.path("key").asText()).orElseThrow()) {
      assertThat(sha256(stored.readAllBytes())).isEqualTo(artifact.path("sha256").asText());
    }

    JsonNode events = call("GET", "/api/v1/runs/" + run.path("id").asText() + "/events", adminKey, null, 200);
    assertThat(events.path("items").findValuesAsText("type")).contains("connect", "command", "success");
  }

  @Test
  @Order(2)
  void anUnchangedConfigIsRecognisedAsUnchanged() throws Exception {
    JsonNode run = backUpAndWait(deviceId);
    assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(run.path("result").path("unchanged").asBoolean()).isTrue();
    assertThat(run.path("result").path("configVersion").asInt()).isEqualTo(1);
    assertThat(call("GET", "/api/v1/devices/" + deviceId + "/configs", adminKey, null, 200).path("items"))
        .hasSize(1);
  }

  @Test
  @Order(3)
  void aChangedConfigBecomesANewVersionWithADiff() throws Exception {
    deviceConfig.set(deviceConfig.get() + "interface Vlan20\n description voice\n");
    JsonNode run = backUpAndWait(deviceId);
    assertThat(run.path("result").path("configVersion").asInt()).isEqualTo(2);

    String diff = new String(fetch("/api/v1/devices/" + deviceId + "/configs/diff?from=1&to=2"));
    assertThat(diff).contains("+interface Vlan20").contains("+ description voice");
  }

  @Test
  @Order(4)
  void aViewerCannotStartABackup() throws Exception {
    JsonNode viewer = call("POST", "/api/v1/keys", adminKey, Map.of("name", "auditor", "role", "viewer"), 201);
    String viewerKey = viewer.path("key").asText();
    call("GET", "/api/v1/runs", viewerKey, null, 200);
    JsonNode refused = call("POST", "/api/v1/devices/" + deviceId + "/backups", viewerKey, Map.of(), 403);
    assertThat(refused.path("code").asText()).isEqualTo("forbidden");
  }

  @Test
  @Order(5)
  void malformedInputGetsAClearFourHundred() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(api + "/api/v1/devices"))
                .header("X-API-Key", adminKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"x\", \"port\": "))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("malformed_json");
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  @Order(6)
  void theDemoSwitchBacksUpByName() throws Exception {
    JsonNode run = backUpAndWait(DevStack.DEMO_DEVICE);
    assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
  }

  @Test
  @Order(7)
  void theDemoVcenterIsDiscoveredAndAVmBacksUp() throws Exception {
    Assumptions.assumeTrue(
        stack.hasDemoVcenter(), "vcsim is not built here (testbed/vcsim/build.sh); .ci/run builds it");
    JsonNode discovery =
        call("POST", "/api/v1/vcenters/demo-vcenter/discover", adminKey, Map.of(), 202);
    workflowIds.add(discovery.path("workflowId").asText());
    assertThat(waitFor(discovery.path("runId").asText()).path("status").asText())
        .isEqualTo("COMPLETED");
    JsonNode vm = null;
    for (JsonNode item : call("GET", "/api/v1/vms?name=DC0_H0_VM0", adminKey, null, 200).path("items")) {
      vm = item;
    }
    assertThat(vm).as("discovered VM").isNotNull();

    JsonNode started =
        call("POST", "/api/v1/vms/" + vm.path("id").asText() + "/backups", adminKey,
            Map.of("mode", "full"), 202);
    workflowIds.add(started.path("workflowId").asText());
    JsonNode run = waitFor(started.path("runId").asText());

    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("COMPLETED");
    assertThat(run.path("result").path("manifestKey").asText()).endsWith("/manifest.json");
    assertThat(run.path("artifacts").toString()).contains("manifest.json");
  }

  @Test
  @Order(8)
  void theDemoCoveTenantsDevicesShowAsAssetsWithTheirSessionsAsRuns() throws Exception {
    JsonNode account = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      account = call("GET", "/api/v1/cove/accounts/demo-cove", adminKey, null, 200);
      if (account.path("pollCount").asLong() > 0) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(account.path("healthy").asBoolean()).as(account.toString()).isTrue();
    assertThat(account.path("lastCycle").path("devices").asInt()).isEqualTo(5);
    workflowIds.add(account.path("workflowId").asText());

    Map<String, String> coveRuns = new HashMap<>();
    for (JsonNode run : call("GET", "/api/v1/runs?limit=200", adminKey, null, 200).path("items")) {
      if (run.path("source").asText().equals("import:cove")) {
        coveRuns.put(run.path("externalId").asText(), run.path("status").asText());
      }
    }
    // fileserver, sql (2), laptop (2: the failure and the success 5 days before), workstation (2).
    assertThat(coveRuns).hasSize(7);
    assertThat(coveRuns.values())
        .contains("COMPLETED", "COMPLETED_WITH_WARNINGS", "FAILED", "RUNNING");
  }

  @Test
  @Order(9)
  void anAwarenessCheckAfterTheImportRaisesAStaleAlertForTheDemoLaptop() throws Exception {
    JsonNode stale = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (stale == null && System.nanoTime() < deadline) {
      // 409 until the server has started the loop in the background.
      HttpResponse<String> asked = send("POST", "/api/v1/awareness/check", adminKey, Map.of());
      if (asked.statusCode() == 202) {
        for (JsonNode alert : call("GET", "/api/v1/alerts?state=open", adminKey, null, 200).path("items")) {
          if (alert.path("kind").asText().equals("STALE_BACKUP")
              && alert.path("message").asText().contains("demo-laptop")) {
            stale = alert;
          }
        }
      }
      Thread.sleep(500);
    }
    assertThat(stale).as("an open STALE_BACKUP alert naming demo-laptop").isNotNull();
    JsonNode status = call("GET", "/api/v1/awareness", adminKey, null, 200);
    assertThat(status.path("checks").asInt()).isPositive();
    workflowIds.add(BackupAwarenessWorkflow.WORKFLOW_ID);
  }

  @Test
  @Order(10)
  void noPlantedSecretReachesAWorkflowHistory() throws IOException {
    String covePassword = Files.readString(dataDir.resolve("demo-cove.password")).trim();
    String vcenterPassword =
        stack.hasDemoVcenter()
            ? Files.readString(dataDir.resolve("demo-vcenter.password")).trim()
            : PLANTED_PASSWORD;
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(app.getConfiguration().getTemporal().getTarget())
                .build());
    try {
      WorkflowClient client =
          WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
      assertThat(workflowIds).hasSizeGreaterThanOrEqualTo(4);
      for (String workflowId : workflowIds) {
        String history = readable(client.fetchHistory(workflowId).toJson(true));
        // The run (or account) id sits only inside payloads: seeing it proves the payloads were
        // decoded. Every workflow id but the awareness loop's ends with that UUID.
        if (!workflowId.equals(BackupAwarenessWorkflow.WORKFLOW_ID)) {
          assertThat(history).contains(workflowId.substring(workflowId.length() - 36));
        }
        assertThat(history)
            .doesNotContain(PLANTED_PASSWORD)
            .doesNotContain(vcenterPassword)
            .doesNotContain(covePassword)
            .doesNotContain("Planted-Community-91b2")
            .doesNotContain(adminKey);
      }
    } finally {
      stubs.shutdownNow();
    }
  }

  /** The history JSON with every base64 payload decoded and appended, so a scan sees payload text. */
  private static String readable(String historyJson) {
    StringBuilder text = new StringBuilder(historyJson);
    Matcher payload = PAYLOAD_DATA.matcher(historyJson);
    while (payload.find()) {
      String base64 = payload.group(1).replace("\\u003d", "=");
      text.append('\n').append(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
    }
    return text.toString();
  }

  private static final Pattern PAYLOAD_DATA = Pattern.compile("\"data\": \"([A-Za-z0-9+/=\\\\u]+)\"");

  private static JsonNode backUpAndWait(String device) throws Exception {
    JsonNode started = call("POST", "/api/v1/devices/" + device + "/backups", adminKey, Map.of(), 202);
    workflowIds.add(started.path("workflowId").asText());
    return waitFor(started.path("runId").asText());
  }

  private static JsonNode waitFor(String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode run = call("GET", "/api/v1/runs/" + runId, adminKey, null, 200);
      String status = run.path("status").asText();
      if (!status.equals("PENDING") && !status.equals("RUNNING")) {
        return run;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("run " + runId + " did not end within 90 s");
  }

  private static JsonNode call(String method, String path, String key, Object body, int expectedStatus)
      throws IOException, InterruptedException {
    HttpResponse<String> response = send(method, path, key, body);
    assertThat(response.statusCode()).as(method + " " + path + " → " + response.body()).isEqualTo(expectedStatus);
    return response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
  }

  private static HttpResponse<String> send(String method, String path, String key, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api + path)).header("X-API-Key", key);
    if (body != null) {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] fetch(String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(api + path)).header("X-API-Key", adminKey).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
