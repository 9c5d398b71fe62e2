package io.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.catalog.testing.SampleRows;
import io.safehold.catalog.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConfigVersionDaoTest {

  private Jdbi jdbi;
  private ConfigVersionDao versions;
  private UUID device;

  @BeforeEach
  void setUp() {
    jdbi = TestDatabase.get().fresh().jdbi();
    versions = jdbi.onDemand(ConfigVersionDao.class);
    DeviceRow row = SampleRows.device("sw1");
    jdbi.onDemand(DeviceDao.class).insert(row);
    device = row.id();
  }

  private UUID run() {
    UUID id = UUID.randomUUID();
    jdbi.onDemand(RunDao.class).insertPending(id, "backup", device, "wf-" + id);
    return id;
  }

  private ConfigVersionRow captured(UUID run, String sha256) {
    return new ConfigVersionRow(
        device,
        0,
        run,
        "configs/" + device + "/sw1_" + sha256 + ".txt",
        1234,
        sha256,
        "sw1",
        "{\"serial\": \"FOC123\", \"osVersion\": \"15.2\"}",
        Instant.parse("2026-05-01T10:00:00Z"));
  }

  @Test
  void numbersVersionsOneTwoThreePerDevice() {
    DeviceRow otherDevice = SampleRows.device("sw2");
    jdbi.onDemand(DeviceDao.class).insert(otherDevice);

    int v1 = versions.recordNext(captured(run(), "a")).version();
    int v2 = versions.recordNext(captured(run(), "b")).version();
    UUID otherRun = run();
    ConfigVersionRow other =
        versions.recordNext(
            new ConfigVersionRow(
                otherDevice.id(), 0, otherRun, "k", 1, "x", null, "{}", Instant.now()));
    int v3 = versions.recordNext(captured(run(), "c")).version();

    assertThat(List.of(v1, v2, v3)).containsExactly(1, 2, 3);
    assertThat(other.version()).isEqualTo(1);
    assertThat(versions.list(device))
        .extracting(ConfigVersionRow::version)
        .containsExactly(3, 2, 1);
    assertThat(versions.latest(device)).get().extracting(ConfigVersionRow::sha256).isEqualTo("c");
  }

  @Test
  void storesEveryFieldAndTheFactsAsJson() {
    UUID run = run();
    ConfigVersionRow recorded = versions.recordNext(captured(run, "abc"));

    ConfigVersionRow read = versions.find(device, recorded.version()).orElseThrow();

    assertThat(read.runId()).isEqualTo(run);
    assertThat(read.objectKey()).isEqualTo("configs/" + device + "/sw1_abc.txt");
    assertThat(read.size()).isEqualTo(1234);
    assertThat(read.sha256()).isEqualTo("abc");
    assertThat(read.hostname()).isEqualTo("sw1");
    assertThat(read.facts()).contains("\"serial\": \"FOC123\"");
    assertThat(read.capturedAt()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
    assertThat(versions.findByRun(run)).contains(read);
  }

  @Test
  void missingFactsAreStoredAsAnEmptyObject() {
    ConfigVersionRow row = captured(run(), "a");
    ConfigVersionRow recorded =
        versions.recordNext(
            new ConfigVersionRow(
                device,
                0,
                row.runId(),
                row.objectKey(),
                row.size(),
                row.sha256(),
                null,
                null,
                row.capturedAt()));

    assertThat(recorded.facts()).isEqualTo("{}");
  }

  @Test
  void recordingTheSameRunAgainReturnsTheSameVersion() {
    UUID run = run();
    ConfigVersionRow first = versions.recordNext(captured(run, "a"));

    ConfigVersionRow again = versions.recordNext(captured(run, "a"));

    assertThat(again).isEqualTo(first);
    assertThat(versions.list(device)).hasSize(1);
  }

  @Test
  void aDeviceWithoutVersionsHasNoLatest() {
    assertThat(versions.latest(device)).isEmpty();
    assertThat(versions.find(device, 1)).isEmpty();
  }

  @Test
  void twoConcurrentRunsGetDistinctVersions() throws Exception {
    int rounds = 5;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < rounds; round++) {
        UUID runA = run();
        UUID runB = run();
        CyclicBarrier start = new CyclicBarrier(2);
        Future<ConfigVersionRow> a =
            pool.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return versions.recordNext(captured(runA, "a"));
                });
        Future<ConfigVersionRow> b =
            pool.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return versions.recordNext(captured(runB, "b"));
                });
        int va = a.get(30, TimeUnit.SECONDS).version();
        int vb = b.get(30, TimeUnit.SECONDS).version();
        assertThat(List.of(va, vb)).containsExactlyInAnyOrder(2 * round + 1, 2 * round + 2);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(versions.list(device)).hasSize(2 * rounds);
  }
}
