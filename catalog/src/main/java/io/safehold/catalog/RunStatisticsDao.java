package io.safehold.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Aggregates over runs for metrics; each query is one pass over the runs table. */
@RegisterConstructorMapper(RunStatisticsDao.RunCount.class)
@RegisterConstructorMapper(RunStatisticsDao.KindTotals.class)
@RegisterConstructorMapper(RunStatisticsDao.AssetLastRun.class)
public interface RunStatisticsDao {

  /** How many runs of a kind are in a status. */
  record RunCount(String kind, String status, long runs) {}

  /**
   * Per kind: bytes recorded by all its runs, and the wall-clock duration (started → finished) of
   * its finished runs.
   */
  record KindTotals(String kind, long bytes, long finished, double avgSeconds, double maxSeconds) {}

  /** The newest finished run of an asset. */
  record AssetLastRun(
      UUID assetId, String assetKind, String assetName, String status, Instant finishedAt) {}

  @SqlQuery("SELECT kind, status, count(*) AS runs FROM runs GROUP BY kind, status")
  List<RunCount> countsByKindAndStatus();

  @SqlQuery(
      """
SELECT kind,
       COALESCE(sum(bytes), 0) AS bytes,
       count(*) FILTER (WHERE finished_at IS NOT NULL AND started_at IS NOT NULL) AS finished,
       COALESCE(avg(EXTRACT(EPOCH FROM finished_at - started_at))
           FILTER (WHERE finished_at IS NOT NULL AND started_at IS NOT NULL), 0) AS avg_seconds,
       COALESCE(max(EXTRACT(EPOCH FROM finished_at - started_at))
           FILTER (WHERE finished_at IS NOT NULL AND started_at IS NOT NULL), 0) AS max_seconds
FROM runs GROUP BY kind
""")
  List<KindTotals> totalsByKind();

  @SqlQuery(
      """
      SELECT DISTINCT ON (r.asset_id) r.asset_id, a.kind AS asset_kind, a.name AS asset_name,
             r.status, r.finished_at
      FROM runs r JOIN assets a ON a.id = r.asset_id
      WHERE r.status IN
      """
          + RunDao.TERMINAL
          + " ORDER BY r.asset_id, r.finished_at DESC NULLS LAST, r.created_at DESC")
  List<AssetLastRun> lastRunPerAsset();
}
