package io.safehold.activities.bacula;

import io.safehold.catalog.BaculaDirectorDao;
import io.safehold.catalog.BaculaDirectorRow;
import io.safehold.catalog.BaculaRunDao;
import io.safehold.workflows.bacula.BaculaActivities;
import io.safehold.workflows.bacula.BaculaImportResult;
import io.safehold.workflows.bacula.BaculaJobRequest;
import io.safehold.workflows.bacula.BaculaJobState;
import io.safehold.workflows.bacula.BaculaJobWait;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link BaculaActivities} over bconsole. Failures carry the interface's types: an unreachable
 * director is retryable (and marks it unhealthy), everything else is not.
 */
public final class BaculaActivitiesImpl implements BaculaActivities {

  private final Jdbi jdbi;
  private final BaculaDirectors directors;
  private final Duration pollInterval;
  private final Duration awaitWindow;
  private final BaculaImport imports;

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
    this.imports = new BaculaImport(jdbi, directors);
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
      return imports.cycle(row, context::heartbeat);
    } catch (BaculaException e) {
      throw failure(row, e, BAD_DIRECTOR_CONFIG, true);
    }
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
