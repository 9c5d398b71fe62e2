package io.safehold.activities.bacula;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.safehold.activities.catalog.RunActivitiesImpl;
import io.safehold.catalog.AssetDao;
import io.safehold.catalog.AssetDao.NewAsset;
import io.safehold.catalog.BaculaDirectorDao;
import io.safehold.catalog.BaculaDirectorRow;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunRow;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.testbed.bacula.BaculaTestbed;
import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.bacula.BaculaImportRequest;
import io.safehold.workflows.bacula.BaculaImportWorkflow;
import io.safehold.workflows.bacula.BaculaImportWorkflowImpl;
import io.safehold.workflows.bacula.BaculaJobRequest;
import io.safehold.workflows.bacula.BaculaJobResult;
import io.safehold.workflows.bacula.BaculaJobWorkflow;
import io.safehold.workflows.bacula.BaculaJobWorkflowImpl;
import io.safehold.workflows.bacula.BaculaOptions;
import io.safehold.workflows.run.RunStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BaculaJobWorkflow} and {@link BaculaImportWorkflow} on Temporal's test environment, with
 * their real activities against a real Bacula director and the catalog in embedded PostgreSQL.
 */
class BaculaWorkflowsTest {

  private static BaculaTestbed bacula;

  private Jdbi jdbi;
  private TestWorkflowEnvironment env;
  private BaculaDirectorRow director;

  @BeforeAll
  static void startBacula() throws Exception {
    bacula = BaculaTestbed.start();
    Path file = bacula.source().resolve("data.txt");
    Files.writeString(file, "twelve bytes");
    bacula.handOverToDaemons(file);
  }

  @AfterAll
  static void stopBacula() {
    if (bacula != null) {
      bacula.close();
    }
  }

