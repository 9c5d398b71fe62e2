package io.safehold.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.DropwizardTestSupport;
import io.safehold.api.SafeholdConfiguration;
import io.safehold.api.testing.ApiClient;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import io.safehold.api.testing.VsphereFixtures;
import io.safehold.catalog.AuditRow;
import io.safehold.catalog.RunRow;
import io.safehold.catalog.VcenterRow;
import io.safehold.catalog.VmRow;
import io.safehold.workflows.TaskQueues;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VcenterResourceTest {

  private static final String SHA256_PLAIN =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  private static final String SHA256_STORED =
      "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB"
          + ":CD:EF";

  private final TestStack stack = TestStack.get();
  private TestStack.Keys keys;
  private ApiClient admin;
  private String credentialId;

  @BeforeEach
  void reset() {
    keys = stack.reset();
    admin = stack.client(keys.admin());
    credentialId = credential("vc-login", "password", "s3cret-vc-password");
  }

  private String credential(String name, String kind, String secret) {
    return admin
        .post(
            "/api/v1/credentials",
            "{\"name\":\""
                + name
                + "\",\"kind\":\""
                + kind
                + "\",\"username\":\"administrator@vsphere.local\",\"secret\":\""
                + secret
                + "\"}")
        .json()
        .get("id")
        .asText();
  }

  /** A request body with the given fields after name, url and credentialId. */
  private String vcenter(String name, String url, String more) {
    return "{\"name\":\""
        + name
        + "\",\"url\":\""
        + url
        + "\",\"credentialId\":\""
        + credentialId
        + "\""
        + (more.isEmpty() ? "" : "," + more)
        + "}";
  }

  private HttpResult create(String more) {
    return admin.post("/api/v1/vcenters", vcenter("vc1", "https://vc.example.com/sdk", more));
  }

  @Test
  void createNormalisesUrlAndThumbprintAndReadsBackByIdAndName() {
    HttpResult created =
        admin.post(
            "/api/v1/vcenters",
            vcenter(
                "vc1", "HTTPS://VC.Example.com:8443", "\"thumbprint\":\"" + SHA256_PLAIN + "\""));

    assertThat(created.status()).isEqualTo(201);
    JsonNode body = created.json();
    String id = body.get("id").asText();
    assertThat(body.get("name").asText()).isEqualTo("vc1");
    assertThat(body.get("url").asText()).isEqualTo("https://vc.example.com:8443/sdk");
    assertThat(body.get("thumbprint").asText()).isEqualTo(SHA256_STORED);
    assertThat(body.get("pinOnFirstUse").asBoolean()).isFalse();
    assertThat(body.get("credentialId").asText()).isEqualTo(credentialId);
    assertThat(body.get("lastDiscoveryAt").isNull()).isTrue();
    assertThat(created.body()).doesNotContain("s3cret-vc-password");
    assertThat(created.header("Location")).endsWith("/api/v1/vcenters/" + id);
    ApiClient viewer = stack.client(keys.viewer());
    assertThat(viewer.get("/api/v1/vcenters/" + id).json().get("name").asText()).isEqualTo("vc1");
    assertThat(viewer.get("/api/v1/vcenters/vc1").json().get("id").asText()).isEqualTo(id);
    assertThat(viewer.get("/api/v1/vcenters").json().get("items")).hasSize(1);
  }

  @Test
  void aSha1ThumbprintWithColonsIsAcceptedAndPinOnFirstUseNeedsNone() {
    HttpResult sha1 =
        create("\"thumbprint\":\"ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01\"");
    HttpResult pinning =
        admin.post(
            "/api/v1/vcenters", vcenter("vc2", "https://10.0.0.5/", "\"pinOnFirstUse\":true"));

    assertThat(sha1.status()).isEqualTo(201);
    assertThat(sha1.json().get("thumbprint").asText()).isEqualTo(VsphereFixtures.THUMBPRINT);
    assertThat(pinning.status()).isEqualTo(201);
    assertThat(pinning.json().get("thumbprint").isNull()).isTrue();
    assertThat(pinning.json().get("pinOnFirstUse").asBoolean()).isTrue();
    assertThat(pinning.json().get("url").asText()).isEqualTo("https://10.0.0.5/sdk");
  }

  @Test
  void thereIsNeverTrustAll() {
    HttpResult neither = create("");
    HttpResult refused = create("\"pinOnFirstUse\":false");
    HttpResult both =
        create("\"pinOnFirstUse\":true,\"thumbprint\":\"" + VsphereFixtures.THUMBPRINT + "\"");

    assertThat(neither.status()).isEqualTo(400);
    assertThat(neither.code()).isEqualTo("tls_trust_required");
    assertThat(neither.message()).contains("'thumbprint'").contains("'pinOnFirstUse'");
    assertThat(refused.code()).isEqualTo("tls_trust_required");
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.code()).isEqualTo("invalid_field");
    assertThat(both.message()).contains("'thumbprint'").contains("not both");
    assertThat(stack.services().vcenters().list()).isEmpty();
  }

  @Test
  void badThumbprintsNameTheField() {
    HttpResult shortOne = create("\"thumbprint\":\"AB:CD:EF\"");
    HttpResult notHex =
        create("\"thumbprint\":\"SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8\"");
    HttpResult mixed = create("\"thumbprint\":\"ABCD:EF" + "01".repeat(18) + "\"");

    assertThat(shortOne.status()).isEqualTo(400);
    assertThat(shortOne.message()).contains("'thumbprint'").contains("3 bytes");
    assertThat(notHex.status()).isEqualTo(400);
    assertThat(notHex.message()).contains("'thumbprint'").contains("hex");
    assertThat(mixed.status()).isEqualTo(400);
    assertThat(mixed.message()).contains("'thumbprint'");
  }

  @Test
  void badUrlsNameTheField() {
    String pin = "\"pinOnFirstUse\":true";
    for (String url :
        List.of(
            "http://vc.example.com/sdk",
            "vc.example.com",
            "https:///sdk",
            "https://vc.example.com/ui",
            "https://root:pw@vc.example.com/sdk",
            "https://vc.example.com/sdk?x=1",
            "https://vc example.com/sdk")) {
      HttpResult result = admin.post("/api/v1/vcenters", vcenter("vc1", url, pin));

      assertThat(result.status()).as(url).isEqualTo(400);
      assertThat(result.code()).as(url).isEqualTo("invalid_field");
      assertThat(result.message()).as(url).contains("'url'").doesNotContain("pw@");
    }
    assertThat(stack.services().vcenters().list()).isEmpty();
  }

  @Test
  void badNamesNameTheField() {
    String pin = "\"pinOnFirstUse\":true";
    String url = "https://vc.example.com";
    for (String name :
        List.of("", "vc 1", "vc/1", "-vc", "v".repeat(65), UUID.randomUUID().toString())) {
      HttpResult result = admin.post("/api/v1/vcenters", vcenter(name, url, pin));

      assertThat(result.status()).as(name).isEqualTo(400);
      assertThat(result.message()).as(name).contains("'name'");
    }
    assertThat(admin.post("/api/v1/vcenters", vcenter("v".repeat(64), url, pin)).status())
        .isEqualTo(201);
  }

  @Test
  void theCredentialMustExistAndBeAPassword() {
    String pin = "\"pinOnFirstUse\":true";
    String key =
        credential(
            "ssh-key",
            "private-key",
            "-----BEGIN OPENSSH PRIVATE KEY-----\\nAAAA\\n-----END OPENSSH PRIVATE KEY-----");
    String unknown = UUID.randomUUID().toString();

    HttpResult missing =
        admin.post(
            "/api/v1/vcenters", vcenter("vc1", "https://vc", pin).replace(credentialId, unknown));
    HttpResult wrongKind =
        admin.post(
            "/api/v1/vcenters", vcenter("vc1", "https://vc", pin).replace(credentialId, key));
    HttpResult absent =
        admin.post("/api/v1/vcenters", "{\"name\":\"vc1\",\"url\":\"https://vc\"," + pin + "}");

    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.message()).contains("'credentialId'").contains(unknown);
    assertThat(wrongKind.status()).isEqualTo(400);
    assertThat(wrongKind.message()).contains("'credentialId'").contains("password");
    assertThat(absent.status()).isEqualTo(400);
    assertThat(absent.message()).contains("'credentialId'");
  }

  @Test
  void aDuplicateNameIsAConflictAndUnknownFieldsAreRefused() {
    assertThat(create("\"pinOnFirstUse\":true").status()).isEqualTo(201);

    HttpResult again = create("\"pinOnFirstUse\":true");
    HttpResult unknown = create("\"pinOnFirstUse\":true,\"insecure\":true");

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.message()).contains("'vc1'");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.code()).isEqualTo("unknown_field");
  }

  @Test
  void onlyAdminsManageVcentersAndEveryCallIsAudited() {
    HttpResult operator =
        stack
            .client(keys.operator())
            .post("/api/v1/vcenters", vcenter("vc1", "https://vc", "\"pinOnFirstUse\":true"));
    String id = create("\"pinOnFirstUse\":true").json().get("id").asText();
    HttpResult operatorDelete = stack.client(keys.operator()).delete("/api/v1/vcenters/" + id);

    assertThat(operator.status()).isEqualTo(403);
    assertThat(operatorDelete.status()).isEqualTo(403);
    assertThat(stack.services().audit().list(Long.MAX_VALUE, 10))
        .extracting(AuditRow::action, AuditRow::result)
        .contains(
            tuple("POST /api/v1/vcenters", 403),
            tuple("POST /api/v1/vcenters", 201),
            tuple("DELETE /api/v1/vcenters/{vcenter}", 403));
  }

  @Test
  void deleteTakesTheVmsAlongAndThenTheVcenterIsGone() {
    VsphereFixtures fixtures = new VsphereFixtures(stack);
    VcenterRow vc = fixtures.vcenter("vc1");
    VmRow vm = fixtures.vm(vc, "web", "uuid-1");

    HttpResult deleted = admin.delete("/api/v1/vcenters/vc1");
    HttpResult again = admin.delete("/api/v1/vcenters/vc1");

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.code()).isEqualTo("vcenter_not_found");
    assertThat(admin.get("/api/v1/vms/" + vm.id()).code()).isEqualTo("vm_not_found");
  }

  @Test
  void deleteIsRefusedWhileABackupRunsOrBackupsAreRecorded() {
    VsphereFixtures fixtures = new VsphereFixtures(stack);
    VcenterRow busy = fixtures.vcenter("busy");
    VmRow running = fixtures.vm(busy, "web", "uuid-1");
    stack.services().runs().insertPending(UUID.randomUUID(), "backup", running.id(), "wf");
    VcenterRow kept = fixtures.vcenter("kept");
    fixtures.backup(fixtures.vm(kept, "db", "uuid-2"), "COMPLETED", 10, 5);

    HttpResult whileRunning = admin.delete("/api/v1/vcenters/busy");
    HttpResult withBackups = admin.delete("/api/v1/vcenters/kept");

    assertThat(whileRunning.status()).isEqualTo(409);
    assertThat(whileRunning.message()).contains("'busy'").contains("pending or running");
    assertThat(withBackups.status()).isEqualTo(409);
    assertThat(withBackups.message()).contains("'kept'").contains("1 backup");
    assertThat(stack.services().vcenters().list()).hasSize(2);
  }

  @Test
  void aCredentialUsedByAVcenterCannotBeDeleted() {
    create("\"pinOnFirstUse\":true");

    HttpResult result = admin.delete("/api/v1/credentials/" + credentialId);

    assertThat(result.status()).isEqualTo(409);
    assertThat(result.message()).contains("vCenter").contains("'vc1'");
  }

  @Test
  void discoverStartsTheWorkflowWithIdsOnlyAndAPendingRun() {
    create("\"pinOnFirstUse\":true");
    UUID vcId = stack.services().vcenters().findByName("vc1").orElseThrow().id();

    HttpResult started = stack.client(keys.operator()).post("/api/v1/vcenters/vc1/discover");

    assertThat(started.status()).isEqualTo(202);
    String runId = started.json().get("runId").asText();
    String workflowId = started.json().get("workflowId").asText();
    assertThat(workflowId).isEqualTo("vcenter-discovery/vc1/" + runId);
    assertThat(started.header("Location")).endsWith("/api/v1/runs/" + runId);
    RunRow run = stack.services().runs().find(UUID.fromString(runId)).orElseThrow();
    assertThat(run.status()).isEqualTo("PENDING");
    assertThat(run.kind()).isEqualTo("discover");
    assertThat(run.assetId()).isNull();
    assertThat(run.workflowId()).isEqualTo(workflowId);
    DescribeWorkflowExecutionResponse described = describe(workflowId);
    assertThat(described.getWorkflowExecutionInfo().getType().getName())
        .isEqualTo("VmDiscoveryWorkflow");
    assertThat(described.getWorkflowExecutionInfo().getTaskQueue()).isEqualTo(TaskQueues.WORKFLOWS);
    String input = startInput(workflowId);
    assertThat(input).contains(runId).contains(vcId.toString()).doesNotContain("s3cret");
  }

  @Test
  void discoverNeedsOperatorAndAKnownVcenter() {
    create("\"pinOnFirstUse\":true");

    HttpResult viewer = stack.client(keys.viewer()).post("/api/v1/vcenters/vc1/discover");
    HttpResult unknown = stack.client(keys.operator()).post("/api/v1/vcenters/nope/discover");

    assertThat(viewer.status()).isEqualTo(403);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.code()).isEqualTo("vcenter_not_found");
    assertThat(stack.services().runs().list(null, null, null, null, null, 10)).isEmpty();
  }

  @Test
  void unreachableTemporalGives503AndAFailedDiscoveryRun() throws Exception {
    create("\"pinOnFirstUse\":true");
    DropwizardTestSupport<SafeholdConfiguration> cut =
        TestStack.start("127.0.0.1:" + TestStack.freePort());
    try {
      ApiClient api = new ApiClient("http://127.0.0.1:" + cut.getLocalPort(), keys.operator());

      HttpResult result = api.post("/api/v1/vcenters/vc1/discover");

      assertThat(result.status()).isEqualTo(503);
      assertThat(result.code()).isEqualTo("temporal_unavailable");
      List<RunRow> runs = stack.services().runs().list(null, null, null, null, null, 10);
      assertThat(runs).hasSize(1);
      assertThat(runs.get(0).kind()).isEqualTo("discover");
      assertThat(runs.get(0).status()).isEqualTo("FAILED");
      assertThat(runs.get(0).error()).contains("Temporal");
      assertThat(result.message()).contains(runs.get(0).id().toString());
    } finally {
      cut.after();
    }
  }

  private DescribeWorkflowExecutionResponse describe(String workflowId) {
    return stack
        .services()
        .serviceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build());
  }

  /** The JSON the workflow was started with. */
  private String startInput(String workflowId) {
    return stack
        .services()
        .workflowClient()
        .fetchHistory(workflowId)
        .getEvents()
        .get(0)
        .getWorkflowExecutionStartedEventAttributes()
        .getInput()
        .getPayloads(0)
        .getData()
        .toStringUtf8();
  }
}
