package io.safehold.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.safehold.api.testing.ApiClient;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import io.safehold.catalog.AuditRow;
import io.safehold.catalog.CredentialRow;
import io.safehold.workflows.TaskQueues;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CoveAccountResourceTest {

  private static final String SECRET = "s3cret-cove-password";

  private final TestStack stack = TestStack.get();
  private TestStack.Keys keys;
  private ApiClient admin;
  private String credentialId;

  @BeforeEach
  void reset() {
    keys = stack.reset();
    admin = stack.client(keys.admin());
    credentialId = credential("cove-login", "password");
  }

  private String credential(String name, String kind) {
    return admin
        .post(
            "/api/v1/credentials",
            "{\"name\":\""
                + name
                + "\",\"kind\":\""
                + kind
                + "\",\"username\":\"api@acme.test\",\"secret\":\""
                + SECRET
                + "\"}")
        .json()
        .get("id")
        .asText();
  }

  private HttpResult create(String name, String more) {
    return admin.post(
        "/api/v1/cove/accounts",
        "{\"name\":\""
            + name
            + "\",\"partner\":\"Acme MSP\",\"credentialId\":\""
            + credentialId
            + "\""
            + (more.isEmpty() ? "" : "," + more)
            + "}");
  }

  @Test
  void createFillsTheDefaultsAndStartsThePollingLoopWithIdsOnly() {
    HttpResult created = create("acme", "");

    assertThat(created.status()).isEqualTo(201);
    JsonNode account = created.json();
    String id = account.get("id").asText();
    assertThat(created.header("Location")).endsWith("/api/v1/cove/accounts/" + id);
    assertThat(account.get("apiUrl").asText()).isEqualTo("https://api.backup.management/jsonapi");
    assertThat(account.get("pollIntervalSeconds").asInt()).isEqualTo(900);
    assertThat(account.get("maxRequestsPerSecond").asDouble()).isEqualTo(2.0);
    assertThat(account.get("healthy").isNull()).isTrue();
    assertThat(account.get("pollCount").asLong()).isZero();
    String workflowId = account.get("workflowId").asText();
    assertThat(workflowId).isEqualTo("cove-polling/" + id);
    DescribeWorkflowExecutionResponse described = describe(workflowId);
    assertThat(described.getWorkflowExecutionInfo().getType().getName())
        .isEqualTo("CovePollingWorkflow");
    assertThat(described.getWorkflowExecutionInfo().getTaskQueue()).isEqualTo(TaskQueues.WORKFLOWS);
    assertThat(described.getWorkflowExecutionInfo().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(startInput(workflowId)).contains(id).doesNotContain(SECRET);
    assertThat(created.body()).doesNotContain(SECRET);
  }

  @Test
  void theAccountShowsItsHealthAndLastCycleByIdAndByName() {
    String id = create("acme", "\"pollIntervalSeconds\":300").json().get("id").asText();
    stack
        .services()
        .coveAccounts()
        .recordCycle(UUID.fromString(id), 5001, "{\"devices\": 12, \"rowsWritten\": 30}", null);

    JsonNode byName = admin.as(keys.viewer()).get("/api/v1/cove/accounts/acme").json();
    JsonNode list = admin.as(keys.viewer()).get("/api/v1/cove/accounts").json();

    assertThat(byName.get("id").asText()).isEqualTo(id);
    assertThat(byName.get("healthy").asBoolean()).isTrue();
    assertThat(byName.get("partnerId").asLong()).isEqualTo(5001);
    assertThat(byName.get("pollIntervalSeconds").asInt()).isEqualTo(300);
    assertThat(byName.get("lastCycle").get("devices").asInt()).isEqualTo(12);
    assertThat(byName.get("lastPollAt").isNull()).isFalse();
    assertThat(list.get("items")).hasSize(1);

    stack.services().coveAccounts().recordFailure(UUID.fromString(id), "HTTP 503 from Cove", true);
    JsonNode failed = admin.get("/api/v1/cove/accounts/" + id).json();
    assertThat(failed.get("healthy").asBoolean()).isFalse();
    assertThat(failed.get("lastError").asText()).isEqualTo("HTTP 503 from Cove");
    assertThat(failed.get("lastCycle").get("devices").asInt()).isEqualTo(12);
  }

  @Test
  void badInputIsRefusedWithTheFieldNamed() {
    UUID key = UUID.randomUUID();
    stack
        .services()
        .credentials()
        .insert(new CredentialRow(key, "cove-key", "private-key", "u", new byte[] {1}, null, null));

    HttpResult plainHttp = create("a1", "\"apiUrl\":\"http://cove.example.com/jsonapi\"");
    HttpResult userInUrl = create("a2", "\"apiUrl\":\"https://u:p@cove.example.com/jsonapi\"");
    HttpResult uuidName = create(UUID.randomUUID().toString(), "");
    HttpResult tooFast = create("a3", "\"pollIntervalSeconds\":10");
    HttpResult noRate = create("a4", "\"maxRequestsPerSecond\":0");
    HttpResult unknownCredential =
        admin.post(
            "/api/v1/cove/accounts",
            "{\"name\":\"a5\",\"partner\":\"Acme\",\"credentialId\":\""
                + UUID.randomUUID()
                + "\"}");
    HttpResult keyCredential =
        admin.post(
            "/api/v1/cove/accounts",
            "{\"name\":\"a6\",\"partner\":\"Acme\",\"credentialId\":\"" + key + "\"}");
    HttpResult noPartner =
        admin.post(
            "/api/v1/cove/accounts", "{\"name\":\"a7\",\"credentialId\":\"" + credentialId + "\"}");

    assertThat(plainHttp.status()).isEqualTo(400);
    assertThat(plainHttp.message()).contains("apiUrl").contains("https");
    assertThat(userInUrl.message()).contains("credentialId");
    assertThat(uuidName.status()).isEqualTo(400);
    assertThat(tooFast.status()).isEqualTo(400);
    assertThat(tooFast.message()).contains("pollIntervalSeconds");
    assertThat(noRate.status()).isEqualTo(400);
    assertThat(unknownCredential.message()).contains("no credential");
    assertThat(keyCredential.message()).contains("kind password");
    assertThat(noPartner.status()).isEqualTo(400);
    assertThat(noPartner.message()).contains("partner");
    assertThat(stack.services().coveAccounts().list()).isEmpty();
  }

  @Test
  void aLoopbackEmulatorMayUsePlainHttpAndANameIsTakenOnce() {
    HttpResult local = create("local", "\"apiUrl\":\"http://127.0.0.1:8123\"");
    HttpResult again = create("local", "");

    assertThat(local.status()).isEqualTo(201);
    assertThat(local.json().get("apiUrl").asText()).isEqualTo("http://127.0.0.1:8123/jsonapi");
    assertThat(again.status()).isEqualTo(409);
  }

  @Test
  void rolesAreEnforcedAndEveryMutatingCallIsAudited() {
    HttpResult byOperator =
        admin
            .as(keys.operator())
            .post(
                "/api/v1/cove/accounts",
                "{\"name\":\"x\",\"partner\":\"Acme\",\"credentialId\":\"" + credentialId + "\"}");
    create("acme", "");
    HttpResult viewerPoll = admin.as(keys.viewer()).post("/api/v1/cove/accounts/acme/poll");
    HttpResult operatorPoll = admin.as(keys.operator()).post("/api/v1/cove/accounts/acme/poll");
    HttpResult unknownPoll = admin.as(keys.operator()).post("/api/v1/cove/accounts/nope/poll");
    HttpResult operatorDelete = admin.as(keys.operator()).delete("/api/v1/cove/accounts/acme");

    assertThat(byOperator.status()).isEqualTo(403);
    assertThat(viewerPoll.status()).isEqualTo(403);
    assertThat(operatorPoll.status()).isEqualTo(202);
    assertThat(operatorPoll.json().get("workflowId").asText()).startsWith("cove-polling/");
    assertThat(unknownPoll.status()).isEqualTo(404);
    assertThat(unknownPoll.code()).isEqualTo("cove_account_not_found");
    assertThat(operatorDelete.status()).isEqualTo(403);
    assertThat(stack.services().audit().list(Long.MAX_VALUE, 10))
        .extracting(AuditRow::action, AuditRow::result)
        .contains(
            tuple("POST /api/v1/cove/accounts", 403),
            tuple("POST /api/v1/cove/accounts", 201),
            tuple("POST /api/v1/cove/accounts/{account}/poll", 202),
            tuple("DELETE /api/v1/cove/accounts/{account}", 403));
  }

  @Test
  void deleteStopsTheLoopKeepsNothingButHistoryAndFreesTheCredential() {
    String id = create("acme", "").json().get("id").asText();
    HttpResult credentialInUse = admin.delete("/api/v1/credentials/" + credentialId);

    HttpResult deleted = admin.delete("/api/v1/cove/accounts/" + id);

    assertThat(credentialInUse.status()).isEqualTo(409);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(admin.get("/api/v1/cove/accounts/" + id).status()).isEqualTo(404);
    assertThat(describe("cove-polling/" + id).getWorkflowExecutionInfo().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
    assertThat(admin.delete("/api/v1/credentials/" + credentialId).status()).isEqualTo(204);
  }

  @Test
  void pollingAnAccountWhoseLoopIsGoneStartsItAgain() {
    String id = create("acme", "").json().get("id").asText();
    stack
        .services()
        .workflowClient()
        .newUntypedWorkflowStub("cove-polling/" + id)
        .terminate("lost, as an embedded Temporal loses it on restart");

    HttpResult poll = admin.as(keys.operator()).post("/api/v1/cove/accounts/acme/poll");

    assertThat(poll.status()).isEqualTo(202);
    assertThat(describe("cove-polling/" + id).getWorkflowExecutionInfo().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
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