  @BeforeEach
  void setUp() {
    jdbi = TestDatabase.get().fresh().jdbi();
    director = insertDirector("test-dir", bacula.bconsoleConfig().toString());
    env = TestWorkflowEnvironment.newInstance();
    BaculaOptions options =
        new BaculaOptions(Duration.ofHours(1), Duration.ofSeconds(20), Duration.ofMinutes(1));
    Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
    workflows.registerWorkflowImplementationFactory(
        BaculaJobWorkflow.class, () -> new BaculaJobWorkflowImpl(options));
    workflows.registerWorkflowImplementationFactory(
        BaculaImportWorkflow.class, () -> new BaculaImportWorkflowImpl(options));
    workflows.registerActivitiesImplementations(new RunActivitiesImpl(jdbi));
    env.newWorker(TaskQueues.BACULA)
        .registerActivitiesImplementations(
            new BaculaActivitiesImpl(
                jdbi, BaculaDirectors.local(), Duration.ofMillis(500), Duration.ofSeconds(20)));
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private BaculaDirectorRow insertDirector(String name, String config) {
    BaculaDirectorRow row =
        new BaculaDirectorRow(
            UUID.randomUUID(),
            name,
            "local",
            config,
            null,
            22,
            null,
            null,
            null,
            15,
            0,
            true,
            null,
            null,
            null,
            null);
    jdbi.onDemand(BaculaDirectorDao.class).insert(row);
    return row;
  }

  /** What the API does before it starts the workflow: the job's asset and a PENDING run. */
  private UUID pendingRun(String jobName) {
    UUID assetId =
        jdbi.onDemand(AssetDao.class)
            .ensure(
                List.of(
                    new NewAsset(
                        UUID.randomUUID(),
                        BaculaImport.ASSET_KIND,
                        director.name() + "/" + jobName,
                        BaculaImport.SYSTEM,
                        director.id() + ":" + jobName)))
            .get(0)
            .id();
    UUID runId = UUID.randomUUID();
    jdbi.onDemand(RunDao.class)
        .insertPending(runId, "backup", assetId, BaculaJobWorkflow.workflowId(runId.toString()));
    return runId;
  }

  private BaculaJobWorkflow jobWorkflow(UUID runId) {
    return env.getWorkflowClient()
        .newWorkflowStub(
            BaculaJobWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(BaculaJobWorkflow.workflowId(runId.toString()))
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .build());
  }

  private RunRow run(UUID runId) {
    return jdbi.onDemand(RunDao.class).find(runId).orElseThrow();
  }

  @Test
  void runsAJobAndRecordsTheRunCompletedWithItsBytes() {
    UUID runId = pendingRun(BaculaTestbed.BACKUP_JOB);
    BaculaJobResult result =
        jobWorkflow(runId)
            .run(
                new BaculaJobRequest(
                    runId.toString(), director.id().toString(), BaculaTestbed.BACKUP_JOB));

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    RunRow run = run(runId);
    assertThat(run.status()).isEqualTo("COMPLETED");
    assertThat(run.bytes()).isEqualTo(12);
    assertThat(run.externalId()).isEqualTo(director.id() + ":" + result.jobId());
    assertThat(run.result()).contains("\"jobStatus\": \"T\"");
  }

  @Test
  void aJobEndingTerminatedWithErrorsIsCompletedWithWarnings() {
    UUID runId = pendingRun(BaculaTestbed.MISSING_PATH_JOB);
    BaculaJobResult result =
        jobWorkflow(runId)
            .run(
                new BaculaJobRequest(
                    runId.toString(), director.id().toString(), BaculaTestbed.MISSING_PATH_JOB));

    assertThat(result.jobStatus()).isEqualTo("T");
    assertThat(result.errors()).isEqualTo(1);
    RunRow run = run(runId);
    assertThat(run.status()).isEqualTo("COMPLETED_WITH_WARNINGS");
    assertThat(run.error()).contains("1 error(s)");
  }

  @Test
  void cancellingTheRunCancelsTheBaculaJob() throws Exception {
    UUID runId = pendingRun(BaculaTestbed.SLOW_JOB);
    BaculaJobWorkflow workflow = jobWorkflow(runId);
    WorkflowClient.start(
        workflow::run,
        new BaculaJobRequest(runId.toString(), director.id().toString(), BaculaTestbed.SLOW_JOB));
    awaitTrue(() -> run(runId).externalId() != null, "the run to learn its JobId");
    long jobId = Long.parseLong(run(runId).externalId().split(":")[1]);

    WorkflowStub.fromTyped(workflow).cancel();
    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(BaculaJobResult.class))
        .isInstanceOf(WorkflowException.class);

    assertThat(run(runId).status()).isEqualTo("CANCELLED");
    BaculaDirector bconsole = BaculaDirectorTest.directorFor(bacula.bconsoleConfig());
    assertThat(BaculaDirectorTest.awaitEnd(bconsole, jobId).status()).isEqualTo("A");
  }

