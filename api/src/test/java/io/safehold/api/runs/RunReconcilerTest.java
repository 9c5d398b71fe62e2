package io.safehold.api.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.api.testing.CatalogFixtures;
import io.safehold.api.testing.TestStack;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunRow;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunReconcilerTest {

  private static final Duration GRACE = Duration.ofMinutes(2);

  /** Makes every run look older than the grace period. */
  private static final Clock LATER = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));

  private final TestStack stack = TestStack.get();
  private TestStack.Keys keys;
  private RunDao runs;

  @BeforeEach
  void reset() {
    keys = stack.reset();
    runs = stack.services().runs();
    new CatalogFixtures(stack).device("sw1");
  }

  @Test
  void runWhoseWorkflowTemporalDoesNotKnowBecomesAbandoned() {
    UUID id = UUID.randomUUID();
    runs.insertPending(id, "backup", null, "device-backup-" + id);
    runs.markRunning(id, "lost-run");

    int finished = reconciler(LATER).reconcile();

    assertThat(finished).isEqualTo(1);
    RunRow run = runs.find(id).orElseThrow();
    assertThat(run.status()).isEqualTo("ABANDONED");
    assertThat(run.error()).contains("device-backup-" + id);
    assertThat(run.finishedAt()).isNotNull();
  }

  @Test
  void youngRunIsLeftAloneWhileItsWorkflowMayBeStarting() {
    UUID id = UUID.randomUUID();
    runs.insertPending(id, "backup", null, "device-backup-" + id);

    assertThat(reconciler(Clock.systemUTC()).reconcile()).isZero();
    assertThat(runs.find(id).orElseThrow().status()).isEqualTo("PENDING");
  }

  @Test
  void runWithARunningWorkflowIsLeftAlone() {
    UUID id = startBackup();

    assertThat(reconciler(LATER).reconcile()).isZero();
    assertThat(runs.find(id).orElseThrow().status()).isEqualTo("PENDING");
  }

  @Test
  void runWhoseWorkflowWasTerminatedFails() {
    UUID id = startBackup();
    stack
        .services()
        .workflowClient()
        .newUntypedWorkflowStub(runs.find(id).orElseThrow().workflowId())
        .terminate("operator stopped it");

    assertThat(reconciler(LATER).reconcile()).isEqualTo(1);
    RunRow run = runs.find(id).orElseThrow();
    assertThat(run.status()).isEqualTo("FAILED");
    assertThat(run.error()).contains("terminated");
  }

  @Test
  void unreachableTemporalChangesNothing() {
    UUID id = UUID.randomUUID();
    runs.insertPending(id, "backup", null, "device-backup-" + id);
    WorkflowServiceStubs nowhere =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + TestStack.freePort())
                .build());
    try {
      RunReconciler reconciler = new RunReconciler(runs, nowhere, "default", GRACE, LATER);

      assertThat(reconciler.reconcile()).isZero();
      assertThat(runs.find(id).orElseThrow().status()).isEqualTo("PENDING");
    } finally {
      nowhere.shutdownNow();
    }
  }

  private UUID startBackup() {
    var started = stack.client(keys.operator()).post("/api/v1/devices/sw1/backups");
    assertThat(started.status()).isEqualTo(202);
    return UUID.fromString(started.json().get("runId").asText());
  }

  private RunReconciler reconciler(Clock clock) {
    return new RunReconciler(runs, stack.services().serviceStubs(), "default", GRACE, clock);
  }
}
