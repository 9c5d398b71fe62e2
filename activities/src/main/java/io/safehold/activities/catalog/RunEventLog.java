package io.safehold.activities.catalog;

import io.safehold.catalog.RunDao;
import io.safehold.workflows.run.RunEventType;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes a run's session log (connect, command, response, ...) straight to the catalog, so
 * activities can log each step as it happens without a round trip through the workflow.
 *
 * <p>Event types are stored in lower case ({@code connect}, {@code command}, ...). Messages longer
 * than {@value #MAX_MESSAGE_CHARS} characters are cut and end with a marker saying how much was
 * left out. The caller must not put secrets or config text into a message.
 */
public final class RunEventLog {

  /** The longest message kept whole; a device's chatter beyond this is of no use in a log line. */
  public static final int MAX_MESSAGE_CHARS = 4000;

  private final Jdbi jdbi;

  public RunEventLog(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Appends one event to the run's log.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable, of type {@value
   *     RunActivitiesImpl#RUN_NOT_FOUND}, when the run does not exist
   * @throws IllegalArgumentException when {@code type} is null
   */
  public void append(String runId, RunEventType type, String message) {
    if (type == null) {
      throw new IllegalArgumentException("an event of run " + runId + " has no type");
    }
    UUID id = CatalogIds.parse(runId, "run", RunActivitiesImpl.RUN_NOT_FOUND);
    String text = truncate(message == null ? "" : message);
    jdbi.useTransaction(
        h -> {
          RunDao runs = h.attach(RunDao.class);
          if (runs.find(id).isEmpty()) {
            throw CatalogIds.runNotFound(id);
          }
          runs.insertEvent(id, type.name().toLowerCase(Locale.ROOT), text);
        });
  }

  /** Cuts a message longer than {@value #MAX_MESSAGE_CHARS} characters, saying how much went. */
  public static String truncate(String message) {
    if (message.length() <= MAX_MESSAGE_CHARS) {
      return message;
    }
    int omitted = message.length() - MAX_MESSAGE_CHARS;
    return message.substring(0, MAX_MESSAGE_CHARS) + "... [truncated " + omitted + " characters]";
  }
}
