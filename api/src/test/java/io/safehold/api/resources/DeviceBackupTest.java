package io.safehold.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.DropwizardTestSupport;
import io.safehold.api.SafeholdConfiguration;
import io.safehold.api.testing.ApiClient;
import io.safehold.api.testing.CatalogFixtures;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import io.safehold.workflows.TaskQueues;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceBackupTest {

  private final TestStack stack = TestStack.get();
  private TestStack.Keys keys;
  private UUID device;

  @BeforeEach
  void reset() {
    keys = stack.reset();
    device = new CatalogFixtures(stack).device("sw1");
  }

  @Test
  void backupStartsAWorkflowAndAPendingRun() {
    HttpResult started = stack.client(keys.operator()).post("/api/v1/devices/sw1/backups");

    assertThat(started.status()).isEqualTo(202);
    String runId = started.json().get("runId").asText();
    String workflowId = started.json().get("workflowId").asText();
    assertThat(workflowId).isEqualTo("device-backup-" + runId);
    assertThat(started.header("Location")).endsWith("/api/v1/runs/" + runId);

    JsonNode run = stack.client(keys.viewer()).get("/api/v1/runs/" + runId).json();
    assertThat(run.get("status").asText()).isEqualTo("PENDING");
    assertThat(run.get("kind").asText()).isEqualTo("backup");
    assertThat(run.get("assetId").asText()).isEqualTo(device.toString());
    assertThat(run.get("workflowId").asText()).isEqualTo(workflowId);
    assertThat(run.get("artifacts")).isEmpty();

    DescribeWorkflowExecutionResponse described =
        stack
            .services()
            .serviceStubs()
            .blockingStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace("default")
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                    .build());
    assertThat(described.getWorkflowExecutionInfo().getType().getName())
        .isEqualTo("DeviceConfigBackupWorkflow");
    assertThat(described.getWorkflowExecutionInfo().getTaskQueue()).isEqualTo(TaskQueues.WORKFLOWS);
  }

  @Test
  void backupByIdWorksAndViewerIsRefused() {
    HttpResult byId = stack.client(keys.admin()).post("/api/v1/devices/" + device + "/backups");
    HttpResult viewer = stack.client(keys.viewer()).post("/api/v1/devices/sw1/backups");

    assertThat(byId.status()).isEqualTo(202);
    assertThat(viewer.status()).isEqualTo(403);
    assertThat(stack.services().runs().list(null, null, null, null, null, 10)).hasSize(1);
  }

  @Test
  void operatorCancelsARunningBackup() {
    String runId =
        stack
            .client(keys.operator())
            .post("/api/v1/devices/sw1/backups")
            .json()
            .get("runId")
            .asText();
    String workflowId = "device-backup-" + runId;

    HttpResult viewer = stack.client(keys.viewer()).post("/api/v1/runs/" + runId + "/cancel");
    HttpResult cancelled = stack.client(keys.operator()).post("/api/v1/runs/" + runId + "/cancel");

    assertThat(viewer.status()).isEqualTo(403);
    assertThat(cancelled.status()).isEqualTo(202);
    assertThat(cancelled.json().get("workflowId").asText()).isEqualTo(workflowId);
    assertThat(
            stack.services().workflowClient().fetchHistory(workflowId).getEvents().stream()
                .map(e -> e.getEventType()))
        .contains(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
  }

  @Test
  void cancellingAFinishedRunIsAConflict() {
    String runId =
        stack
            .client(keys.operator())
            .post("/api/v1/devices/sw1/backups")
            .json()
            .get("runId")
            .asText();
    stack.services().runs().finish(UUID.fromString(runId), "COMPLETED", null, 0, null);

    HttpResult result = stack.client(keys.operator()).post("/api/v1/runs/" + runId + "/cancel");

    assertThat(result.status()).isEqualTo(409);
    assertThat(result.message()).contains("COMPLETED");
  }

  @Test
  void cancellingARunTemporalForgotFinishesItCancelled() {
    UUID runId = UUID.randomUUID();
    stack.services().runs().insertPending(runId, "backup", device, "device-backup-" + runId);

    HttpResult result = stack.client(keys.operator()).post("/api/v1/runs/" + runId + "/cancel");

    assertThat(result.status()).isEqualTo(202);
    assertThat(stack.services().runs().find(runId).orElseThrow().status()).isEqualTo("CANCELLED");
  }

  @Test
  void unknownDeviceIs404AndStartsNothing() {
    HttpResult result = stack.client(keys.operator()).post("/api/v1/devices/nope/backups");

    assertThat(result.status()).isEqualTo(404);
    assertThat(stack.services().runs().list(null, null, null, null, null, 10)).isEmpty();
  }

  @Test
  void unreachableTemporalGives503AndAFailedRun() throws Exception {
    DropwizardTestSupport<SafeholdConfiguration> cut =
        TestStack.start("127.0.0.1:" + TestStack.freePort());
    try {
      ApiClient api = new ApiClient("http://127.0.0.1:" + cut.getLocalPort(), keys.operator());

      HttpResult result = api.post("/api/v1/devices/sw1/backups");

      assertThat(result.status()).isEqualTo(503);
      assertThat(result.code()).isEqualTo("temporal_unavailable");
      var runs = stack.services().runs().list(null, null, null, null, null, 10);
      assertThat(runs).hasSize(1);
      assertThat(runs.get(0).status()).isEqualTo("FAILED");
      assertThat(runs.get(0).error()).contains("Temporal");
      assertThat(runs.get(0).finishedAt()).isNotNull();
      assertThat(result.message()).contains(runs.get(0).id().toString());
    } finally {
      cut.after();
    }
  }
}
