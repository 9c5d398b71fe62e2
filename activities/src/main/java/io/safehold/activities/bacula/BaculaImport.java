package io.safehold.activities.bacula;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.safehold.catalog.AssetDao;
import io.safehold.catalog.AssetDao.NewAsset;
import io.safehold.catalog.AssetRow;
import io.safehold.catalog.BaculaDirectorDao;
import io.safehold.catalog.BaculaDirectorRow;
import io.safehold.catalog.BaculaRunDao;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunDao.ImportedRun;
import io.safehold.workflows.bacula.BaculaImportResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One import cycle of a director's job history (docs/bacula.md, "Import"): pages through the
 * catalog's job records after the director's watermark, writes the finished ones as imported runs
 * with their job assets, and moves the watermark to just below the first job still running.
 * Separate from the activity so the benchmark can time a cycle without Temporal.
 */
public final class BaculaImport {

  private static final Logger log = LoggerFactory.getLogger(BaculaImport.class);

  /** Source, system and asset kind of the issue 4 contracts. */
  public static final String SOURCE = "import:bacula";

  public static final String SYSTEM = "bacula";
  public static final String ASSET_KIND = "bacula-job";

  /** Catalog rows read per {@code .sql} page, and pages per import cycle. */
  static final int PAGE = 500;

  static final int MAX_PAGES = 200;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbi jdbi;
  private final BaculaDirectors directors;

  public BaculaImport(Jdbi jdbi, BaculaDirectors directors) {
    this.jdbi = Objects.requireNonNull(jdbi);
    this.directors = Objects.requireNonNull(directors);
  }

  /**
   * Runs one cycle.
   *
   * @param progress called with the last JobId read after every page (the activity heartbeats it)
   */
  public BaculaImportResult cycle(BaculaDirectorRow row, LongConsumer progress)
      throws BaculaException {
    BaculaDirector director = directors.open(row);
    long cursor = row.importWatermark();
    Long firstUnfinished = null;
    List<BaculaJobRun> finished = new ArrayList<>();
    int seen = 0;
    for (int page = 0; page < MAX_PAGES; page++) {
      List<BaculaJobRun> runs = director.jobRunsAfter(cursor, PAGE);
      for (BaculaJobRun run : runs) {
        seen++;
        if (run.finished()) {
          finished.add(run);
        } else if (firstUnfinished == null) {
          firstUnfinished = run.jobId();
        }
        cursor = Math.max(cursor, run.jobId());
      }
      progress.accept(cursor);
      if (runs.size() < PAGE) {
        break;
      }
    }
    // A job still running keeps the watermark below it, so it is imported once it ends.
    long watermark = firstUnfinished == null ? cursor : firstUnfinished - 1;
    int imported = write(row, finished);
    jdbi.onDemand(BaculaDirectorDao.class).recordImport(row.id(), watermark);
    log.info(
        "Bacula import of director {}: {} job record(s) read, {} new run(s), watermark {}",
        row.name(),
        seen,
        imported,
        watermark);
    return new BaculaImportResult(seen, imported, watermark, row.importIntervalMinutes());
  }

  /** Inserts the runs not yet in the catalog (nor run by a workflow); returns how many. */
  private int write(BaculaDirectorRow row, List<BaculaJobRun> finished) {
    if (finished.isEmpty()) {
      return 0;
    }
    List<String> externalIds = finished.stream().map(r -> row.id() + ":" + r.jobId()).toList();
    Set<String> ownRuns =
        new HashSet<>(jdbi.onDemand(BaculaRunDao.class).linkedByWorkflows(externalIds));
    Map<String, NewAsset> assets = new LinkedHashMap<>();
    for (BaculaJobRun run : finished) {
      assets.computeIfAbsent(
          run.name(),
          name ->
              new NewAsset(
                  UUID.randomUUID(),
                  ASSET_KIND,
                  row.name() + "/" + name,
                  SYSTEM,
                  row.id() + ":" + name));
    }
    List<NewAsset> wanted = new ArrayList<>(assets.values());
    List<AssetRow> rows = jdbi.onDemand(AssetDao.class).ensure(wanted);
    Map<String, UUID> assetIds = new LinkedHashMap<>();
    for (int i = 0; i < wanted.size(); i++) {
      assetIds.put(wanted.get(i).externalId(), rows.get(i).id());
    }
    List<ImportedRun> imported = new ArrayList<>();
    for (BaculaJobRun run : finished) {
      String externalId = row.id() + ":" + run.jobId();
      if (ownRuns.contains(externalId)) {
        continue;
      }
      String error =
          switch (run.runStatus()) {
            case COMPLETED -> null;
            case COMPLETED_WITH_WARNINGS ->
                "Bacula ended the job " + run.status() + " with " + run.errors() + " error(s).";
            default -> "Bacula ended the job with status " + run.status() + ".";
          };
      imported.add(
          new ImportedRun(
              UUID.randomUUID(),
              kind(run.type()),
              assetIds.get(row.id() + ":" + run.name()),
              "",
              run.runStatus().name(),
              SOURCE,
              externalId,
              run.bytes(),
              error,
              resultJson(row, run),
              run.started(),
              run.ended() == null ? run.started() : run.ended()));
    }
    if (imported.isEmpty()) {
      return 0;
    }
    int written = 0;
    for (boolean isNew : jdbi.onDemand(RunDao.class).insertImported(imported)) {
      written += isNew ? 1 : 0;
    }
    return written;
  }

  private static String kind(String type) {
    return switch (type == null ? "" : type) {
      case "R" -> "restore";
      case "V" -> "verify";
      default -> "backup";
    };
  }

  private static String resultJson(BaculaDirectorRow row, BaculaJobRun run) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("directorId", row.id().toString());
    result.put("jobId", run.jobId());
    result.put("job", run.job());
    result.put("jobStatus", run.status());
    result.put("jobErrors", run.errors());
    result.put("jobFiles", run.files());
    result.put("level", run.level());
    try {
      return JSON.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a Bacula run result as JSON", e);
    }
  }
}
