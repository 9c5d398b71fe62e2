package io.safehold.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import io.safehold.activities.storage.S3Settings;
import io.safehold.api.SafeholdApplication;
import io.safehold.api.cli.SafeholdClient;
import io.safehold.api.dev.DevOptions;
import io.safehold.api.dev.DevStack;
import io.safehold.activities.vsphere.transfer.DiskTransferOptions;
import io.safehold.testbed.vcsim.DiskContent;
import io.safehold.testbed.vcsim.VcsimProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.slf4j.LoggerFactory;

/**
 * Backs up one vcsim VM with a disk of N GiB through the real path, as a user would: the {@code dev}
 * stack in this JVM (API, embedded Temporal, PostgreSQL, S3Proxy, workers, vcsim), a discovery and
 * a FULL backup started over the API, then 1% of the disk changed and an INCREMENTAL backup.
 *
 * <p>In the same run, on the same flat file and the same S3Proxy, it measures what standard tools
 * do: (1) {@code curl | openssl dgst -sha256} (read+hash limit), (2) one {@code curl -T} PUT (write
 * limit), (3) {@code rclone copyurl}. The limit is the slower of (1) and (2).
 *
 * <p>Usage: {@code bench/vm-backup.sh [GiB]} (default 4). Not a test: it prints figures, exits 0
 * when both backups completed and 1 otherwise.
 */
public final class VmBackupBenchmark {

  private static final double MIB = 1024.0 * 1024.0;
  private static final Set<String> TERMINAL =
      Set.of("COMPLETED", "COMPLETED_WITH_WARNINGS", "FAILED", "CANCELLED", "ABANDONED");
  private static final String VM = "DC0_H0_VM0";
  private static final double ZERO_FRACTION = 0.3;

  /** Places where the incremental round changes the disk; together 1% of it. */
  private static final int CHANGED_PLACES = 8;

  private VmBackupBenchmark() {}

