package io.safehold.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.DropwizardTestSupport;
import io.safehold.api.SafeholdConfiguration;
import io.safehold.api.runs.VsphereRunLauncher;
import io.safehold.api.testing.ApiClient;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import io.safehold.api.testing.VsphereFixtures;
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

class VmBackupResourceTest {

  private final TestStack stack = TestStack.get();
  private TestStack.Keys keys;
  private ApiClient operator;
  private VsphereFixtures fixtures;
  private VcenterRow vc;
  private VmRow web;

  @BeforeEach
  void reset() {
    keys = stack.reset();
    operator = stack.client(keys.operator());
    fixtures = new VsphereFixtures(stack);
    vc = fixtures.vcenter("vc1");
    web = fixtures.vm(vc, "web", "uuid-1");
  }

  private String path(VmRow vm) {
    return "/api/v1/vms/" + vm.id() + "/backups";
  }

  private List<RunRow> runs() {
    return stack.services().runs().list(null, null, null, null, null, 10);
  }

  @Test
  void aBackupStartsTheWorkflowWithAPendingRunAndIncrementalByDefault() throws Exception {
    HttpResult started = operator.post(path(web));

    assertThat(started.status()).isEqualTo(202);
    String runId = started.json().get("runId").asText();
    String workflowId = started.json().get("workflowId").asText();
    assertThat(workflowId).isEqualTo("vm-backup/vc1/web/" + runId);
    assertThat(started.header("Location")).endsWith("/api/v1/runs/" + runId);
    RunRow run = stack.services().runs().find(UUID.fromString(runId)).orElseThrow();
    assertThat(run.status()).isEqualTo("PENDING");
    assertThat(run.kind()).isEqualTo("backup");
    assertThat(run.assetId()).isEqualTo(web.id());
    assertThat(run.workflowId()).isEqualTo(workflowId);
    assertThat(stack.services().vmBackups().find(run.id())).isEmpty();

    DescribeWorkflowExecutionResponse described = describe(workflowId);
    assertThat(described.getWorkflowExecutionInfo().getType().getName())
        .isEqualTo("VmBackupWorkflow");
    assertThat(described.getWorkflowExecutionInfo().getTaskQueue()).isEqualTo(TaskQueues.WORKFLOWS);
    assertThat(described.getExecutionConfig().getWorkflowExecutionTimeout().getSeconds())
        .isEqualTo(VsphereRunLauncher.BACKUP_TIMEOUT.toSeconds());
    JsonNode input = startInput(workflowId);
    assertThat(input.get("runId").asText()).isEqualTo(runId);
    assertThat(input.get("vmId").asText()).isEqualTo(web.id().toString());
    assertThat(input.get("mode").asText()).isEqualTo("INCREMENTAL");
    assertThat(input.get("quiesce").asBoolean()).isFalse();
    assertThat(input.get("replicateTo")).isEmpty();
  }

  @Test
  void modeQuiesceAndReplicationTargetsReachTheWorkflow() throws Exception {
    HttpResult started =
        operator.post(
            path(web), "{\"mode\":\"full\",\"quiesce\":true,\"replicateTo\":[\"offsite\",\"dr\"]}");

    assertThat(started.status()).isEqualTo(202);
    JsonNode input = startInput(started.json().get("workflowId").asText());
    assertThat(input.get("mode").asText()).isEqualTo("FULL");
    assertThat(input.get("quiesce").asBoolean()).isTrue();
    assertThat(input.get("replicateTo").toString()).isEqualTo("[\"offsite\",\"dr\"]");
  }

