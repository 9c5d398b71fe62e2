package io.safehold.api.awareness;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.StatusRuntimeException;
import io.safehold.api.testing.TestStack;
import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.awareness.BackupAwarenessWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The API process starts the one awareness loop at start-up (the test stack has no workers). */
class AwarenessLoopStartTest {

  private final TestStack stack = TestStack.get();

  @Test
  void theAppStartsTheLoopWithItsFixedIdOnTheWorkflowsQueue() throws Exception {
    DescribeWorkflowExecutionResponse described = null;
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (described == null && Instant.now().isBefore(deadline)) {
      try {
        described =
            stack
                .services()
                .serviceStubs()
                .blockingStub()
                .describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(
                            WorkflowExecution.newBuilder()
                                .setWorkflowId(BackupAwarenessWorkflow.WORKFLOW_ID))
                        .build());
      } catch (StatusRuntimeException notYet) {
        Thread.sleep(200);
      }
    }

    assertThat(described).as("the awareness loop was started within 30 s").isNotNull();
    assertThat(described.getWorkflowExecutionInfo().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(described.getWorkflowExecutionInfo().getType().getName())
        .isEqualTo("BackupAwarenessWorkflow");
    assertThat(described.getExecutionConfig().getTaskQueue().getName())
        .isEqualTo(TaskQueues.WORKFLOWS);
  }
}
