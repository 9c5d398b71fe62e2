package io.safehold.activities.cove;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.safehold.catalog.AssetRow;
import io.safehold.catalog.CoveAccountDao;
import io.safehold.catalog.CoveAccountRow;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.CredentialRow;
import io.safehold.catalog.RunRow;
import io.safehold.catalog.secrets.CredentialVault;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.testbed.cove.CoveBackupSession;
import io.safehold.testbed.cove.CoveEmulator;
import io.safehold.testbed.cove.CoveFault;
import io.safehold.testbed.cove.CoveRecordedCall;
import io.safehold.testbed.cove.CoveTenant;
import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.cove.CovePollingOptions;
import io.safehold.workflows.cove.CovePollingRequest;
import io.safehold.workflows.cove.CovePollingWorkflow;
import io.safehold.workflows.cove.CovePollingWorkflowImpl;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Cove polling loop end to end: {@link CovePollingWorkflowImpl} on Temporal's test server,
 * {@link CoveActivitiesImpl} against the strict emulator, writing into a real PostgreSQL. Cycles
 * are driven by the "poll now" signal; the 15-minute interval never passes during a test.
 */
class CovePollingOverEmulatorTest {

  private static final String PASSWORD = "tenant-secret-Zq8";
  private static final Instant LAST_NIGHT = Instant.parse("2026-11-22T01:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(60);

  private Jdbi jdbi;
  private CredentialVault vault;
  private CoveEmulator emulator;
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private CoveAccountDao accounts;

  @BeforeEach
  void start() {
    jdbi = TestDatabase.get().fresh().jdbi();
    accounts = jdbi.onDemand(CoveAccountDao.class);
    vault = CredentialVault.fromBase64(CredentialVault.newBase64Key());
    emulator = CoveEmulator.start();
    env = TestWorkflowEnvironment.newInstance();
    Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
    CovePollingOptions options = new CovePollingOptions(Duration.ofMillis(100), 3, 2);
    workflows.registerWorkflowImplementationFactory(
        CovePollingWorkflow.class, () -> new CovePollingWorkflowImpl(options));
    env.newWorker(TaskQueues.COVE)
        .registerActivitiesImplementations(
            new CoveActivitiesImpl(jdbi, vault, Duration.ofSeconds(5), 2));
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void importsDevicesAsAssetsAndSessionsAsRunsAndASecondCycleWritesNothing() throws Exception {
    CoveTenant tenant = emulator.addTenant("Acme MSP", "api@acme.test", PASSWORD);
    long good = emulator.addDevice(tenant, "fs01", "FS01");
    emulator.appendSession(good, CoveBackupSession.completed(LAST_NIGHT, Duration.ofMinutes(40)));
    long warned = emulator.addDevice(tenant, "sql01", "SQL01");
    emulator.appendSession(
        warned, CoveBackupSession.completed(LAST_NIGHT.minus(Duration.ofDays(1)), Duration.ZERO));
    emulator.appendSession(warned, new CoveBackupSession(8, LAST_NIGHT, Duration.ofMinutes(5), 3));
    long running = emulator.addDevice(tenant, "ws07", "WS07");
    emulator.appendSession(running, new CoveBackupSession(2, LAST_NIGHT, Duration.ofMinutes(1), 1));
    emulator.appendSession(
        running, new CoveBackupSession(1, LAST_NIGHT.plus(Duration.ofHours(20)), Duration.ZERO, 0));
    emulator.addDevice(tenant, "new01", "NEW01");
    UUID account = account("acme", "Acme MSP", "api@acme.test");

    String workflowId = startPolling(account);
    CoveAccountRow first = awaitCycles(account, 1);

    assertThat(first.healthy()).isTrue();
    assertThat(first.lastError()).isNull();
    assertThat(first.partnerId()).isEqualTo(tenant.partnerId());
    JsonNode stats = new ObjectMapper().readTree(first.lastPollStatsJson());
    assertThat(stats.path("devices").asInt()).isEqualTo(4);
    assertThat(stats.path("newDevices").asInt()).isEqualTo(4);
    assertThat(stats.path("runsInserted").asInt()).isEqualTo(5);
    assertThat(assets())
        .extracting(AssetRow::name)
        .containsExactlyInAnyOrder("fs01", "sql01", "ws07", "new01");
    assertThat(assets()).allSatisfy(a -> assertThat(a.kind()).isEqualTo("cove-device"));
    Map<String, String> statuses = runStatuses();
    long partner = tenant.partnerId();
    assertThat(statuses)
        .containsOnly(
            Map.entry(sessionId(partner, good, LAST_NIGHT), "COMPLETED"),
            Map.entry(sessionId(partner, warned, LAST_NIGHT), "COMPLETED_WITH_WARNINGS"),
            Map.entry(
                sessionId(partner, warned, LAST_NIGHT.minus(Duration.ofDays(1))), "COMPLETED"),
            Map.entry(sessionId(partner, running, LAST_NIGHT), "FAILED"),
            Map.entry(
                sessionId(partner, running, LAST_NIGHT.plus(Duration.ofHours(20))), "RUNNING"));
    RunRow warning = run(sessionId(partner, warned, LAST_NIGHT));
    assertThat(warning.error()).contains("sql01").contains("completed with errors").contains("3");
    assertThat(warning.finishedAt()).isEqualTo(LAST_NIGHT.plus(Duration.ofMinutes(5)));
    assertThat(warning.assetId()).isNotNull();

    pollNow(workflowId);
    CoveAccountRow second = awaitCycles(account, 2);
    JsonNode again = new ObjectMapper().readTree(second.lastPollStatsJson());
    assertThat(again.path("rowsWritten").asInt()).isZero();
    assertThat(runStatuses()).hasSize(5);
    assertThat(assets()).hasSize(4);

    // The running session ends: its run is settled, not imported a second time.
    emulator.finishLastSession(running, 5, Duration.ofMinutes(30), 0);
    pollNow(workflowId);
    CoveAccountRow third = awaitCycles(account, 3);
    JsonNode settled = new ObjectMapper().readTree(third.lastPollStatsJson());
    assertThat(settled.path("runsSettled").asInt()).isEqualTo(1);
    assertThat(settled.path("runsInserted").asInt()).isZero();
    RunRow ended = run(sessionId(partner, running, LAST_NIGHT.plus(Duration.ofHours(20))));
    assertThat(ended.status()).isEqualTo("COMPLETED");
    assertThat(ended.finishedAt())
        .isEqualTo(LAST_NIGHT.plus(Duration.ofHours(20)).plus(Duration.ofMinutes(30)));
    assertThat(runStatuses()).hasSize(5);

    // Three cycles with two per run: the loop continued as new and still runs.
    assertThat(status(workflowId))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertNoSecretInHistory(workflowId);
  }

  @Test
  void anExpiredVisaLeadsToANewLoginAndTheCycleSucceeds() {
    CoveTenant tenant = emulator.addTenant("Acme MSP", "api@acme.test", PASSWORD);
    long device = emulator.addDevice(tenant, "fs01", "FS01");
    emulator.appendSession(device, CoveBackupSession.completed(LAST_NIGHT, Duration.ofMinutes(4)));
    UUID account = account("acme", "Acme MSP", "api@acme.test");
    String workflowId = startPolling(account);
    awaitCycles(account, 1);
    assertThat(emulator.callCount("Login")).isEqualTo(1);

    emulator.expireVisas();
    emulator.appendSession(
        device, CoveBackupSession.completed(LAST_NIGHT.plus(Duration.ofDays(1)), Duration.ZERO));
    pollNow(workflowId);
    CoveAccountRow after = awaitCycles(account, 2);

    assertThat(after.healthy()).isTrue();
    assertThat(emulator.callCount("Login")).isEqualTo(2);
    assertThat(runStatuses())
        .containsEntry(
            sessionId(tenant.partnerId(), device, LAST_NIGHT.plus(Duration.ofDays(1))),
            "COMPLETED");
    assertNoSecretInHistory(workflowId);
  }

  @Test
  void anUnreachableApiMarksTheAccountUnhealthyUntilAGoodCycle() {
    CoveTenant tenant = emulator.addTenant("Acme MSP", "api@acme.test", PASSWORD);
    long device = emulator.addDevice(tenant, "fs01", "FS01");
    emulator.appendSession(device, CoveBackupSession.completed(LAST_NIGHT, Duration.ofMinutes(4)));
    UUID account = account("acme", "Acme MSP", "api@acme.test");
    // Every attempt of the first cycle (3 in this test's options) meets an HTTP 500.
    emulator.failNextCalls(3, CoveFault.HTTP_500);

    String workflowId = startPolling(account);
    CoveAccountRow down = awaitCycles(account, 1);

    assertThat(down.healthy()).isFalse();
    assertThat(down.lastError()).contains("HTTP 500").contains("Acme MSP");
    assertThat(emulator.callCount("Login")).isEqualTo(3);
    assertThat(runStatuses()).isEmpty();
    assertThat(status(workflowId))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

    pollNow(workflowId);
    CoveAccountRow back = awaitCycles(account, 2);

    assertThat(back.healthy()).isTrue();
    assertThat(back.lastError()).isNull();
    assertThat(runStatuses()).hasSize(1);
  }

  @Test
  void aMalformedPageIsSkippedWithItsRequestIdAndTheNextCycleCatchesUp() throws Exception {
    CoveTenant tenant = emulator.addTenant("Acme MSP", "api@acme.test", PASSWORD);
    List<Long> devices = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long device = emulator.addDevice(tenant, "pc" + i, "PC" + i);
      emulator.appendSession(device, CoveBackupSession.completed(LAST_NIGHT, Duration.ZERO));
      devices.add(device);
    }
    UUID account = account("acme", "Acme MSP", "api@acme.test");
    String workflowId = startPolling(account);
    awaitCycles(account, 1);
    Instant tonight = LAST_NIGHT.plus(Duration.ofDays(1));
    for (long device : devices) {
      emulator.appendSession(device, CoveBackupSession.completed(tonight, Duration.ZERO));
    }

    // The client still holds a live visa, so the next call is the first page (pc0, pc1).
    emulator.failNextCalls(1, CoveFault.MALFORMED_BODY);
    pollNow(workflowId);
    CoveAccountRow skipped = awaitCycles(account, 2);

    assertThat(skipped.healthy()).isTrue();
    assertThat(skipped.lastError()).contains("1 page(s) of devices skipped").contains("request id");
    JsonNode stats = new ObjectMapper().readTree(skipped.lastPollStatsJson());
    assertThat(stats.path("skippedPages").asInt()).isEqualTo(1);
    assertThat(stats.path("runsInserted").asInt()).isEqualTo(3);
    long partner = tenant.partnerId();
    assertThat(runStatuses())
        .doesNotContainKey(sessionId(partner, devices.get(0), tonight))
        .containsKey(sessionId(partner, devices.get(4), tonight));
    String faultedRequestVisa =
        emulator.calls().stream()
            .filter(call -> call.fault() == CoveFault.MALFORMED_BODY)
            .map(CoveRecordedCall::method)
            .findFirst()
            .orElseThrow();
    assertThat(faultedRequestVisa).isEqualTo("EnumerateAccountStatistics");

    pollNow(workflowId);
    CoveAccountRow caughtUp = awaitCycles(account, 3);
    assertThat(caughtUp.lastError()).isNull();
    assertThat(runStatuses()).containsKey(sessionId(partner, devices.get(0), tonight)).hasSize(10);
  }

  @Test
  void twoTenantsArePolledApartAndTheirSameNamedDevicesAreKeptApart() {
    CoveTenant acme = emulator.addTenant("Acme MSP", "api@acme.test", PASSWORD);
    CoveTenant globex = emulator.addTenant("Globex MSP", "api@globex.test", "globex-pass-91");
    for (CoveTenant tenant : List.of(acme, globex)) {
      for (int i = 0; i < 3; i++) {
        long device = emulator.addDevice(tenant, "pc" + i, "PC" + i);
        emulator.appendSession(device, CoveBackupSession.completed(LAST_NIGHT, Duration.ZERO));
      }
    }
    UUID acmeAccount = account("acme", "Acme MSP", "api@acme.test");
    UUID globexAccount = account("globex", "Globex MSP", "api@globex.test", "globex-pass-91");

    startPolling(acmeAccount);
    startPolling(globexAccount);
    CoveAccountRow a = awaitCycles(acmeAccount, 1);
    CoveAccountRow g = awaitCycles(globexAccount, 1);

    assertThat(a.partnerId()).isEqualTo(acme.partnerId());
    assertThat(g.partnerId()).isEqualTo(globex.partnerId());
    assertThat(assets()).hasSize(6);
    assertThat(assets().stream().map(AssetRow::externalId).collect(Collectors.toSet()))
        .hasSize(6)
        .allMatch(
            id -> id.startsWith(acme.partnerId() + ":") || id.startsWith(globex.partnerId() + ":"));
    assertThat(runStatuses()).hasSize(6);
  }

  @Test
  void aWrongPasswordMarksTheAccountUnhealthyWithoutRetrying() {
    emulator.addTenant("Acme MSP", "api@acme.test", PASSWORD);
    UUID account = account("acme", "Acme MSP", "api@acme.test", "not-the-password");

    String workflowId = startPolling(account);
    CoveAccountRow refused = awaitCycles(account, 1);

    assertThat(refused.healthy()).isFalse();
    assertThat(refused.lastError())
        .contains("refused the login of user 'api@acme.test' for partner 'Acme MSP'")
        .doesNotContain("not-the-password");
    assertThat(emulator.callCount("Login")).isEqualTo(1);
    assertThat(status(workflowId))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }

  @Test
  void deletingTheAccountEndsItsLoop() throws Exception {
    emulator.addTenant("Acme MSP", "api@acme.test", PASSWORD);
    UUID account = account("acme", "Acme MSP", "api@acme.test");
    String workflowId = startPolling(account);
    awaitCycles(account, 1);

    accounts.delete(account);
    pollNow(workflowId);

    client.newUntypedWorkflowStub(workflowId).getResult(30, TimeUnit.SECONDS, Void.class);
    assertThat(status(workflowId))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  }

  private UUID account(String name, String partner, String username) {
    return account(name, partner, username, PASSWORD);
  }

  private UUID account(String name, String partner, String username, String password) {
    UUID credential = UUID.randomUUID();
    jdbi.onDemand(CredentialDao.class)
        .insert(
            new CredentialRow(
                credential,
                name + "-login",
                "password",
                username,
                vault.seal(password.getBytes(StandardCharsets.UTF_8)),
                null,
                null));
    UUID id = UUID.randomUUID();
    accounts.insert(
        new CoveAccountRow(
            id,
            name,
            emulator.endpoint().toString(),
            partner,
            credential,
            900,
            50,
            null,
            null,
            null,
            null,
            null,
            null,
            0));
    return id;
  }

  private String startPolling(UUID account) {
    String workflowId = CovePollingWorkflow.workflowId(account.toString());
    CovePollingWorkflow workflow =
        client.newWorkflowStub(
            CovePollingWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .setWorkflowId(workflowId)
                .build());
    WorkflowClient.start(workflow::poll, CovePollingRequest.of(account.toString()));
    return workflowId;
  }

  private void pollNow(String workflowId) {
    client.newWorkflowStub(CovePollingWorkflow.class, workflowId).pollNow();
  }

  private WorkflowExecutionStatus status(String workflowId) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(env.getNamespace())
                .setExecution(
                    io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                        .setWorkflowId(workflowId))
                .build())
        .getWorkflowExecutionInfo()
        .getStatus();
  }

  private CoveAccountRow awaitCycles(UUID account, long cycles) {
    return await(account, row -> row.pollCount() >= cycles);
  }

  private CoveAccountRow await(UUID account, Predicate<CoveAccountRow> done) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      CoveAccountRow row = accounts.find(account).orElseThrow();
      if (done.test(row)) {
        return row;
      }
      assertThat(System.nanoTime())
          .as("cycle of %s within %s", row.name(), WAIT)
          .isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private List<AssetRow> assets() {
    return jdbi.withHandle(
        h ->
            h.registerRowMapper(ConstructorMapper.factory(AssetRow.class))
                .createQuery(
                    "SELECT id, kind, name, system, external_id, backup_window_s, created_at"
                        + " FROM assets WHERE system = 'cove'")
                .mapTo(AssetRow.class)
                .list());
  }

  private Map<String, String> runStatuses() {
    return jdbi.withHandle(
        h ->
            h
                .createQuery("SELECT external_id, status FROM runs WHERE source = 'import:cove'")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  private RunRow run(String externalId) {
    return jdbi.onDemand(io.safehold.catalog.RunDao.class)
        .findExternal("import:cove", externalId)
        .orElseThrow();
  }

  private static String sessionId(long partnerId, long deviceId, Instant time) {
    return partnerId + ":" + deviceId + ":" + time.getEpochSecond();
  }

  /** Neither the password nor any visa the emulator handed out is in the loop's history. */
  private void assertNoSecretInHistory(String workflowId) {
    String history = client.fetchHistory(workflowId).toJson(false);
    assertThat(history).doesNotContain(PASSWORD);
    for (CoveRecordedCall call : emulator.calls()) {
      if (call.visaSent() != null) {
        assertThat(history).doesNotContain(call.visaSent());
      }
    }
  }
}