  public static void main(String[] args) throws Exception {
    // Until the server configures logging, the shaded jar's logback logs everything at DEBUG.
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    int gib = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    long capacity = gib * 1024L * 1024L * 1024L;
    Path data = Files.createTempDirectory("safehold-vm-bench-");
    HeapPeak heap = HeapPeak.start();
    DevStack stack =
        DevStack.start(
            new DevOptions(data, freePort(), freePort(), freePort(), null)
                .withDemoDiskMib(gib * 1024));
    int exitCode = 1;
    StringBuilder report = new StringBuilder();
    try {
      VcsimProcess vcsim = stack.demoVcenter();
      if (vcsim == null) {
        System.err.println("vcsim is not built: run testbed/vcsim/build.sh once, then again.");
        return;
      }
      new SafeholdApplication().run("server", stack.configFile().toString());
      SafeholdClient client =
          new SafeholdClient(
              URI.create(stack.apiUrl() + "/"), Files.readString(stack.adminKeyFile()).trim());

      Path flat = vcsim.flatFile(VM);
      long start = System.nanoTime();
      DiskContent.writeRandomWithZeroRuns(flat, capacity, ZERO_FRACTION, 42);
      line(
          report,
          "disk                 %d GiB, %.0f%% zero in runs of 1-16 MiB, written in %.1f s",
          gib,
          ZERO_FRACTION * 100,
          Baselines.secs(start));
      String expected = DiskContent.sha256(flat, capacity);

      URI url = vcsim.folderUrl(VM + "/disk1-flat.vmdk");
      Path pem = data.resolve("vcsim.pem");
      Files.writeString(pem, PinnedTls.certificatePem(vcsim.sdkUrl(), vcsim.thumbprint()));
      S3Settings s3 = stack.s3Settings();
      Baselines.Timed read = Baselines.readAndHash(url, pem);
      double readMibs = capacity / MIB / read.seconds();
      line(
          report,
          "(1) curl | openssl   %.0f MiB/s (read+hash of the flat file over /folder)%s",
          readMibs,
          read.output().equals(expected) ? "" : "  DIGEST MISMATCH " + read.output());
      double writeMibs = capacity / MIB / Baselines.singlePut(s3, "bench-put", flat);
      line(report, "(2) curl -T          %.0f MiB/s (one %d GiB PUT into S3Proxy)", writeMibs, gib);
      OptionalDouble rcloneSecs = Baselines.rcloneCopyUrl(url, pem, s3, "bench-rclone", data);
      double rcloneMibs = rcloneSecs.isPresent() ? capacity / MIB / rcloneSecs.getAsDouble() : 0;
      line(
          report,
          rcloneSecs.isPresent()
              ? String.format("(3) rclone copyurl    %.0f MiB/s", rcloneMibs)
              : "(3) rclone copyurl    skipped: rclone is not installed (apt-get install -y rclone)");
      Baselines.Timed piped = Baselines.readHashAndWrite(url, pem, capacity, s3, "bench-pipe");
      double pipedMibs = capacity / MIB / piped.seconds();
      line(
          report,
          "(4) curl|tee openssl|curl -T  %.0f MiB/s (read, hash and PUT at once, as a backup does)%s",
          pipedMibs,
          piped.output().equals(expected) ? "" : "  DIGEST MISMATCH " + piped.output());
      double limit = Math.min(readMibs, writeMibs);
      line(report, "limit                %.0f MiB/s (slower of (1) and (2))", limit);

      String vmId = discover(client);

      heap.reset();
      start = System.nanoTime();
      JsonNode full = backup(client, vmId, "full");
      double fullSecs = Baselines.secs(start);
      long fullPeak = heap.peakMib();
      long fullPeakAfterGc = heap.peakAfterGcMib();
      JsonNode fullResult = full.path("result");
      long fullRead = fullResult.path("bytesRead").asLong();
      double logical = capacity / MIB / fullSecs;
      line(report, "");
      line(report, "FULL backup          %s in %.1f s", full.path("status").asText(), fullSecs);
      line(
          report,
          "  logical            %.0f MiB/s (disk size / time): %.2f of the limit (target >= 0.7),"
              + " %s rclone",
          logical,
          logical / limit,
          rcloneSecs.isEmpty() ? "no" : logical > rcloneMibs ? "FASTER than" : "slower than");
      line(
          report,
          "  against (4)        %.2f of read, hash and write at once",
          logical / pipedMibs);
      line(
          report,
          "  physical           %.0f MiB/s (bytes read / time): %.2f of the limit",
          fullRead / MIB / fullSecs,
          fullRead / MIB / fullSecs / limit);
      line(
          report,
          "  read / stored      %.0f MiB / %.0f MiB of a %d MiB disk",
          fullRead / MIB,
          fullResult.path("bytesStored").asLong() / MIB,
          capacity >> 20);
      line(
          report,
          "  peak heap          %d MiB in use, %d MiB after GC (whole JVM: API, Temporal, workers;"
              + " target < 256)",
          fullPeak,
          fullPeakAfterGc);

      Set<Long> changedChunks = new TreeSet<>();
      long changedBytes = changeOnePercent(flat, capacity, changedChunks);
      long chunk = DiskTransferOptions.DEFAULT_CHUNK_SIZE;
      long changedChunkBytes = changedChunks.size() * chunk;
      heap.reset();
      start = System.nanoTime();
      JsonNode incremental = backup(client, vmId, "incremental");
      double incrementalSecs = Baselines.secs(start);
      JsonNode result = incremental.path("result");
      long manifest = manifestBytes(stack, result.path("manifestKey").asText());
      long incRead = result.path("bytesRead").asLong();
      long incStored = result.path("bytesStored").asLong();
      line(report, "");
      line(
          report,
          "INCREMENTAL backup   %s (%s) in %.1f s, peak heap %d MiB in use, %d MiB after GC",
          incremental.path("status").asText(),
          result.path("mode").asText(),
          incrementalSecs,
          heap.peakMib(),
          heap.peakAfterGcMib());
      line(
          report,
          "  changed            %.1f MiB at %d places = %d chunks of %d MiB (%.0f MiB)",
          changedBytes / MIB,
          CHANGED_PLACES,
          changedChunks.size(),
          chunk >> 20,
          changedChunkBytes / MIB);
      line(
          report,
          "  read               %.1f MiB = %.3f x the changed chunks (target <= 1.05)",
          incRead / MIB,
          (double) incRead / changedChunkBytes);
      line(
          report,
          "  stored             %.1f MiB chunks + %.1f KiB manifest = %.3f x (changed chunks +"
              + " manifest) (target <= 1.05)",
          incStored / MIB,
          manifest / 1024.0,
          (double) (incStored + manifest) / (changedChunkBytes + manifest));
      exitCode =
          full.path("status").asText().equals("COMPLETED")
                  && incremental.path("status").asText().equals("COMPLETED")
              ? 0
              : 1;
    } finally {
      heap.close();
      System.out.println();
      System.out.print(report);
      stack.close();
      Baselines.deleteTree(data);
      System.exit(exitCode);
    }
  }

