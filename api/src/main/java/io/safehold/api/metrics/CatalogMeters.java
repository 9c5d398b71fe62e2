package io.safehold.api.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.safehold.catalog.RunStatisticsDao;
import io.safehold.catalog.RunStatisticsDao.AssetLastRun;
import io.safehold.catalog.RunStatisticsDao.KindTotals;
import io.safehold.catalog.RunStatisticsDao.RunCount;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Gauges derived from the catalog, recomputed on each scrape (the catalog is the truth, and several
 * API or worker processes may write it):
 *
 * <ul>
 *   <li>{@code safehold_runs{kind,status}}: number of runs;
 *   <li>{@code safehold_run_bytes{kind}}: bytes recorded by all runs of a kind;
 *   <li>{@code safehold_run_duration_avg_seconds{kind}} and {@code
 *       safehold_run_duration_max_seconds{kind}}: wall-clock time from start to finish over the
 *       finished runs of a kind; {@code safehold_runs_finished{kind}} is how many that covers;
 *   <li>{@code safehold_asset_last_status{asset_id,asset_kind,asset_name,status}}: always 1; the
 *       {@code status} label is the status of the asset's newest finished run;
 *   <li>{@code safehold_asset_last_finished_timestamp_seconds{asset_id,asset_kind,asset_name}}:
 *       when that run finished (Unix seconds), for "no backup within its window" alerts.
 * </ul>
 */
public final class CatalogMeters {

  private final RunStatisticsDao statistics;
  private final MultiGauge runs;
  private final MultiGauge bytes;
  private final MultiGauge finished;
  private final MultiGauge avgDuration;
  private final MultiGauge maxDuration;
  private final MultiGauge lastStatus;
  private final MultiGauge lastFinished;

  public CatalogMeters(RunStatisticsDao statistics, MeterRegistry registry) {
    this.statistics = statistics;
    this.runs = gauge("safehold.runs", "Runs in the catalog by kind and status", null, registry);
    this.bytes = gauge("safehold.run.bytes", "Bytes recorded by runs, by kind", null, registry);
    this.finished =
        gauge("safehold.runs.finished", "Finished runs with a start and end time", null, registry);
    this.avgDuration =
        gauge("safehold.run.duration.avg", "Mean run duration by kind", "seconds", registry);
    this.maxDuration =
        gauge("safehold.run.duration.max", "Longest run duration by kind", "seconds", registry);
    this.lastStatus =
        gauge(
            "safehold.asset.last.status",
            "1 for each asset; label status is its newest finished run's status",
            null,
            registry);
    this.lastFinished =
        gauge(
            "safehold.asset.last.finished.timestamp",
            "When the asset's newest finished run ended",
            "seconds",
            registry);
  }

  private static MultiGauge gauge(
      String name, String description, String unit, MeterRegistry registry) {
    MultiGauge.Builder builder = MultiGauge.builder(name).description(description);
    if (unit != null) {
      builder.baseUnit(unit);
    }
    return builder.register(registry);
  }

  /** Re-reads the catalog; call before each scrape. */
  public void refresh() {
    List<RunCount> counts = statistics.countsByKindAndStatus();
    runs.register(
        counts.stream()
            .map(c -> MultiGauge.Row.of(Tags.of("kind", c.kind(), "status", c.status()), c.runs()))
            .toList(),
        true);
    List<KindTotals> totals = statistics.totalsByKind();
    bytes.register(rows(totals, KindTotals::bytes), true);
    finished.register(rows(totals, KindTotals::finished), true);
    avgDuration.register(rows(totals, KindTotals::avgSeconds), true);
    maxDuration.register(rows(totals, KindTotals::maxSeconds), true);
    List<AssetLastRun> last = statistics.lastRunPerAsset();
    lastStatus.register(
        last.stream()
            .map(a -> MultiGauge.Row.of(assetTags(a).and("status", a.status()), 1))
            .toList(),
        true);
    lastFinished.register(
        last.stream()
            .filter(a -> a.finishedAt() != null)
            .map(a -> MultiGauge.Row.of(assetTags(a), a.finishedAt().toEpochMilli() / 1000.0))
            .toList(),
        true);
  }

  private static List<MultiGauge.Row<?>> rows(
      List<KindTotals> totals, ToDoubleFunction<KindTotals> value) {
    return totals.stream()
        .<MultiGauge.Row<?>>map(
            t -> MultiGauge.Row.of(Tags.of("kind", t.kind()), value.applyAsDouble(t)))
        .toList();
  }

  private static Tags assetTags(AssetLastRun a) {
    return Tags.of(
        "asset_id", a.assetId().toString(),
        "asset_kind", a.assetKind(),
        "asset_name", a.assetName());
  }
}
