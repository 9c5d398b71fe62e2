package io.safehold.activities.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.safehold.catalog.ArtifactRow;
import io.safehold.catalog.AwarenessDao;
import io.safehold.catalog.RunDao;
import io.safehold.workflows.run.RunActivities;
import io.safehold.workflows.run.RunEventType;
import io.safehold.workflows.run.RunOutcome;
import io.safehold.workflows.run.StoredObject;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiPredicate;
import org.jdbi.v3.core.Jdbi;

/**
 * Records a run's life in the catalog. Every method is idempotent; a run id the catalog does not
 * know fails non-retryably with type {@value #RUN_NOT_FOUND}, since retrying cannot create it.
 */
public final class RunActivitiesImpl implements RunActivities {

  /** Failure type: the run id names no run in the catalog. */
  public static final String RUN_NOT_FOUND = "RunNotFound";

  /** Failure type: the workflow reported an outcome the catalog cannot store. */
  public static final String BAD_RUN_OUTCOME = "BadRunOutcome";

  /** Failure type: the workflow reported an event the catalog cannot store. */
  public static final String BAD_RUN_EVENT = "BadRunEvent";

  private final Jdbi jdbi;
  private final RunEventLog events;
  private final ObjectMapper json = new ObjectMapper();

  public RunActivitiesImpl(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.events = new RunEventLog(jdbi);
  }

  @Override
  public void markRunning(String runId, String temporalRunId) {
    updateExistingRun(runId, (runs, id) -> runs.markRunning(id, temporalRunId));
  }

  /** Sets the step the run is in; a finished run keeps no phase and is left alone. */
  @Override
  public void setPhase(String runId, String phase) {
    updateExistingRun(runId, (runs, id) -> runs.setPhase(id, phase));
  }

  /**
   * Applies a conditional update; when it changes nothing, the run must still exist (a finished run
   * is left alone on purpose), else the run id is unknown and retrying cannot help.
   */
  private void updateExistingRun(String runId, BiPredicate<RunDao, UUID> update) {
    UUID id = CatalogIds.parse(runId, "run", RUN_NOT_FOUND);
    jdbi.useTransaction(
        h -> {
          RunDao runs = h.attach(RunDao.class);
          if (!update.test(runs, id) && runs.find(id).isEmpty()) {
            throw CatalogIds.runNotFound(id);
          }
        });
  }

  /** Appends to the run's session log, as {@link RunEventLog#append} does. */
  @Override
  public void recordEvent(String runId, RunEventType type, String message) {
    if (type == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "an event of run " + runId + " has no type", BAD_RUN_EVENT);
    }
    events.append(runId, type, message);
  }

  /**
   * Writes status, error, bytes, result and artifacts in one transaction, and clears the awareness
   * alerts a successful backup resolves. If the run had already ended, nothing is written,
   * artifacts included.
   */
  @Override
  public void finish(RunOutcome outcome) {
    if (outcome == null) {
      throw ApplicationFailure.newNonRetryableFailure("no run outcome was given", BAD_RUN_OUTCOME);
    }
    UUID id = CatalogIds.parse(outcome.runId(), "run", RUN_NOT_FOUND);
    if (outcome.status() == null || !outcome.status().isTerminal()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "run "
              + id
              + " cannot finish with status "
              + outcome.status()
              + ": a finished run needs a terminal status",
          BAD_RUN_OUTCOME);
    }
    String resultJson = resultJson(id, outcome);
    List<ArtifactRow> artifacts = artifactRows(id, outcome.artifacts());
    jdbi.useTransaction(
        h -> {
          RunDao runs = h.attach(RunDao.class);
          boolean finished =
              runs.finish(
                  id, outcome.status().name(), outcome.error(), outcome.bytes(), resultJson);
          if (!finished) {
            if (runs.find(id).isEmpty()) {
              throw CatalogIds.runNotFound(id);
            }
            return;
          }
          if (!artifacts.isEmpty()) {
            runs.insertArtifacts(artifacts);
          }
          h.attach(AwarenessDao.class).clearAfterBackup(id);
        });
  }

  private String resultJson(UUID id, RunOutcome outcome) {
    if (outcome.result() == null) {
      return null;
    }
    try {
      return json.writeValueAsString(outcome.result());
    } catch (JsonProcessingException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the result of run " + id + " cannot be written as JSON: " + e.getOriginalMessage(),
          BAD_RUN_OUTCOME);
    }
  }

  private static List<ArtifactRow> artifactRows(UUID id, List<StoredObject> artifacts) {
    if (artifacts == null) {
      return List.of();
    }
    for (StoredObject artifact : artifacts) {
      if (artifact == null || artifact.key() == null || artifact.sha256() == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "run " + id + " reported an artifact without a key or SHA-256: " + artifact,
            BAD_RUN_OUTCOME);
      }
    }
    return artifacts.stream().map(a -> new ArtifactRow(id, a.key(), a.size(), a.sha256())).toList();
  }
}