  /**
   * Overwrites {@link #CHANGED_PLACES} stretches that add up to 1% of the disk, one in each
   * {@code 1/CHANGED_PLACES} of it at a seeded place not aligned to chunks, and adds the chunks
   * they touch to {@code chunks}. Returns the bytes written.
   */
  private static long changeOnePercent(Path flat, long capacity, Set<Long> chunks) {
    int length = (int) (capacity / 100 / CHANGED_PLACES);
    long region = capacity / CHANGED_PLACES;
    SplittableRandom random = new SplittableRandom(7);
    long chunk = DiskTransferOptions.DEFAULT_CHUNK_SIZE;
    for (int i = 0; i < CHANGED_PLACES; i++) {
      long offset = i * region + random.nextLong(region - length) / 4096 * 4096;
      DiskContent.overwrite(flat, offset, length, 100 + i);
      for (long c = offset / chunk; c <= (offset + length - 1) / chunk; c++) {
        chunks.add(c);
      }
    }
    return (long) length * CHANGED_PLACES;
  }

  /** Discovers the demo vCenter over the API and returns the benchmark VM's id. */
  private static String discover(SafeholdClient client) throws Exception {
    String runId =
        client.post("api/v1/vcenters/demo-vcenter/discover", Map.of()).path("runId").asText();
    JsonNode run = waitFor(client, runId, Duration.ofMinutes(2));
    if (!run.path("status").asText().equals("COMPLETED")) {
      throw new IllegalStateException("Discovery ended " + run.path("status") + ": " + run);
    }
    for (JsonNode vm : client.get("api/v1/vms?limit=1000&name=" + VM).path("items")) {
      if (vm.path("vcenterName").asText().equals("demo-vcenter")) {
        return vm.path("id").asText();
      }
    }
    throw new IllegalStateException("The discovery did not list " + VM);
  }

  /** Starts a backup over the API, as {@code safehold backup vm} does, and waits for its end. */
  private static JsonNode backup(SafeholdClient client, String vmId, String mode) throws Exception {
    String runId =
        client
            .post("api/v1/vms/" + SafeholdClient.segment(vmId) + "/backups", Map.of("mode", mode))
            .path("runId")
            .asText();
    JsonNode run = waitFor(client, runId, Duration.ofHours(1));
    if (!run.path("status").asText().startsWith("COMPLETED")) {
      System.out.println(mode + " backup " + runId + " ended: " + run.toPrettyString());
    }
    return run;
  }

  private static JsonNode waitFor(SafeholdClient client, String runId, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode run = client.get("api/v1/runs/" + SafeholdClient.segment(runId));
      if (TERMINAL.contains(run.path("status").asText())) {
        return run;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Run " + runId + " did not end within " + timeout);
      }
      Thread.sleep(100);
    }
  }

  private static long manifestBytes(DevStack stack, String key) throws IOException {
    try (InputStream in = stack.objectStore().open(key).orElseThrow()) {
      return in.transferTo(java.io.OutputStream.nullOutputStream());
    }
  }

  private static void line(StringBuilder report, String format, Object... args) {
    String text = String.format(format, args);
    System.out.println(text);
    report.append(text).append('\n');
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
