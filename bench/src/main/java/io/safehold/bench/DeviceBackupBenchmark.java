package io.safehold.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.safehold.api.SafeholdApplication;
import io.safehold.api.cli.SafeholdClient;
import io.safehold.api.dev.DevOptions;
import io.safehold.api.dev.DevStack;
import io.safehold.testbed.netdevice.SwitchEmulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backs up N emulated switches at once through the {@code dev} stack (API, embedded Temporal,
 * PostgreSQL, S3Proxy and in-process workers, all in this JVM) and prints backups per second,
 * p50/p95 end-to-end latency (run created → run finished, from the catalog) and peak heap.
 *
 * <p>Usage: {@code bench/run.sh [devices]} (default 200). Not a test: it prints figures and exits 0
 * when every backup completed, 1 otherwise.
 */
public final class DeviceBackupBenchmark {

  private static final Set<String> TERMINAL =
      Set.of("COMPLETED", "COMPLETED_WITH_WARNINGS", "FAILED", "CANCELLED", "ABANDONED");

  private static final AtomicLong round = new AtomicLong(1);
  private static SafeholdClient client;

  public static void main(String[] args) throws Exception {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Path data = Files.createTempDirectory("safehold-bench-");
    HeapPeak heap = HeapPeak.start();

    DevStack stack = DevStack.start(new DevOptions(data, freePort(), freePort(), freePort(), null));
    int exitCode = 1;
    List<SwitchEmulator> switches = new ArrayList<>();
    try {
      new SafeholdApplication().run("server", stack.configFile().toString());
      client = new SafeholdClient(
          URI.create(stack.apiUrl() + "/"), Files.readString(stack.adminKeyFile()).trim());

      KeyPair hostKey = SwitchEmulator.newHostKey();
      String password = UUID.randomUUID().toString(); // a fresh one per run: never a fixed secret
      String credentialId =
          client.post("api/v1/credentials",
                  Map.of("name", "bench", "kind", "password", "username", "bench", "secret", password))
              .path("id").asText();
      List<String> deviceIds = new ArrayList<>();
      for (int i = 0; i < devices; i++) {
        SwitchEmulator sw =
            SwitchEmulator.builder()
                .hostKey(hostKey)
                .hostname("bench-sw" + i)
                .user("bench", password)
                .runningConfig(() -> "hostname bench\nbanner motd round " + round.get() + "\n")
                .start();
        switches.add(sw);
        deviceIds.add(
            client.post("api/v1/devices",
                    Map.of("name", "bench-sw" + i, "host", "127.0.0.1", "port", sw.port(),
                        "deviceType", "cisco_ios", "credentialId", credentialId,
                        "hostKey", sw.hostKeyFingerprint()))
                .path("id").asText());
      }
      System.out.printf("stack up, %d emulated switches registered%n", devices);
      // A server is measured warm: one untimed round first. Each round changes every config, so
      // both rounds do the full work (read, hash, store, record a new version).
      long warmStart = System.nanoTime();
      waitForAll(startBackups(deviceIds), Duration.ofMinutes(5));
      System.out.printf("warm-up round: %d backups in %.2f s (cold JVM, not counted)%n",
          devices, (System.nanoTime() - warmStart) / 1e9);
      round.incrementAndGet();
      heap.reset();
      CpuLedger cpu = CpuLedger.start(data.toAbsolutePath());

      System.out.printf("measured round: starting %d backups at once%n", devices);
      long wallStart = System.nanoTime();
      List<String> runIds = startBackups(deviceIds);
      Map<String, JsonNode> finished = waitForAll(runIds, Duration.ofMinutes(5));
      double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
      CpuLedger.Spending spent = cpu.stop();

      List<Long> latencies = new ArrayList<>();
      Map<String, Integer> byStatus = new HashMap<>();
      Instant firstCreated = Instant.MAX;
      Instant lastFinished = Instant.MIN;
      for (JsonNode run : finished.values()) {
        byStatus.merge(run.path("status").asText(), 1, Integer::sum);
        Instant created = Instant.parse(run.path("createdAt").asText());
        Instant done = Instant.parse(run.path("finishedAt").asText());
        latencies.add(Duration.between(created, done).toMillis());
        firstCreated = created.isBefore(firstCreated) ? created : firstCreated;
        lastFinished = done.isAfter(lastFinished) ? done : lastFinished;
      }
      Collections.sort(latencies);
      double catalogSeconds = Duration.between(firstCreated, lastFinished).toMillis() / 1000.0;
      int completed = byStatus.getOrDefault("COMPLETED", 0);

      System.out.println();
      System.out.printf("devices                 %d%n", devices);
      System.out.printf("statuses                %s%n", byStatus);
      System.out.printf("wall time               %.2f s (first POST to last run seen finished; target < 60 s)%n", wallSeconds);
      System.out.printf("backups per second      %.1f (over %.2f s from first run created to last finished)%n",
          devices / catalogSeconds, catalogSeconds);
      System.out.printf("latency p50             %d ms (run created to run finished)%n", percentile(latencies, 50));
      System.out.printf("latency p95             %d ms (target < 5000 ms)%n", percentile(latencies, 95));
      System.out.printf("latency max             %d ms%n", latencies.get(latencies.size() - 1));
      System.out.printf("peak heap used          %d MiB (whole JVM: API, workers, Temporal test server, emulators)%n",
          heap.peakMib());
      printCpu(spent, devices, wallSeconds);
      printSlowest(finished);
      exitCode = completed == devices ? 0 : 1;
    } finally {
      for (SwitchEmulator sw : switches) {
        sw.close();
      }
      stack.close();
      System.exit(exitCode);
    }
  }

