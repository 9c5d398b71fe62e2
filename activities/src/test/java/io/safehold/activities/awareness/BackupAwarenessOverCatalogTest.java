package io.safehold.activities.awareness;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.catalog.AlertDao;
import io.safehold.catalog.AlertRow;
import io.safehold.catalog.AssetDao;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.workflows.awareness.AwarenessLoop;
import io.safehold.workflows.awareness.AwarenessStatus;
import io.safehold.workflows.awareness.BackupAwarenessWorkflow;
import io.safehold.workflows.awareness.BackupAwarenessWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The awareness loop end to end over the real catalog, with the test server's skipped time as the
 * activity's clock: days pass in seconds, and the alerts a user would list appear and clear.
 */
class BackupAwarenessOverCatalogTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  private Jdbi jdbi;

  @BeforeEach
  void setUp() {
    jdbi = TestDatabase.get().fresh().jdbi();
  }

  @Test
  void aBackupGoesStaleAfterItsWindowAndTheAlertClearsWhenTheNextOneLands(
      TestWorkflowEnvironment env, Worker worker) {
    UUID asset =
        jdbi.onDemand(AssetDao.class)
            .ensure(
                List.of(
                    new AssetDao.NewAsset(UUID.randomUUID(), "external", "nas", "event", "nas")))
            .get(0)
            .id();
    Clock testTime =
        new Clock() {
          @Override
          public Instant instant() {
            return Instant.ofEpochMilli(env.currentTimeMillis());
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    backup(asset, testTime.instant());
    worker.registerWorkflowImplementationTypes(BackupAwarenessWorkflowImpl.class);
    worker.registerActivitiesImplementations(new AwarenessActivitiesImpl(jdbi, testTime));
    env.start();
    BackupAwarenessWorkflow loop =
        env.getWorkflowClient()
            .newWorkflowStub(
                BackupAwarenessWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(BackupAwarenessWorkflow.WORKFLOW_ID)
                    .setTaskQueue(worker.getTaskQueue())
                    .build());
    WorkflowClient.start(
        loop::watch,
        AwarenessLoop.startingNow(Duration.ofHours(6).toSeconds(), Duration.ofDays(1).toSeconds()));

    env.sleep(Duration.ofHours(20));
    assertThat(openAlerts()).isEmpty();

    env.sleep(Duration.ofHours(12)); // checks at 24 h and 30 h: the backup is now older than 1 day
    List<AlertRow> open = openAlerts();
    assertThat(open).extracting(AlertRow::kind).containsExactly("STALE_BACKUP");
    assertThat(open.get(0).message()).contains("nas", "1 day");

    backup(asset, testTime.instant());
    env.sleep(Duration.ofHours(6));
    assertThat(openAlerts()).isEmpty();
    AlertRow cleared = jdbi.onDemand(AlertDao.class).find(open.get(0).id()).orElseThrow();
    assertThat(cleared.clearedBy()).isEqualTo("awareness");
    AwarenessStatus status = loop.status();
    assertThat(status.checks()).isEqualTo(7);
    assertThat(status.last().cleared()).isEqualTo(1);
    assertThat(status.failedChecks()).isZero();
  }

  private List<AlertRow> openAlerts() {
    return jdbi.onDemand(AlertDao.class).listByState("open", Long.MAX_VALUE, 10);
  }

  private void backup(UUID asset, Instant finishedAt) {
    jdbi.onDemand(RunDao.class)
        .insertImported(
            List.of(
                new RunDao.ImportedRun(
                    UUID.randomUUID(),
                    "backup",
                    asset,
                    "",
                    "COMPLETED",
                    "event",
                    UUID.randomUUID().toString(),
                    0,
                    null,
                    null,
                    finishedAt,
                    finishedAt)));
  }
}
