package io.safehold.activities.bacula;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.safehold.activities.bacula.BaculaException.Kind;
import io.safehold.testbed.bacula.BaculaTestbed;
import io.safehold.workflows.run.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every director operation against a real Bacula 9.6 director, storage and file daemon. */
class BaculaDirectorTest {

  private static BaculaTestbed bacula;
  private static BaculaDirector director;

  @BeforeAll
  static void start() throws Exception {
    bacula = BaculaTestbed.start();
    Path file = bacula.source().resolve("data.txt");
    Files.writeString(file, "twelve bytes");
    bacula.handOverToDaemons(file);
    director = directorFor(bacula.bconsoleConfig());
  }

  @AfterAll
  static void stop() {
    if (bacula != null) {
      bacula.close();
    }
  }

  static BaculaDirector directorFor(Path config) {
    return new BaculaDirector(
        new LocalBconsole(LocalBconsole.DEFAULT_BINARY, config, Duration.ofSeconds(60)),
        ZoneId.systemDefault(),
        Clock.systemUTC());
  }

  /** Polls the catalog (at most 120 times, 0.5 s apart) until the job has ended. */
  static BaculaJobRun awaitEnd(BaculaDirector director, long jobId) throws Exception {
    BaculaJobRun run = null;
    for (int i = 0; i < 120; i++) {
      run = director.jobRun(jobId).orElseThrow();
      if (run.finished()) {
        return run;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("job " + jobId + " did not end in 60 s: " + run);
  }

  @Test
  void runsABackupAndReportsItInTheJobListDetailAndDashboard() throws Exception {
    Instant before = Instant.now().minusSeconds(5);
    long jobId = director.runJob(BaculaTestbed.BACKUP_JOB);
    BaculaJobRun run = awaitEnd(director, jobId);

    assertThat(run.runStatus()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.name()).isEqualTo(BaculaTestbed.BACKUP_JOB);
    assertThat(run.client()).isEqualTo(BaculaTestbed.CLIENT_NAME);
    assertThat(run.bytes()).isEqualTo(12);
    assertThat(run.started()).isAfter(before);
    assertThat(run.ended()).isAfterOrEqualTo(run.started());

    BaculaJobSummary listed =
        director.jobs(null, BaculaTestbed.CLIENT_NAME, "backupsource").stream()
            .filter(j -> j.name().equals(BaculaTestbed.BACKUP_JOB))
            .findFirst()
            .orElseThrow();
    assertThat(listed.type()).isEqualTo("Backup");
    assertThat(listed.pool()).isEqualTo(BaculaTestbed.BACKUP_POOL);
    assertThat(listed.schedule()).isEqualTo("Nightly");
    assertThat(listed.lastRun().jobId()).isGreaterThanOrEqualTo(jobId);
    assertThat(listed.nextRun()).isAfter(Instant.now());
    assertThat(director.jobs(null, "no-such-client", null)).isEmpty();
    assertThat(director.jobs(RunStatus.COMPLETED, null, null))
        .extracting(BaculaJobSummary::name)
        .contains(BaculaTestbed.BACKUP_JOB)
        .doesNotContain(BaculaTestbed.RESTORE_JOB);

    BaculaJobDetail detail = director.jobDetail(BaculaTestbed.BACKUP_JOB);
    assertThat(detail.configuration()).contains("FileSet: name=SourceSet");
    assertThat(detail.history()).extracting(BaculaJobRun::jobId).contains(jobId);
    assertThat(detail.statistics().completed()).isGreaterThanOrEqualTo(1);
    assertThat(detail.statistics().bytes()).isGreaterThanOrEqualTo(12);

    BaculaDashboard dashboard = director.dashboard(7);
    assertThat(dashboard.definedJobs()).isEqualTo(4);
    assertThat(dashboard.completed()).isGreaterThanOrEqualTo(1);
    assertThat(dashboard.bytesBackedUp()).isGreaterThanOrEqualTo(12);
    assertThat(dashboard.successRate()).isNotNull().isPositive();
    assertThat(dashboard.clients()).isEqualTo(1);
  }

  @Test
  void aMissingPathEndsTerminatedWithErrorsWhichIsCompletedWithWarnings() throws Exception {
    BaculaJobRun run = awaitEnd(director, director.runJob(BaculaTestbed.MISSING_PATH_JOB));
    assertThat(run.status()).isEqualTo("T");
    assertThat(run.errors()).isEqualTo(1);
    assertThat(run.runStatus()).isEqualTo(RunStatus.COMPLETED_WITH_WARNINGS);
  }

  @Test
  void cancelsARunningJob() throws Exception {
    long jobId = director.runJob(BaculaTestbed.SLOW_JOB);
    director.cancel(jobId);
    BaculaJobRun run = awaitEnd(director, jobId);
    assertThat(run.status()).isEqualTo("A");
    assertThat(run.runStatus()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void labelsUpdatesAndDeletesAVolume() throws Exception {
    BaculaVolume labelled = director.labelVolume(BaculaTestbed.LABEL_POOL, "Hand-A", null);
    assertThat(labelled.pool()).isEqualTo(BaculaTestbed.LABEL_POOL);
    assertThat(labelled.status()).isEqualTo("Append");
    assertThat(bacula.volumes().resolve("Hand-A")).exists();
    assertThatThrownBy(() -> director.labelVolume(BaculaTestbed.LABEL_POOL, "Hand-A", null))
        .hasFieldOrPropertyWithValue("kind", Kind.REFUSED);

    Map<VolumeProperty, String> changes = new LinkedHashMap<>();
    changes.put(VolumeProperty.STATUS, "Read-Only");
    changes.put(VolumeProperty.RETENTION, "10days");
    changes.put(VolumeProperty.MAX_BYTES, "1000000");
    BaculaVolume updated = director.updateVolume("Hand-A", changes);
    assertThat(updated.status()).isEqualTo("Read-Only");
    assertThat(updated.retentionSeconds()).isEqualTo(10 * 86_400);
    assertThat(director.media())
        .filteredOn(m -> "Hand-A".equals(m.get("VolumeName")))
        .singleElement()
        .satisfies(m -> assertThat(m).containsEntry("MaxVolBytes", "1000000"));
    assertThatThrownBy(() -> director.updateVolume("Hand-A", Map.of(VolumeProperty.STATUS, "Gone")))
        .hasFieldOrPropertyWithValue("kind", Kind.BAD_INPUT);

    director.deleteVolume("Hand-A");
    assertThat(director.volume("Hand-A")).isEmpty();
    assertThatThrownBy(() -> director.deleteVolume("Hand-A"))
        .hasFieldOrPropertyWithValue("kind", Kind.NOT_FOUND);
  }

  @Test
  void refusesToDeleteAVolumeWhoseJobsRetentionStillKeeps() throws Exception {
    awaitEnd(director, director.runJob(BaculaTestbed.BACKUP_JOB));
    BaculaVolume used =
        director.volumes().stream()
            .filter(v -> v.pool().equals(BaculaTestbed.BACKUP_POOL))
            .findFirst()
            .orElseThrow();
    assertThatThrownBy(() -> director.deleteVolume(used.name()))
        .hasFieldOrPropertyWithValue("kind", Kind.REFUSED)
        .hasMessageContaining("retention");
    assertThat(director.volume(used.name())).isPresent();
  }

  @Test
  void deletesAnUnusedPoolAndRefusesOnesInUse() throws Exception {
    assertThatThrownBy(() -> director.deletePool(BaculaTestbed.BACKUP_POOL))
        .hasFieldOrPropertyWithValue("kind", Kind.REFUSED);
    director.labelVolume(BaculaTestbed.LABEL_POOL, "Hand-P", null);
    assertThatThrownBy(() -> director.deletePool(BaculaTestbed.LABEL_POOL))
        .hasFieldOrPropertyWithValue("kind", Kind.REFUSED)
        .hasMessageContaining("volume");

    director.deletePool(BaculaTestbed.SPARE_POOL);
    assertThat(director.pools())
        .extracting(BaculaPool::name)
        .doesNotContain(BaculaTestbed.SPARE_POOL)
        .contains(BaculaTestbed.BACKUP_POOL, BaculaTestbed.LABEL_POOL);
  }

  @Test
  void listsClientsWithTheirRuns() throws Exception {
    awaitEnd(director, director.runJob(BaculaTestbed.BACKUP_JOB));
    assertThat(director.clients())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo(BaculaTestbed.CLIENT_NAME);
              assertThat(c.jobRetentionSeconds()).isEqualTo(15_552_000);
            });
    BaculaClientDetail detail = director.clientDetail(BaculaTestbed.CLIENT_NAME);
    assertThat(detail.configuration()).contains("Address=127.0.0.1");
    assertThat(detail.recentRuns()).isNotEmpty();
    assertThat(detail.recentRuns())
        .allSatisfy(r -> assertThat(r.client()).isEqualTo(BaculaTestbed.CLIENT_NAME));
  }

  @Test
  void unknownAndMalformedNamesAreRefusedBeforeAnyCommandRuns() {
    assertThatThrownBy(() -> director.runJob("NoSuchJob"))
        .hasFieldOrPropertyWithValue("kind", Kind.NOT_FOUND);
    assertThatThrownBy(() -> director.jobDetail("NoSuchJob"))
        .hasFieldOrPropertyWithValue("kind", Kind.NOT_FOUND);
    assertThatThrownBy(() -> director.clientDetail("nobody-fd"))
        .hasFieldOrPropertyWithValue("kind", Kind.NOT_FOUND);
    assertThatThrownBy(() -> director.runJob("x yes\nmessages"))
        .hasFieldOrPropertyWithValue("kind", Kind.BAD_INPUT);
    assertThatThrownBy(() -> director.labelVolume("Nope", "V1", null))
        .hasFieldOrPropertyWithValue("kind", Kind.NOT_FOUND);
  }

  @Test
  void aDirectorThatDoesNotAnswerIsUnavailable() throws Exception {
    Path config = Files.createTempFile("bconsole", ".conf");
    try {
      Files.writeString(
          config,
          Files.readString(bacula.bconsoleConfig())
              .replaceAll("DIRport = \\d+", "DIRport = " + closedPort()));
      assertThatThrownBy(() -> directorFor(config).jobNames())
          .hasFieldOrPropertyWithValue("kind", Kind.UNAVAILABLE)
          .hasMessageContaining("Could not log in to the Bacula director");
    } finally {
      Files.delete(config);
    }
  }

  private static int closedPort() throws Exception {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