  /** Starts one backup per device, 32 requests in flight at a time, and returns the run ids. */
  private static List<String> startBackups(List<String> deviceIds) throws Exception {
    ExecutorService submitters = Executors.newFixedThreadPool(32);
    try {
      List<Future<String>> started = new ArrayList<>();
      for (String id : deviceIds) {
        started.add(submitters.submit(
            () -> client.post("api/v1/devices/" + id + "/backups", Map.of()).path("runId").asText()));
      }
      List<String> runIds = new ArrayList<>();
      for (Future<String> f : started) {
        runIds.add(f.get());
      }
      return runIds;
    } finally {
      submitters.shutdown();
    }
  }

  private static Map<String, JsonNode> waitForAll(List<String> runIds, Duration timeout) throws Exception {
    Map<String, JsonNode> finished = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (finished.size() < runIds.size()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException((runIds.size() - finished.size()) + " runs did not finish in " + timeout);
      }
      // The latencies come from the catalog's timestamps, so polling once a second costs no
      // precision; polling faster only takes CPU from the backups being measured.
      Thread.sleep(1000);
      JsonNode page = client.get("api/v1/runs?kind=backup&limit=" + runIds.size());
      for (JsonNode run : page.path("items")) {
        if (runIds.contains(run.path("id").asText()) && TERMINAL.contains(run.path("status").asText())) {
          finished.put(run.path("id").asText(), run);
        }
      }
    }
    return finished;
  }

  /** Where the slowest run spent its time: its catalog timestamps and session log. */
  private static void printSlowest(Map<String, JsonNode> finished) throws Exception {
    JsonNode slowest = null;
    long worst = -1;
    for (JsonNode run : finished.values()) {
      long ms = Duration.between(Instant.parse(run.path("createdAt").asText()),
          Instant.parse(run.path("finishedAt").asText())).toMillis();
      if (ms > worst) {
        worst = ms;
        slowest = run;
      }
    }
    Instant created = Instant.parse(slowest.path("createdAt").asText());
    System.out.println();
    System.out.println("slowest run " + slowest.path("id").asText() + " (ms after the run was created):");
    System.out.printf("  %6d  started (workflow marked it RUNNING)%n",
        Duration.between(created, Instant.parse(slowest.path("startedAt").asText())).toMillis());
    for (JsonNode event : client.get("api/v1/runs/" + slowest.path("id").asText() + "/events").path("items")) {
      System.out.printf("  %6d  %-8s %s%n", Duration.between(created, Instant.parse(event.path("at").asText())).toMillis(),
          event.path("type").asText(), event.path("message").asText());
    }
    System.out.printf("  %6d  finished%n", worst);
  }

  /**
   * What one backup cost the machine in CPU, by part, against what the p95 target allows: for 95%
   * of N backups started at once to end within 5 s, the machine's cores must do their work in 5 s.
   */
  private static void printCpu(CpuLedger.Spending spent, int devices, double wallSeconds) {
    int cores = Runtime.getRuntime().availableProcessors();
    double perBackup = spent.totalNanos() / 1e6 / devices;
    double budget = cores * 5000.0 / Math.ceil(devices * 0.95);
    System.out.println();
    System.out.printf(
        "CPU per backup          %.0f ms (all processes; %d cores busy %.0f%% of the wall time)%n",
        perBackup, cores, spent.totalNanos() / 1e9 / (cores * wallSeconds) * 100);
    System.out.printf(
        "CPU the p95 target allows %.0f ms per backup (%d cores x 5 s / %d backups)%n",
        budget, cores, (int) Math.ceil(devices * 0.95));
    System.out.printf("  this JVM              %.0f ms, of which:%n", spent.jvmNanos() / 1e6 / devices);
    spent.threadGroups().stream()
        .limit(12)
        .forEach(g -> System.out.printf("    %6.1f ms  %s%n", g.nanos() / 1e6 / devices, g.name()));
    spent.processes().stream()
        .limit(4)
        .forEach(
            p -> System.out.printf("  %-21s %.0f ms%n", p.name(), p.nanos() / 1e6 / devices));
  }

  private static long percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
