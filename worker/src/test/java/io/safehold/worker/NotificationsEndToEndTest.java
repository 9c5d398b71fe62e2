package io.safehold.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.safehold.activities.catalog.DeviceCatalogActivitiesImpl;
import io.safehold.activities.catalog.RunActivitiesImpl;
import io.safehold.activities.notify.NotificationActivitiesImpl;
import io.safehold.activities.notify.NotificationCatalogActivitiesImpl;
import io.safehold.activities.notify.NotificationSender;
import io.safehold.catalog.DeviceDao;
import io.safehold.catalog.DeviceRow;
import io.safehold.catalog.NotificationDao;
import io.safehold.catalog.NotificationTargetRow;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunEventRow;
import io.safehold.catalog.secrets.CredentialVault;
import io.safehold.catalog.testing.SampleRows;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.netdevice.DeviceBackupRequest;
import io.safehold.workflows.netdevice.DeviceConfigBackupWorkflow;
import io.safehold.workflows.netdevice.NetDeviceActivities;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole seam: a device backup that fails, on the workers {@link SafeholdWorkers} builds, with
 * the real catalog activities and the real notify activities, sending to a real HTTP receiver on
 * 127.0.0.1. One target receives the event; another answers 404, and that is recorded on the run
 * while the run keeps its own failure.
 */
class NotificationsEndToEndTest {

  private static final String SECRET = "T000-B000-s3cr3tT0ken";

  private final List<String> received = new CopyOnWriteArrayList<>();
  private final CredentialVault vault = new CredentialVault(new byte[32]);
  private Jdbi jdbi;
  private HttpServer receiver;
  private TestWorkflowEnvironment env;
  private SafeholdWorkers workers;

  @BeforeEach
  void setUp() throws Exception {
    jdbi = TestDatabase.get().fresh().jdbi();
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            received.add(
                exchange.getRequestURI().getPath()
                    + " "
                    + new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
          int status = exchange.getRequestURI().getPath().startsWith("/gone") ? 404 : 204;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
    env = TestWorkflowEnvironment.newInstance();
  }

  @AfterEach
  void tearDown() {
    if (workers != null) {
      workers.shutdown();
    }
    env.close();
    receiver.stop(0);
  }

  @Test
  void aFailedDeviceBackupReachesTheWebhookAndAnUndeliverableOneIsRecordedOnTheRun() {
    DeviceRow device = SampleRows.device("sw-core-1");
    jdbi.onDemand(DeviceDao.class).insert(device);
    UUID run = UUID.randomUUID();
    jdbi.onDemand(RunDao.class).insertPending(run, "backup", device.id(), "device-backup-" + run);
    target("ops-hook", "/ok");
    // The path is the secret of a Slack-style URL: it must not reach the workflow's history.
    target("old-hook", "/gone/" + SECRET);
    NetDeviceActivities refusing =
        request -> {
          throw ApplicationFailure.newNonRetryableFailure(
              "Authentication failed for admin at 127.0.0.1:2222; check the device's credential.",
              NetDeviceActivities.AUTHENTICATION_FAILED);
        };
    workers =
        new SafeholdWorkers(
            env.getWorkflowClient(),
            new WorkerSettings(),
            new WorkerActivities(
                    new RunActivitiesImpl(jdbi), new DeviceCatalogActivitiesImpl(jdbi), refusing)
                .withNotifications(
                    new NotificationCatalogActivitiesImpl(jdbi),
                    new NotificationActivitiesImpl(jdbi, new NotificationSender(jdbi, vault))));
    workers.start();

    DeviceConfigBackupWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                DeviceConfigBackupWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(TaskQueues.WORKFLOWS)
                    .setWorkflowId(DeviceConfigBackupWorkflow.workflowId(run.toString()))
                    .build());
    WorkflowFailedException failure =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> workflow.backup(new DeviceBackupRequest(run.toString(), device.id().toString())));

    assertThat(((ApplicationFailure) failure.getCause()).getOriginalMessage())
        .startsWith("Authentication failed for admin");
    assertThat(jdbi.onDemand(RunDao.class).find(run).orElseThrow().status()).isEqualTo("FAILED");
    assertThat(received)
        .filteredOn(r -> r.startsWith("/ok "))
        .singleElement()
        .asString()
        .contains("\"event\":\"run-failed\"")
        .contains("\"name\":\"sw-core-1\"")
        .contains("\"kind\":\"network-device\"")
        .contains("\"id\":\"" + run + "\"")
        .contains("Authentication failed for admin");
    List<String> events =
        jdbi.onDemand(RunDao.class).events(run).stream().map(RunEventRow::message).toList();
    assertThat(events)
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith(
                        "Notification of run-failed to target 'old-hook' (webhook) was not"
                            + " delivered: Webhook 'old-hook' at http://127.0.0.1:")
                    .contains("answered HTTP 404"));
    assertThat(events).noneMatch(e -> e.contains("'ops-hook'"));
    assertThat(events).noneMatch(e -> e.contains(SECRET));
    String history =
        env.getWorkflowClient()
            .fetchHistory(DeviceConfigBackupWorkflow.workflowId(run.toString()))
            .toJson(false);
    assertThat(history).contains("old-hook").doesNotContain(SECRET);
  }

  private void target(String name, String path) {
    String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    jdbi.onDemand(NotificationDao.class)
        .insert(
            new NotificationTargetRow(
                UUID.randomUUID(),
                name,
                "webhook",
                vault.seal(url.getBytes(StandardCharsets.UTF_8)),
                "http://127.0.0.1:" + receiver.getAddress().getPort(),
                null,
                null,
                null,
                true,
                null,
                null,
                null,
                null,
                List.of("run-failed"),
                List.of("network-device"),
                true,
                null));
  }
}
