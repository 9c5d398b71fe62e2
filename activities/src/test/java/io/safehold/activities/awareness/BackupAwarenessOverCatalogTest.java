package io.safehold.activities.awareness;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.safehold.activities.notify.NotificationActivitiesImpl;
import io.safehold.activities.notify.NotificationCatalogActivitiesImpl;
import io.safehold.activities.notify.NotificationSender;
import io.safehold.catalog.AlertDao;
import io.safehold.catalog.AlertRow;
import io.safehold.catalog.AssetDao;
import io.safehold.catalog.NotificationDao;
import io.safehold.catalog.NotificationTargetRow;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.secrets.CredentialVault;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.awareness.AwarenessLoop;
import io.safehold.workflows.awareness.AwarenessStatus;
import io.safehold.workflows.awareness.BackupAwarenessWorkflow;
import io.safehold.workflows.awareness.BackupAwarenessWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The awareness loop end to end over the real catalog, with the test server's skipped time as the
 * activity's clock: days pass in seconds, and the alerts a user would list appear and clear, and
 * reach a webhook target (a real HTTP receiver) as {@code alert-raised} and {@code alert-cleared}.
 */
class BackupAwarenessOverCatalogTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  private final CredentialVault vault = new CredentialVault(new byte[32]);
  private final List<String> received = new CopyOnWriteArrayList<>();
  private Jdbi jdbi;
  private HttpServer receiver;

  @BeforeEach
  void setUp() throws IOException {
    jdbi = TestDatabase.get().fresh().jdbi();
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    String origin = "http://127.0.0.1:" + receiver.getAddress().getPort();
    jdbi.onDemand(NotificationDao.class)
        .insert(
            new NotificationTargetRow(
                UUID.randomUUID(),
                "ops-hook",
                "webhook",
                vault.seal((origin + "/hook").getBytes(StandardCharsets.UTF_8)),
                origin,
                null,
                null,
                null,
                true,
                null,
                null,
                null,
                null,
                List.of("alert-raised", "alert-cleared"),
                List.of(),
                true,
                null));
  }

  @AfterEach
  void tearDown() {
    receiver.stop(0);
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
    env.newWorker(TaskQueues.WORKFLOWS)
        .registerActivitiesImplementations(new NotificationCatalogActivitiesImpl(jdbi));
    env.newWorker(TaskQueues.NOTIFY)
        .registerActivitiesImplementations(
            new NotificationActivitiesImpl(jdbi, new NotificationSender(jdbi, vault)));
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
    assertThat(received)
        .singleElement()
        .asString()
        .contains("\"event\":\"alert-raised\"", "STALE_BACKUP", "\"name\":\"nas\"");

    backup(asset, testTime.instant());
    env.sleep(Duration.ofHours(6));
    assertThat(openAlerts()).isEmpty();
    AlertRow cleared = jdbi.onDemand(AlertDao.class).find(open.get(0).id()).orElseThrow();
    assertThat(cleared.clearedBy()).isEqualTo("awareness");
    assertThat(received).hasSize(2);
    assertThat(received.get(1)).contains("\"event\":\"alert-cleared\"", "STALE_BACKUP");
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
