package io.safehold.activities.cove;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.catalog.AssetDao;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunRow;
import io.safehold.catalog.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class CovePageWriterTest {

  private static final Instant LAST_NIGHT = Instant.parse("2026-11-22T01:00:00Z");

  @Test
  void twoTenantsImportingADeviceOfTheSameNameAtOnceBothGetTheirAsset() throws Exception {
    Jdbi jdbi = TestDatabase.get().fresh().jdbi();
    CoveDeviceStatistics ours = device(7002, 1, "pc0");
    CompletableFuture<Void> write;
    try (Handle other = jdbi.open()) {
      // The other tenant's first page, not committed yet, already holds the name "pc0".
      other.begin();
      other
          .attach(AssetDao.class)
          .insertMissing(
              List.of(
                  new AssetDao.NewAsset(
                      UUID.randomUUID(), "cove-device", "pc0", "cove", "7001:1")));

      write = CompletableFuture.runAsync(() -> new CovePageWriter(jdbi).write(List.of(ours)));
      awaitLockWait(jdbi);
      other.commit();
    }
    write.get(30, TimeUnit.SECONDS);

    AssetDao assets = jdbi.onDemand(AssetDao.class);
    var found = assets.findExternal("cove", List.of("7002:1"));
    assertThat(found).hasSize(1);
    assertThat(found.get(0).name()).isEqualTo("pc0 (7002:1)");
    RunRow run =
        jdbi.onDemand(RunDao.class)
            .findExternal("import:cove", "7002:1:" + LAST_NIGHT.getEpochSecond())
            .orElseThrow();
    assertThat(run.assetId()).isEqualTo(found.get(0).id());
  }

  @Test
  void offersTheLastTheLastEndedAndTheLastSuccessfulSessionEachOnce() {
    Instant running = LAST_NIGHT.plus(Duration.ofHours(20));
    CoveDeviceStatistics device =
        new CoveDeviceStatistics(
            1,
            7001,
            "pc",
            "PC",
            1,
            0,
            LAST_NIGHT.minus(Duration.ofDays(3)),
            Duration.ZERO,
            running,
            2,
            LAST_NIGHT);

    assertThat(CovePageWriter.sessions(device))
        .extracting(CoveSessionSummary::sessionTime, CoveSessionSummary::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(running, CoveSessionStatus.IN_PROCESS),
            org.assertj.core.groups.Tuple.tuple(LAST_NIGHT, CoveSessionStatus.FAILED),
            org.assertj.core.groups.Tuple.tuple(
                LAST_NIGHT.minus(Duration.ofDays(3)), CoveSessionStatus.COMPLETED));
  }

  private static CoveDeviceStatistics device(long partnerId, long accountId, String name) {
    return new CoveDeviceStatistics(
        accountId,
        partnerId,
        name,
        name.toUpperCase(),
        5,
        0,
        LAST_NIGHT,
        Duration.ofMinutes(3),
        LAST_NIGHT,
        5,
        LAST_NIGHT);
  }

  /** Until some session of the catalog waits for a lock, at most 30 s. */
  private static void awaitLockWait(Jdbi jdbi) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
                    .mapTo(Integer.class)
                    .one())
        == 0) {
      assertThat(System.nanoTime())
          .as("the writer waits for the other import")
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