  @Test
  void badModesAndTargetsAreRefusedBeforeAnyRun() {
    HttpResult mode = operator.post(path(web), "{\"mode\":\"differential\"}");
    HttpResult blankTarget = operator.post(path(web), "{\"replicateTo\":[\" \"]}");
    HttpResult wrongType = operator.post(path(web), "{\"quiesce\":\"yes\"}");

    assertThat(mode.status()).isEqualTo(400);
    assertThat(mode.message()).contains("'mode'").contains("differential");
    assertThat(blankTarget.status()).isEqualTo(400);
    assertThat(blankTarget.message()).contains("replicateTo");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.message()).contains("'quiesce'");
    assertThat(runs()).isEmpty();
  }

  @Test
  void aReplicationTargetTheConfigurationLacksIsRefusedListingTheConfiguredOnes() {
    HttpResult unknown = operator.post(path(web), "{\"replicateTo\":[\"offsite\",\"elsewhere\"]}");
    HttpResult twice = operator.post(path(web), "{\"replicateTo\":[\"dr\",\"dr\"]}");

    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.code()).isEqualTo("invalid_field");
    assertThat(unknown.message())
        .contains("'replicateTo'")
        .contains("'elsewhere'")
        .contains("configured: dr, offsite");
    assertThat(twice.status()).isEqualTo(400);
    assertThat(twice.message()).contains("'replicateTo'").contains("'dr' twice");
    assertThat(runs()).isEmpty();
  }

  @Test
  void anUnknownVmIs404AndARemovedOne409() {
    fixtures.removeAllVms(vc);

    HttpResult unknown = operator.post("/api/v1/vms/" + UUID.randomUUID() + "/backups");
    HttpResult removed = operator.post(path(web));

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.code()).isEqualTo("vm_not_found");
    assertThat(removed.status()).isEqualTo(409);
    assertThat(removed.code()).isEqualTo("vm_removed");
    assertThat(removed.message()).contains("vc1/web");
    assertThat(runs()).isEmpty();
  }

  @Test
  void aSecondBackupWhileOneIsPendingIsAConflict() {
    String first = operator.post(path(web)).json().get("runId").asText();

    HttpResult second = operator.post(path(web), "{\"mode\":\"full\"}");

    assertThat(second.status()).isEqualTo(409);
    assertThat(second.message()).contains(first).contains("PENDING");
    assertThat(runs()).hasSize(1);
    stack.services().runs().finish(UUID.fromString(first), "COMPLETED", null, 0, null);
    assertThat(operator.post(path(web)).status()).isEqualTo(202);
  }

  @Test
  void viewersCannotStartBackupsAndTheAttemptIsAudited() {
    HttpResult viewer = stack.client(keys.viewer()).post(path(web));

    assertThat(viewer.status()).isEqualTo(403);
    assertThat(runs()).isEmpty();
    assertThat(stack.services().audit().list(Long.MAX_VALUE, 1).get(0).action())
        .isEqualTo("POST /api/v1/vms/{id}/backups");
  }

  @Test
  void unreachableTemporalGives503AndAFailedRun() throws Exception {
    DropwizardTestSupport<SafeholdConfiguration> cut =
        TestStack.start("127.0.0.1:" + TestStack.freePort());
    try {
      ApiClient api = new ApiClient("http://127.0.0.1:" + cut.getLocalPort(), keys.operator());

      HttpResult result = api.post(path(web));

      assertThat(result.status()).isEqualTo(503);
      assertThat(result.code()).isEqualTo("temporal_unavailable");
      List<RunRow> runs = runs();
      assertThat(runs).hasSize(1);
      assertThat(runs.get(0).assetId()).isEqualTo(web.id());
      assertThat(runs.get(0).status()).isEqualTo("FAILED");
      assertThat(runs.get(0).error()).contains("Temporal");
      assertThat(runs.get(0).finishedAt()).isNotNull();
      assertThat(result.message()).contains(runs.get(0).id().toString());
    } finally {
      cut.after();
    }
    assertThat(operator.post(path(web)).status()).isEqualTo(202);
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

  /** The request the workflow was started with, as JSON. */
  private JsonNode startInput(String workflowId) throws Exception {
    String json =
        stack
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
    return new ObjectMapper().readTree(json);
  }
}
