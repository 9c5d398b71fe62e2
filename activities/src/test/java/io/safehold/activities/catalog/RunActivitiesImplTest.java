package io.safehold.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.safehold.catalog.AlertDao;
import io.safehold.catalog.AlertRow;
import io.safehold.catalog.ArtifactRow;
import io.safehold.catalog.AwarenessDao;
import io.safehold.catalog.DeviceDao;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunEventRow;
import io.safehold.catalog.RunRow;
import io.safehold.catalog.testing.SampleRows;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.workflows.run.RunActivities;
import io.safehold.workflows.run.RunEventType;
import io.safehold.workflows.run.RunOutcome;
import io.safehold.workflows.run.RunStatus;
import io.safehold.workflows.run.StoredObject;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunActivitiesImplTest {

  private Jdbi jdbi;
  private RunDao runs;
  private RunActivitiesImpl activities;
  private UUID device;

  @BeforeEach
  void setUp() {
    jdbi = TestDatabase.get().fresh().jdbi();
    runs = jdbi.onDemand(RunDao.class);
    activities = new RunActivitiesImpl(jdbi);
    var row = SampleRows.device("sw1");
    jdbi.onDemand(DeviceDao.class).insert(row);
    device = row.id();
  }

  private UUID pending() {
    UUID id = UUID.randomUUID();
    runs.insertPending(id, "backup", device, "device-backup-" + id);
    return id;
  }

  private static void assertFailsFor(String type, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(type);
              assertThat(f.isNonRetryable()).isTrue();
            });
  }

  @Test
  void markRunningRecordsTheTemporalRunIdAndLeavesAFinishedRunAlone() {
    UUID id = pending();

    activities.markRunning(id.toString(), "temporal-run-1");
    assertThat(runs.find(id).orElseThrow().status()).isEqualTo("RUNNING");
    assertThat(runs.find(id).orElseThrow().temporalRunId()).isEqualTo("temporal-run-1");

    runs.finish(id, "CANCELLED", "cancelled by an operator", 0, null);
    activities.markRunning(id.toString(), "temporal-run-2");
    RunRow row = runs.find(id).orElseThrow();
    assertThat(row.status()).isEqualTo("CANCELLED");
    assertThat(row.temporalRunId()).isEqualTo("temporal-run-1");
  }

  @Test
  void setPhaseShowsTheCurrentStepUntilTheRunEnds() {
    UUID id = pending();
    activities.markRunning(id.toString(), "t");

    activities.setPhase(id.toString(), "capturing config");
    assertThat(runs.find(id).orElseThrow().phase()).isEqualTo("capturing config");

    runs.finish(id, "COMPLETED", null, 0, null);
    activities.setPhase(id.toString(), "late");
    assertThat(runs.find(id).orElseThrow().phase()).isNull();
  }

  @Test
  void recordEventAppendsToTheSessionLogInOrder() {
    UUID id = pending();

    activities.recordEvent(id.toString(), RunEventType.CONNECT, "connecting to 127.0.0.1:2222");
    activities.recordEvent(id.toString(), RunEventType.SUCCESS, "stored config version 1");

    assertThat(runs.events(id))
        .extracting(RunEventRow::type, RunEventRow::message)
        .containsExactly(
            tuple("connect", "connecting to 127.0.0.1:2222"),
            tuple("success", "stored config version 1"));
  }

  @Test
  void finishWritesStatusErrorBytesResultAndArtifacts() {
    UUID id = pending();
    activities.markRunning(id.toString(), "t");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("configVersion", 3);
    result.put("unchanged", false);
    StoredObject config =
        new StoredObject(
            "configs/" + device + "/sw1_20260501_100000.txt",
            812,
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

    activities.finish(
        new RunOutcome(
            id.toString(),
            RunStatus.COMPLETED_WITH_WARNINGS,
            "2 lines not normalised",
            812,
            List.of(config),
            result));

    RunRow row = runs.find(id).orElseThrow();
    assertThat(row.status()).isEqualTo("COMPLETED_WITH_WARNINGS");
    assertThat(row.error()).isEqualTo("2 lines not normalised");
    assertThat(row.bytes()).isEqualTo(812);
    assertThat(row.result()).isEqualTo("{\"unchanged\": false, \"configVersion\": 3}");
    assertThat(row.finishedAt()).isNotNull();
    assertThat(runs.artifacts(id))
        .containsExactly(new ArtifactRow(id, config.key(), config.size(), config.sha256()));
  }

  @Test
  void aSuccessfulBackupClearsTheAssetsAwarenessAlertsAndAFailedOneDoesNot() {
    AlertDao alerts = jdbi.onDemand(AlertDao.class);
    long never = alerts.raise(AwarenessDao.NO_BACKUP, device, "", null, "never backed up");
    UUID failed = pending();
    activities.finish(RunOutcome.failed(failed.toString(), RunStatus.FAILED, "refused"));
    assertThat(alerts.find(never).orElseThrow().clearedAt()).isNull();

    UUID landed = pending();
    activities.finish(
        new RunOutcome(landed.toString(), RunStatus.COMPLETED, null, 1, List.of(), null));

    AlertRow cleared = alerts.find(never).orElseThrow();
    assertThat(cleared.clearedBy()).isEqualTo("run " + landed);
    assertThat(alerts.events(never)).extracting(e -> e.type()).containsExactly("raise", "clear");
  }

  @Test
  void finishingTwiceChangesNothingTheSecondTime() {
    UUID id = pending();
    StoredObject first = new StoredObject("configs/a.txt", 10, "aa");
    RunOutcome outcome =
        new RunOutcome(id.toString(), RunStatus.COMPLETED, null, 10, List.of(first), Map.of());

    activities.finish(outcome);
    activities.finish(outcome);
    activities.finish(
        new RunOutcome(
            id.toString(),
            RunStatus.FAILED,
            "late failure",
            0,
            List.of(new StoredObject("configs/b.txt", 20, "bb")),
            Map.of()));

    RunRow row = runs.find(id).orElseThrow();
    assertThat(row.status()).isEqualTo("COMPLETED");
    assertThat(row.error()).isNull();
    assertThat(row.bytes()).isEqualTo(10);
    assertThat(row.result()).isEqualTo("{}");
    assertThat(runs.artifacts(id))
        .extracting(ArtifactRow::objectKey)
        .containsExactly("configs/a.txt");
  }

  @Test
  void aFailedFinishWritesNothingAtAll() {
    UUID id = pending();
    activities.markRunning(id.toString(), "t");
    // PostgreSQL refuses NUL characters in text, so the artifact insert fails after the run update.
    List<StoredObject> artifacts =
        List.of(
            new StoredObject("configs/ok.txt", 1, "aa"), new StoredObject("bad\u0000key", 1, "bb"));

    assertThatThrownBy(
            () ->
                activities.finish(
                    new RunOutcome(
                        id.toString(), RunStatus.COMPLETED, null, 2, artifacts, Map.of())))
        .hasStackTraceContaining("0x00");

    RunRow row = runs.find(id).orElseThrow();
    assertThat(row.status()).isEqualTo("RUNNING");
    assertThat(row.finishedAt()).isNull();
    assertThat(runs.artifacts(id)).isEmpty();
  }

  @Test
  void finishWithANonTerminalStatusIsRefused() {
    UUID id = pending();

    assertFailsFor(
        RunActivitiesImpl.BAD_RUN_OUTCOME,
        () -> activities.finish(RunOutcome.failed(id.toString(), RunStatus.RUNNING, null)));
    assertThat(runs.find(id).orElseThrow().status()).isEqualTo("PENDING");
  }

  @Test
  void anUnknownOrMalformedRunIdFailsForGood() {
    String unknown = UUID.randomUUID().toString();

    assertFailsFor("RunNotFound", () -> activities.markRunning(unknown, "t"));
    assertFailsFor("RunNotFound", () -> activities.setPhase(unknown, "p"));
    assertFailsFor("RunNotFound", () -> activities.recordEvent(unknown, RunEventType.INFO, "m"));
    assertFailsFor(
        "RunNotFound",
        () -> activities.finish(RunOutcome.failed(unknown, RunStatus.FAILED, "boom")));
    assertFailsFor("RunNotFound", () -> activities.markRunning("not-a-uuid", "t"));
    assertThatThrownBy(() -> activities.markRunning(unknown, "t")).hasMessageContaining(unknown);
  }

  @Test
  void throughTemporalAnUnknownRunIsReportedAsANonRetryableRunNotFound() {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(activities);
      RunActivities stub =
          env.newActivityStub(
              RunActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(30))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
                  .build());
      UUID id = pending();
      stub.markRunning(id.toString(), "t");
      assertThat(runs.find(id).orElseThrow().status()).isEqualTo("RUNNING");

      assertThatThrownBy(() -> stub.setPhase(UUID.randomUUID().toString(), "p"))
          .isInstanceOf(ActivityFailure.class)
          .cause()
          .isInstanceOfSatisfying(
              ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("RunNotFound"));
    } finally {
      env.close();
    }
  }
}
