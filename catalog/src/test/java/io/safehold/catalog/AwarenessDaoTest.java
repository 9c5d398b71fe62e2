package io.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.catalog.AwarenessDao.CheckCounts;
import io.safehold.catalog.AwarenessDao.Defaults;
import io.safehold.catalog.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AwarenessDaoTest {

  private static final Defaults DEFAULTS =
      new Defaults(Duration.ofHours(6).toSeconds(), Duration.ofDays(1).toSeconds());

  private Jdbi jdbi;
  private AwarenessDao awareness;
  private AlertDao alerts;

  /** Two days after the assets were created: past their grace window. */
  private Instant now;

  @BeforeEach
  void setUp() {
    jdbi = TestDatabase.get().fresh().jdbi();
    awareness = jdbi.onDemand(AwarenessDao.class);
    alerts = jdbi.onDemand(AlertDao.class);
    now = Instant.now().plus(Duration.ofDays(2));
  }

  @Test
  void raisesEachConditionOnceAndClearsItWhenABackupLands() {
    UUID never = asset("never");
    UUID stale = asset("stale");
    UUID fresh = asset("fresh");
    UUID partial = asset("partial");
    backup(stale, "", "COMPLETED", now.minus(Duration.ofDays(3)));
    backup(fresh, "", "COMPLETED_WITH_WARNINGS", now.minus(Duration.ofHours(2)));
    backup(fresh, "", "FAILED", now.minus(Duration.ofHours(1)));
    declare(partial, "db", "files");
    backup(partial, "db", "COMPLETED", now.minus(Duration.ofHours(1)));

    CheckCounts first = awareness.check(now, DEFAULTS, null, true);
    CheckCounts second = awareness.check(now, DEFAULTS, null, true);

    assertThat(first.assets()).isEqualTo(4);
    assertThat(first.scopes()).isEqualTo(5);
    assertThat(first.raised()).isEqualTo(3);
    assertThat(first.open()).isEqualTo(3);
    assertThat(openAlerts())
        .containsExactlyInAnyOrder(
            "NO_BACKUP " + never + " ",
            "STALE_BACKUP " + stale + " ",
            "NO_FULL_BACKUP " + partial + " files");
    assertThat(second.raised()).isZero();
    assertThat(second.refreshed()).isZero();
    assertThat(second.open()).isEqualTo(3);

    backup(never, "", "COMPLETED", now.minus(Duration.ofMinutes(5)));
    backup(stale, "", "COMPLETED", now.minus(Duration.ofMinutes(5)));
    backup(partial, "files", "COMPLETED", now.minus(Duration.ofMinutes(5)));
    CheckCounts third = awareness.check(now, DEFAULTS, null, true);

    assertThat(third.cleared()).isEqualTo(3);
    assertThat(third.open()).isZero();
    AlertRow cleared = alerts.listByState("cleared", Long.MAX_VALUE, 10).get(0);
    assertThat(cleared.clearedBy()).isEqualTo("awareness");
    assertThat(alerts.events(cleared.id()))
        .extracting(AlertEventRow::type)
        .containsExactly("raise", "clear");
  }

  @Test
  void aStaleMessageNamesTheTimeAndWindowAndAPerScopeWindowWins() {
    UUID asset = asset("db-server");
    jdbi.onDemand(AwarenessDao.class)
        .replaceSettings(
            asset,
            List.of(
                new AwarenessSettingRow(asset, "db", null, Duration.ofHours(1).toSeconds(), null),
                new AwarenessSettingRow(asset, "files", null, null, null)));
    backup(asset, "", "COMPLETED", Instant.parse("2020-01-01T00:00:00Z"));
    jdbi.useHandle(
        h ->
            h.execute(
                "UPDATE runs SET finished_at = ? WHERE asset_id = ?",
                now.minus(Duration.ofHours(3)),
                asset));

    awareness.check(now, DEFAULTS, null, true);

    List<AlertRow> open = alerts.listByState("open", Long.MAX_VALUE, 10);
    assertThat(open).extracting(AlertRow::subject).containsExactly("db");
    assertThat(open.get(0).message()).contains("db-server (scope db)", "01:00:00");
  }

  @Test
  void aDisabledAssetIsNotCheckedAndItsAlertsClear() {
    UUID asset = asset("lab");
    awareness.check(now, DEFAULTS, null, true);
    awareness.replaceSettings(asset, List.of(new AwarenessSettingRow(asset, "", -1L, null, null)));

    CheckCounts after = awareness.check(now, DEFAULTS, null, true);

    assertThat(after.assets()).isZero();
    assertThat(after.cleared()).isEqualTo(1);
  }

  @Test
  void aLandedScopeBackupClearsThatScopeAndTheAssetWideAlertsOnly() {
    UUID asset = asset("db-server");
    declare(asset, "db", "files");
    alerts.raise(AwarenessDao.STALE_BACKUP, asset, "db", null, "db stale");
    alerts.raise(AwarenessDao.NO_FULL_BACKUP, asset, "files", null, "files missing");
    UUID run = UUID.randomUUID();
    jdbi.onDemand(RunDao.class)
        .insertImported(
            List.of(
                new RunDao.ImportedRun(
                    run,
                    "backup",
                    asset,
                    "db",
                    "COMPLETED",
                    "event",
                    "x",
                    0,
                    null,
                    null,
                    now,
                    now)));

    assertThat(awareness.clearAfterBackup(run)).isEqualTo(1);
    assertThat(openAlerts()).containsExactly("NO_FULL_BACKUP " + asset + " files");
  }

  @Test
  void onlyRunsOfKindBackupCount() {
    UUID asset = asset("vm1");
    backup(asset, "", "COMPLETED", now.minus(Duration.ofHours(1)));
    jdbi.useHandle(h -> h.execute("UPDATE runs SET kind = 'prune' WHERE asset_id = ?", asset));

    awareness.check(now, DEFAULTS, null, true);

    assertThat(openAlerts()).containsExactly("NO_BACKUP " + asset + " ");
  }

  @Test
  void aNewAssetGetsOneWindowOfGraceBeforeNoBackup() {
    asset("brand-new");

    CheckCounts counts = awareness.check(Instant.now(), DEFAULTS, null, true);

    assertThat(counts.assets()).isEqualTo(1);
    assertThat(counts.raised()).isZero();
  }

  @Test
  void clearingOneAssetLeavesTheOthersAndRaisesNothing() {
    UUID a = asset("a");
    UUID b = asset("b");
    awareness.check(now, DEFAULTS, null, true);
    backup(a, "", "COMPLETED", now);
    backup(b, "", "COMPLETED", now);

    CheckCounts counts = awareness.check(now, DEFAULTS, a, false);

    assertThat(counts.cleared()).isEqualTo(1);
    assertThat(openAlerts()).containsExactly("NO_BACKUP " + b + " ");
  }

  @Test
  void aSecondCheckWhileOneRunsIsSkipped() throws Exception {
    asset("x");
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> holder =
        CompletableFuture.runAsync(
            () ->
                jdbi.useTransaction(
                    h -> {
                      h.execute("SELECT pg_advisory_xact_lock(?)", AwarenessDao.LOCK_KEY);
                      locked.countDown();
                      try {
                        release.await(30, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));
    assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();

    CheckCounts during = awareness.check(now, DEFAULTS, null, true);
    release.countDown();
    holder.get(30, TimeUnit.SECONDS);
    CheckCounts after = awareness.check(now, DEFAULTS, null, true);

    assertThat(during.skipped()).isTrue();
    assertThat(during.raised()).isZero();
    assertThat(after.skipped()).isFalse();
    assertThat(after.raised()).isEqualTo(1);
  }

  private List<String> openAlerts() {
    return alerts.list(true, Long.MAX_VALUE, 100).stream()
        .map(a -> a.kind() + " " + a.assetId() + " " + a.subject())
        .toList();
  }

  private UUID asset(String name) {
    return jdbi.onDemand(AssetDao.class)
        .ensure(List.of(new AssetDao.NewAsset(UUID.randomUUID(), "external", name, "event", name)))
        .get(0)
        .id();
  }

  private void declare(UUID asset, String... scopes) {
    awareness.replaceSettings(
        asset,
        Arrays.stream(scopes)
            .map(s -> new AwarenessSettingRow(asset, s, null, null, null))
            .toList());
  }

  private void backup(UUID asset, String scope, String status, Instant finishedAt) {
    jdbi.onDemand(RunDao.class)
        .insertImported(
            List.of(
                new RunDao.ImportedRun(
                    UUID.randomUUID(),
                    "backup",
                    asset,
                    scope,
                    status,
                    "event",
                    UUID.randomUUID().toString(),
                    0,
                    null,
                    null,
                    finishedAt.minusSeconds(60),
                    finishedAt)));
  }
}