  @Test
  void importsFinishedJobsOnceAndSkipsTheOnesSafeholdRan() throws Exception {
    BaculaDirector bconsole = BaculaDirectorTest.directorFor(bacula.bconsoleConfig());
    long good = bconsole.runJob(BaculaTestbed.BACKUP_JOB);
    long warned = bconsole.runJob(BaculaTestbed.MISSING_PATH_JOB);
    BaculaDirectorTest.awaitEnd(bconsole, good);
    BaculaDirectorTest.awaitEnd(bconsole, warned);
    UUID ownRun = pendingRun(BaculaTestbed.BACKUP_JOB);
    BaculaJobResult own =
        jobWorkflow(ownRun)
            .run(
                new BaculaJobRequest(
                    ownRun.toString(), director.id().toString(), BaculaTestbed.BACKUP_JOB));

    BaculaImportWorkflow importer =
        env.getWorkflowClient()
            .newWorkflowStub(
                BaculaImportWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(BaculaImportWorkflow.workflowId(director.id().toString()))
                    .setTaskQueue(TaskQueues.WORKFLOWS)
                    .build());
    WorkflowClient.start(
        importer::importJobs, new BaculaImportRequest(director.id().toString(), 2));
    RunDao runs = jdbi.onDemand(RunDao.class);
    String source = BaculaImport.SOURCE;
    awaitTrue(
        () -> runs.findExternal(source, director.id() + ":" + warned).isPresent(),
        "the import to write the runs");

    RunRow imported = runs.findExternal(source, director.id() + ":" + good).orElseThrow();
    assertThat(imported.status()).isEqualTo("COMPLETED");
    assertThat(imported.kind()).isEqualTo("backup");
    assertThat(imported.bytes()).isEqualTo(12);
    assertThat(imported.finishedAt()).isNotNull();
    assertThat(jdbi.onDemand(AssetDao.class).find(imported.assetId()).orElseThrow())
        .satisfies(
            asset -> {
              assertThat(asset.kind()).isEqualTo("bacula-job");
              assertThat(asset.externalId())
                  .isEqualTo(director.id() + ":" + BaculaTestbed.BACKUP_JOB);
            });
    // The same asset as the job Safehold ran itself.
    assertThat(imported.assetId()).isEqualTo(run(ownRun).assetId());
    assertThat(runs.findExternal(source, director.id() + ":" + warned).orElseThrow().status())
        .isEqualTo("COMPLETED_WITH_WARNINGS");
    assertThat(runs.findExternal(source, director.id() + ":" + own.jobId())).isEmpty();

    BaculaDirectorRow after =
        jdbi.onDemand(BaculaDirectorDao.class).find(director.id()).orElseThrow();
    assertThat(after.healthy()).isTrue();
    assertThat(after.importWatermark()).isEqualTo(own.jobId());
    int before = countBaculaRuns();

    // The next cycle (15 minutes later, skipped) finds nothing new.
    env.sleep(Duration.ofMinutes(16));
    awaitTrue(
        () ->
            jdbi.onDemand(BaculaDirectorDao.class)
                .find(director.id())
                .orElseThrow()
                .lastImportAt()
                .isAfter(after.lastImportAt()),
        "a second import cycle");
    assertThat(countBaculaRuns()).isEqualTo(before);
    WorkflowStub.fromTyped(importer).terminate("test over");
  }

  @Test
  void aDirectorThatIsDownIsMarkedUnhealthyAndRetried() throws Exception {
    BaculaDirectorRow down = insertDirector("down-dir", unreachableConfig().toString());
    BaculaImportWorkflow importer =
        env.getWorkflowClient()
            .newWorkflowStub(
                BaculaImportWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(BaculaImportWorkflow.workflowId(down.id().toString()))
                    .setTaskQueue(TaskQueues.WORKFLOWS)
                    .build());
    WorkflowClient.start(importer::importJobs, BaculaImportRequest.of(down.id().toString()));
    BaculaDirectorDao directors = jdbi.onDemand(BaculaDirectorDao.class);
    awaitTrue(() -> !directors.find(down.id()).orElseThrow().healthy(), "the director unhealthy");
    BaculaDirectorRow row = directors.find(down.id()).orElseThrow();
    assertThat(row.lastError()).contains("Could not log in to the Bacula director");
    WorkflowStub.fromTyped(importer).terminate("test over");
  }

  private int countBaculaRuns() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT count(*) FROM runs WHERE source = 'import:bacula'")
                .mapTo(Integer.class)
                .one());
  }

  private static Path unreachableConfig() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path config = Files.createTempFile("bconsole-down", ".conf");
    Files.writeString(
        config,
        Files.readString(bacula.bconsoleConfig())
            .replaceAll("DIRport = \\d+", "DIRport = " + port));
    config.toFile().deleteOnExit();
    return config;
  }

  /** Polls (at most 240 times, 0.25 s apart) until {@code condition} holds. */
  private static void awaitTrue(BooleanSupplier condition, String what) throws Exception {
    for (int i = 0; i < 240; i++) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out waiting for " + what);
  }
}
