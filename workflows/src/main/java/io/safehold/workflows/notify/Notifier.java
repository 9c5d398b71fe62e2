package io.safehold.workflows.notify;

import io.safehold.workflows.run.RunActivities;
import io.safehold.workflows.run.RunEventType;
import io.safehold.workflows.run.RunStatus;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Sends notifications from workflow code: one call per event (or a batch), fanned out to every
 * matching target. Selection reads the catalog on the workflows queue; each delivery is its own
 * activity on the notify queue, all in parallel, with retries inside {@link
 * NotificationOptions#deliveryDeadline()}.
 *
 * <p>A notification never fails the workflow that sends it: a delivery that still fails is recorded
 * on the event's run as a FAILURE event naming the target (and logged when the event has no run),
 * and returned to the caller. Sending runs in a detached cancellation scope, so a cancelled backup
 * still reports the snapshot it left behind.
 *
 * <p>Versioned with {@link Workflow#getVersion} under {@link #CHANGE_ID}: a workflow whose history
 * reached this point before notifications existed replays without them.
 *
 * <p>Construct it in the workflow's constructor (it creates activity stubs); use it only from
 * workflow code.
 */
public final class Notifier {

  /** The {@link Workflow#getVersion} change id of "workflows send notifications". */
  public static final String CHANGE_ID = "notifications";

  private static final int VERSION = 1;

  private final RunActivities runs;
  private final NotificationCatalogActivities catalog;
  private final NotificationActivities delivery;
  private final Logger log = Workflow.getLogger(Notifier.class);

  /**
   * @param runs where an undelivered notification is recorded (the workflow's own run stub)
   */
  public Notifier(RunActivities runs, NotificationOptions options) {
    this.runs = runs;
    this.catalog =
        Workflow.newActivityStub(NotificationCatalogActivities.class, options.selection());
    this.delivery = Workflow.newActivityStub(NotificationActivities.class, options.delivery());
  }

  /**
   * Sends one event to its matching targets and waits for the outcome.
   *
   * @return one sentence per target that did not get it (already recorded on the run); empty when
   *     all did, or none matched
   */
  public List<String> notify(NotificationEvent event) {
    return notifyAll(List.of(event));
  }

  /**
   * Tells the targets that a run ended {@code status} ({@code run-failed} or {@code
   * run-completed-with-warnings}); the asset comes from the catalog.
   */
  public List<String> runEnded(
      NotificationEventType type, RunStatus status, String runId, String message) {
    return notify(
        NotificationEvent.runEnded(
            type,
            runId,
            status.name(),
            message,
            Instant.ofEpochMilli(Workflow.currentTimeMillis())));
  }

  /**
   * The awareness loop's entry point: notifies that an alert was raised ({@code raised}) or cleared
   * on an asset. The event has no run unless {@code runId} is given, so an undelivered one is
   * logged and kept in the target's delivery log rather than recorded on a run.
   *
   * @param alertKind e.g. {@code STALE_BACKUP}; it becomes the event's subject
   */
  public List<String> alert(
      boolean raised,
      long alertId,
      String alertKind,
      String assetId,
      String runId,
      String message) {
    return notify(
        NotificationEvent.alert(
            raised ? NotificationEventType.ALERT_RAISED : NotificationEventType.ALERT_CLEARED,
            alertId,
            alertKind,
            assetId,
            runId,
            message,
            Instant.ofEpochMilli(Workflow.currentTimeMillis())));
  }

  /** As {@link #notify}, for several events at once, all in parallel. */
  public List<String> notifyAll(List<NotificationEvent> events) {
    if (events.isEmpty()
        || Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, VERSION)
            == Workflow.DEFAULT_VERSION) {
      return List.of();
    }
    List<String> failures = new ArrayList<>();
    Workflow.newDetachedCancellationScope(() -> failures.addAll(send(events))).run();
    return failures;
  }

  private record Pending(
      NotificationRecipient recipient, NotificationEvent event, Promise<Void> sent) {}

  private List<String> send(List<NotificationEvent> events) {
    List<Promise<NotificationSelection>> selections = new ArrayList<>();
    for (NotificationEvent event : events) {
      selections.add(Async.function(catalog::selectNotificationTargets, event));
    }
    List<String> failures = new ArrayList<>();
    List<Pending> pending = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      NotificationEvent event = events.get(i);
      NotificationSelection selection;
      try {
        selection = selections.get(i).get();
      } catch (ActivityFailure e) {
        failures.add(
            record(
                event,
                "Notifications of "
                    + event.type().wireName()
                    + " were not sent: the notification targets could not be read: "
                    + reason(e)));
        continue;
      }
      for (NotificationRecipient recipient : selection.recipients()) {
        pending.add(
            new Pending(
                recipient,
                selection.event(),
                Async.procedure(
                    delivery::deliverNotification, recipient.targetId(), selection.event())));
      }
    }
    for (Pending p : pending) {
      try {
        p.sent().get();
      } catch (ActivityFailure e) {
        failures.add(
            record(
                p.event(),
                "Notification of "
                    + p.event().type().wireName()
                    + " to target '"
                    + p.recipient().name()
                    + "' ("
                    + p.recipient().kind()
                    + ") was not delivered: "
                    + reason(e)));
      }
    }
    return failures;
  }

  /** Records the sentence on the event's run; a failure to record is logged, never thrown. */
  private String record(NotificationEvent event, String sentence) {
    if (event.runId() == null) {
      log.warn(sentence);
      return sentence;
    }
    try {
      runs.recordEvent(event.runId(), RunEventType.FAILURE, sentence);
    } catch (ActivityFailure e) {
      log.warn("{} (could not record it on run {}: {})", sentence, event.runId(), reason(e));
    }
    return sentence;
  }

  /** The last application error in the chain, or what ran out of time. */
  static String reason(ActivityFailure failure) {
    String last = null;
    // Out of time either mid-attempt (a TimeoutFailure) or because no retry fits the deadline.
    boolean timedOut = failure.getRetryState() == RetryState.RETRY_STATE_TIMEOUT;
    for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure application) {
        last = application.getOriginalMessage();
      } else if (t instanceof TimeoutFailure) {
        timedOut = true;
      }
    }
    String sentence = last == null ? null : sentence(last);
    if (timedOut) {
      return "no success before the deadline"
          + (sentence == null ? "." : "; last error: " + sentence);
    }
    return sentence == null ? "step " + failure.getActivityType() + " failed." : sentence;
  }

  private static String sentence(String message) {
    String trimmed = message.strip();
    return trimmed.endsWith(".") ? trimmed : trimmed + ".";
  }
}
