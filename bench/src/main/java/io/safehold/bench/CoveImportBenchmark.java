package io.safehold.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.safehold.api.SafeholdApplication;
import io.safehold.api.cli.SafeholdClient;
import io.safehold.api.dev.DevOptions;
import io.safehold.api.dev.DevStack;
import io.safehold.testbed.cove.CoveBackupSession;
import io.safehold.testbed.cove.CoveEmulator;
import io.safehold.testbed.cove.CoveTenant;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Imports N Cove devices across T tenants (default 5,000 across 5) from the Cove emulator through
 * the {@code dev} stack (API, embedded Temporal, PostgreSQL and in-process workers, all in this
 * JVM): one Cove account per tenant, each polled by its own CovePollingWorkflow at the default rate
 * limit (2 calls/s) and page size (500). Prints, per cycle, the wall time (first trigger to the
 * last account's cycle recorded), each account's own cycle time, and the catalog rows written.
 *
 * <ol>
 *   <li>cycle 1: the accounts are created, which starts their loops; everything is new;
 *   <li>cycle 2: "poll now" on every account with nothing changed in Cove: 0 rows must be written;
 *   <li>cycle 3: a new session on 10% of the devices: one new run each.
 * </ol>
 *
 * <p>Usage: {@code bench/cove-import.sh [devices] [tenants]}. Not a test: it prints figures and
 * exits 0 when cycle 2 wrote no row and cycle 3 wrote exactly the new sessions, 1 otherwise.
 */
public final class CoveImportBenchmark {

  private static final Duration CYCLE_DEADLINE = Duration.ofMinutes(10);

  private static SafeholdClient client;
  private static Jdbi jdbi;

  public static void main(String[] args) throws Exception {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int tenants = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path data = Files.createTempDirectory("safehold-cove-bench-");
    HeapPeak heap = HeapPeak.start();

    DevStack stack = DevStack.start(new DevOptions(data, freePort(), freePort(), freePort(), null));
    // Apart from the dev stack's demo tenant, whose emulator starts at the default ids.
    CoveEmulator emulator = CoveEmulator.builder().firstIds(9_000_001, 90_000_001).start();
    int exitCode = 1;
    try {
      SafeholdApplication app = new SafeholdApplication();
      app.run("server", stack.configFile().toString());
      jdbi = app.services().jdbi();
      client =
          new SafeholdClient(
              URI.create(stack.apiUrl() + "/"), Files.readString(stack.adminKeyFile()).trim());

      long seedStart = System.nanoTime();
      Instant lastNight = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6));
      List<Long> deviceIds = new ArrayList<>();
      Map<String, String> credentials = new LinkedHashMap<>();
      for (int t = 0; t < tenants; t++) {
        String partner = "Bench MSP " + t;
        String user = "api@bench" + t + ".test";
        String password = UUID.randomUUID().toString(); // a fresh one per run: never a fixed secret
        CoveTenant tenant = emulator.addTenant(partner, user, password);
        for (int d = 0; d < devices / tenants; d++) {
          long device = emulator.addDevice(tenant, "pc-" + d, "PC-" + t + "-" + d);
          emulator.appendSession(
              device,
              CoveBackupSession.completed(
                  lastNight.minus(Duration.ofDays(1)), Duration.ofMinutes(20)));
          int status = new int[] {5, 8, 2, 1}[d % 4];
          emulator.appendSession(
              device,
              new CoveBackupSession(
                  status, lastNight, Duration.ofMinutes(15), status == 8 ? 2 : 0));
          deviceIds.add(device);
        }
        credentials.put(
            partner,
            client
                .post(
                    "api/v1/credentials",
                    Map.of(
                        "name",
                        "bench-cove-" + t,
                        "kind",
                        "password",
                        "username",
                        user,
                        "secret",
                        password))
                .path("id")
                .asText());
      }
      System.out.printf(
          "seeded %d devices across %d tenants in the emulator in %.1f s%n",
          deviceIds.size(), tenants, (System.nanoTime() - seedStart) / 1e9);

      heap.reset();
      Counts before = counts();
      long start = System.nanoTime();
      List<String> accounts = new ArrayList<>();
      int t = 0;
      for (Map.Entry<String, String> entry : credentials.entrySet()) {
        accounts.add(
            client
                .post(
                    "api/v1/cove/accounts",
                    Map.of(
                        "name",
                        "bench-" + t++,
                        "partner",
                        entry.getKey(),
                        "credentialId",
                        entry.getValue(),
                        "apiUrl",
                        emulator.endpoint().toString()))
                .path("id")
                .asText());
      }
      Cycle first = awaitCycle(accounts, 1, start, before);
      first.print("cycle 1 (all new)");

      start = System.nanoTime();
      for (String account : accounts) {
        client.post("api/v1/cove/accounts/" + account + "/poll", Map.of());
      }
      Cycle second = awaitCycle(accounts, 2, start, first.after());
      second.print("cycle 2 (nothing changed in Cove; target 0 rows)");

      int changed = 0;
      for (int i = 0; i < deviceIds.size(); i += 10) {
        emulator.appendSession(
            deviceIds.get(i),
            CoveBackupSession.completed(
                lastNight.plus(Duration.ofHours(3)), Duration.ofMinutes(5)));
        changed++;
      }
      start = System.nanoTime();
      for (String account : accounts) {
        client.post("api/v1/cove/accounts/" + account + "/poll", Map.of());
      }
      Cycle third = awaitCycle(accounts, 3, start, second.after());
      third.print("cycle 3 (a new session on " + changed + " devices)");

      System.out.println();
      System.out.printf(
          "peak heap used          %d MiB (whole JVM: API, workers, Temporal test server, "
              + "emulator); after GC %d MiB%n",
          heap.peakMib(), heap.peakAfterGcMib());
      boolean noDuplicates = second.reportedRows() == 0 && second.catalogRows() == 0;
      boolean exactIncrement = third.catalogRows() == changed && third.reportedRows() == changed;
      System.out.printf(
          "second cycle wrote 0 rows: %s; third cycle wrote exactly the %d new sessions: %s%n",
          noDuplicates, changed, exactIncrement);
      exitCode = noDuplicates && exactIncrement ? 0 : 1;
    } finally {
      emulator.close();
      stack.close();
      System.exit(exitCode);
    }
  }

  /** What the import inserts: Cove assets and imported runs. */
  private record Counts(long assets, long runs) {}

  private static Counts counts() {
    return jdbi.withHandle(
        h ->
            new Counts(
                h.createQuery("SELECT count(*) FROM assets WHERE system = 'cove'")
                    .mapTo(Long.class)
                    .one(),
                h.createQuery("SELECT count(*) FROM runs WHERE source = 'import:cove'")
                    .mapTo(Long.class)
                    .one()));
  }

  /**
   * One cycle of every account.
   *
   * @param wallSeconds first trigger to the last account's cycle recorded
   * @param perAccount each account's own cycle (its activity's duration, rows and devices)
   * @param reportedRows rows written as the accounts report them (new assets, new runs, settled)
   * @param catalogRows new Cove assets plus new imported runs, as counted in the catalog (settled
   *     runs are updates, reported by the accounts only)
   * @param after the catalog counts after the cycle
   */
  private record Cycle(
      double wallSeconds,
      List<JsonNode> perAccount,
      long reportedRows,
      long catalogRows,
      Counts after) {
    void print(String title) {
      System.out.println();
      System.out.println(title);
      System.out.printf(
          "  wall time             %.2f s (first trigger to last account's cycle recorded;"
              + " target < 30 s)%n",
          wallSeconds);
      for (JsonNode account : perAccount) {
        JsonNode cycle = account.path("lastCycle");
        System.out.printf(
            "  %-10s %5d devices %3d pages  %6d ms  rows written %6d (assets %d, runs %d,"
                + " settled %d)  healthy %s%n",
            account.path("name").asText(),
            cycle.path("devices").asInt(),
            cycle.path("pages").asInt(),
            cycle.path("durationMillis").asLong(),
            cycle.path("rowsWritten").asInt(),
            cycle.path("newDevices").asInt(),
            cycle.path("runsInserted").asInt(),
            cycle.path("runsSettled").asInt(),
            account.path("healthy").asText());
      }
      System.out.printf(
          "  rows written          %d as reported; catalog: %d Cove assets, %d imported"
              + " runs in all (%d inserted this cycle)%n",
          reportedRows, after.assets(), after.runs(), catalogRows);
    }
  }

  private static Cycle awaitCycle(List<String> accounts, int cycle, long startNanos, Counts before)
      throws Exception {
    long deadline = System.nanoTime() + CYCLE_DEADLINE.toNanos();
    List<JsonNode> done = new ArrayList<>();
    while (done.size() < accounts.size()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "cycle " + cycle + " did not end on every account within " + CYCLE_DEADLINE);
      }
      Thread.sleep(100);
      done.clear();
      for (String account : accounts) {
        JsonNode row = client.get("api/v1/cove/accounts/" + account);
        if (row.path("pollCount").asLong() >= cycle) {
          done.add(row);
        }
      }
    }
    double wall = (System.nanoTime() - startNanos) / 1e9;
    long reported = 0;
    for (JsonNode account : done) {
      if (!account.path("healthy").asBoolean()) {
        throw new IllegalStateException(
            "account "
                + account.path("name").asText()
                + " failed: "
                + account.path("lastError").asText());
      }
      reported += account.path("lastCycle").path("rowsWritten").asLong();
    }
    Counts after = counts();
    long catalog = after.assets() - before.assets() + after.runs() - before.runs();
    return new Cycle(wall, List.copyOf(done), reported, catalog, after);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
