package io.safehold.activities.bacula;

import io.safehold.catalog.AssetDao;
import io.safehold.catalog.AssetDao.NewAsset;
import io.safehold.catalog.AssetRow;
import io.safehold.catalog.BaculaDirectorDao;
import io.safehold.catalog.BaculaDirectorRow;
import io.safehold.catalog.BaculaRunDao;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunDao.ImportedRun;
import io.safehold.workflows.bacula.BaculaActivities;
import io.safehold.workflows.bacula.BaculaImportResult;
import io.safehold.workflows.bacula.BaculaJobRequest;
import io.safehold.workflows.bacula.BaculaJobState;
import io.safehold.workflows.bacula.BaculaJobWait;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BaculaActivities} over bconsole. Failures carry the interface's types: an unreachable
 * director is retryable (and marks it unhealthy), everything else is not.
 */
public final class BaculaActivitiesImpl implements BaculaActivities {

  private static final Logger log = LoggerFactory.getLogger(BaculaActivitiesImpl.class);

  /** Source and system names of the issue 4 contracts. */
  public static final String SOURCE = "import:bacula";

  public static final String SYSTEM = "bacula";
  public static final String ASSET_KIND = "bacula-job";

  /** Catalog rows read per {@code .sql} page, and pages per import cycle. */
  static final int PAGE = 500;

  static final int MAX_PAGES = 200;

  private final Jdbi jdbi;
  private final BaculaDirectors directors;
  private final Duration pollInterval;
  private final Duration awaitWindow;

  /**
   * @param pollInterval pause between two status reads in {@link #awaitJob}
   * @param awaitWindow how long one {@link #awaitJob} call polls before it returns
   */
  public BaculaActivitiesImpl(
      Jdbi jdbi, BaculaDirectors directors, Duration pollInterval, Duration awaitWindow) {
    this.jdbi = Objects.requireNonNull(jdbi);
    this.directors = Objects.requireNonNull(directors);
    this.pollInterval = Objects.requireNonNull(pollInterval);
    this.awaitWindow = Objects.requireNonNull(awaitWindow);
  }

  /** Polls every 5 s for up to 5 min per call. */
  public static BaculaActivitiesImpl withDefaults(Jdbi jdbi, BaculaDirectors directors) {
    return new BaculaActivitiesImpl(jdbi, directors, Duration.ofSeconds(5), Duration.ofMinutes(5));
  }

  @Override
  public long startJob(BaculaJobRequest request) {
    BaculaDirectorRow row = director(request.directorId());
    try {
      long jobId = open(row).runJob(request.jobName());
      jdbi.onDemand(BaculaRunDao.class)
          .link(UUID.fromString(request.runId()), row.id() + ":" + jobId);
      return jobId;
    } catch (BaculaException e) {
      throw failure(row, e, JOB_REFUSED, false);
    }
  }

  @Override
  public BaculaJobState awaitJob(BaculaJobWait wait) {
    BaculaDirectorRow row = director(wait.directorId());
    ActivityExecutionContext context = Activity.getExecutionContext();
    long deadline = System.nanoTime() + awaitWindow.toNanos();
    try {
      BaculaDirector director = open(row);
      while (true) {
        BaculaJobRun run =
            director
                .jobRun(wait.jobId())
                .orElseThrow(
                    () ->
                        new BaculaException(
                            BaculaException.Kind.NOT_FOUND,
                            "Bacula JobId "
                                + wait.jobId()
                                + " is no longer in the catalog of director "
                                + row.name()
                                + "."));
        BaculaJobState state =
            new BaculaJobState(
                run.jobId(), run.status(), run.errors(), run.files(), run.bytes(), run.finished());
        // Throws when the workflow cancelled this activity: the workflow then cancels the job.
        context.heartbeat(run.status());
        if (state.finished() || System.nanoTime() >= deadline) {
          return state;
        }
        sleep(pollInterval);
      }
    } catch (BaculaException e) {
      throw failure(row, e, JOB_REFUSED, true);
    }
  }

  @Override
  public void cancelJob(String directorId, long jobId) {
    BaculaDirectorRow row = director(directorId);
    try {
      open(row).cancel(jobId);
    } catch (BaculaException e) {
      throw failure(row, e, JOB_REFUSED, true);
    }
  }

  @Override
  public BaculaImportResult importJobs(String directorId) {
    BaculaDirectorRow row = director(directorId);
    ActivityExecutionContext context = Activity.getExecutionContext();
    try {
      BaculaDirector director = open(row);
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
        context.heartbeat(cursor);
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
    } catch (BaculaException e) {
      throw failure(row, e, BAD_DIRECTOR_CONFIG, true);
    }
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
    // Built by hand: every value is a number or a Bacula name, which holds no quote or backslash.
    return "{\"directorId\":\""
        + row.id()
        + "\",\"jobId\":"
        + run.jobId()
        + ",\"job\":\""
        + run.job()
        + "\",\"jobStatus\":\""
        + run.status()
        + "\",\"jobErrors\":"
        + run.errors()
        + ",\"jobFiles\":"
        + run.files()
        + ",\"level\":\""
        + run.level()
        + "\"}";
  }

  private BaculaDirectorRow director(String directorId) {
    UUID id;
    try {
      id = UUID.fromString(directorId);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "'" + directorId + "' is not a director id.", DIRECTOR_NOT_FOUND);
    }
    return jdbi.onDemand(BaculaDirectorDao.class)
        .find(id)
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "Bacula director " + directorId + " is not in the catalog (deleted?).",
                    DIRECTOR_NOT_FOUND));
  }

  private BaculaDirector open(BaculaDirectorRow row) throws BaculaException {
    return directors.open(row);
  }

  /**
   * An unreachable director is retryable and marks it unhealthy, and so is a failed command when
   * {@code failedIsRetryable} (reads: the director misbehaved, try again); other failures are not
   * retryable and carry {@code otherType}, or {@link #BAD_DIRECTOR_CONFIG} for bad input.
   */
  private ApplicationFailure failure(
      BaculaDirectorRow row, BaculaException e, String otherType, boolean failedIsRetryable) {
    if (e.kind() == BaculaException.Kind.UNAVAILABLE
        || (failedIsRetryable && e.kind() == BaculaException.Kind.FAILED)) {
      jdbi.onDemand(BaculaDirectorDao.class).markUnhealthy(row.id(), e.getMessage());
      return ApplicationFailure.newFailure(e.getMessage(), DIRECTOR_UNAVAILABLE);
    }
    String type = e.kind() == BaculaException.Kind.BAD_INPUT ? BAD_DIRECTOR_CONFIG : otherType;
    return ApplicationFailure.newNonRetryableFailure(e.getMessage(), type);
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a Bacula job.", e);
    }
  }
}
