package io.safehold.testbed.bacula;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BaculaTestbedTest {

  private static BaculaTestbed bacula;

  @BeforeAll
  static void start() {
    bacula = BaculaTestbed.start();
  }

  @AfterAll
  static void stop() {
    if (bacula != null) {
      bacula.close();
    }
  }

  @Test
  void backsUpTheSourceDirectoryAndRestoresItUnderTheRestoreTarget() throws Exception {
    Path file = bacula.source().resolve("notes.txt");
    Files.writeString(file, "Safehold was here\n");
    bacula.handOverToDaemons(file);

    String backup = console("run job=" + BaculaTestbed.BACKUP_JOB + " yes", "wait");
    long jobId = queuedJobId(backup);
    String detail = console("llist jobid=" + jobId);
    assertThat(detail).contains("JobStatus: T").contains("JobErrors: 0").contains("JobFiles: 2");

    String restore =
        console(
            "restore jobid="
                + jobId
                + " client="
                + BaculaTestbed.CLIENT_NAME
                + " where="
                + bacula.restoreTarget()
                + " all done yes",
            "wait");
    long restoreId = queuedJobId(restore);
    assertThat(console("llist jobid=" + restoreId)).contains("JobStatus: T").contains("Type: R");
    Path restored = Path.of(bacula.restoreTarget() + file.toString());
    assertThat(restored).hasContent("Safehold was here");
  }

  @Test
  void aJobWithAMissingPathEndsTerminatedWithOneError() throws Exception {
    String run = console("run job=" + BaculaTestbed.MISSING_PATH_JOB + " yes", "wait");
    String detail = console("llist jobid=" + queuedJobId(run));
    assertThat(detail).contains("JobStatus: T").contains("JobErrors: 1").contains("JobFiles: 0");
    assertThat(bacula.jobLog()).content().contains("Could not stat \"" + bacula.missingPath());
  }

  @Test
  void labelsAVolumeIntoAPoolAsAFileInTheVolumesDirectory() throws Exception {
    String label =
        console(
            "label storage="
                + BaculaTestbed.STORAGE_NAME
                + " volume=Hand-1 pool="
                + BaculaTestbed.LABEL_POOL);
    assertThat(label).contains("successfully created");
    assertThat(console("list volumes pool=" + BaculaTestbed.LABEL_POOL)).contains("Hand-1");
    assertThat(bacula.volumes().resolve("Hand-1")).exists();
  }

  @Test
  void theSlowJobRunsLongEnoughToBeCancelled() throws Exception {
    long jobId = queuedJobId(console("run job=" + BaculaTestbed.SLOW_JOB + " yes"));
    assertThat(awaitStatus(jobId, "R")).isEqualTo("R");
    console("cancel jobid=" + jobId + " yes");
    assertThat(awaitStatus(jobId, "A")).isEqualTo("A");
  }

  /** Polls the catalog (at most 60 times, 0.5 s apart) until the job has {@code wanted}. */
  private static String awaitStatus(long jobId, String wanted) throws Exception {
    Pattern status = Pattern.compile("JobStatus: (\\S+)");
    String last = "";
    for (int i = 0; i < 60; i++) {
      Matcher matcher = status.matcher(console("llist jobid=" + jobId));
      last = matcher.find() ? matcher.group(1) : "";
      if (last.equals(wanted)) {
        return last;
      }
      Thread.sleep(500);
    }
    return last;
  }

  @Test
  void stopsEveryDaemonItStarted() {
    BaculaTestbed second = BaculaTestbed.start();
    List<ProcessHandle> children = ProcessHandle.current().children().toList();
    Path directory = second.directory();
    assertThat(second.isAlive()).isTrue();
    second.close();
    assertThat(second.isAlive()).isFalse();
    assertThat(directory).doesNotExist();
    assertThat(children.stream().filter(ProcessHandle::isAlive).map(this::command))
        .noneMatch(c -> c.contains(directory.toString()));
  }

  private String command(ProcessHandle handle) {
    return handle.info().commandLine().orElse("");
  }

  private static long queuedJobId(String output) {
    Matcher matcher = Pattern.compile("Job queued\\. JobId=(\\d+)").matcher(output);
    assertThat(matcher.find()).as("a queued job in:%n%s", output).isTrue();
    return Long.parseLong(matcher.group(1));
  }

  private static String console(String... commands) throws IOException, InterruptedException {
    Path output = Files.createTempFile("bconsole", ".out");
    try {
      Process process =
          new ProcessBuilder("/usr/sbin/bconsole", "-n", "-c", bacula.bconsoleConfig().toString())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      try (OutputStream in = process.getOutputStream()) {
        in.write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("bconsole did not finish " + List.of(commands) + " in 90 s");
      }
      return Files.readString(output);
    } finally {
      Files.delete(output);
    }
  }
}
