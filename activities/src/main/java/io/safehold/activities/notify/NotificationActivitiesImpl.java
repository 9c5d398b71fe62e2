package io.safehold.activities.notify;

import io.safehold.activities.catalog.CatalogIds;
import io.safehold.catalog.NotificationDao;
import io.safehold.catalog.NotificationTargetRow;
import io.safehold.workflows.notify.NotificationActivities;
import io.safehold.workflows.notify.NotificationEvent;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications on the notify queue through {@link NotificationSender}, and writes every
 * attempt (delivered or not, with the answer or the error sentence) to the target's delivery log. A
 * target disabled since it was selected is skipped and logged as such.
 */
public final class NotificationActivitiesImpl implements NotificationActivities {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationActivitiesImpl.class);

  private final Jdbi jdbi;
  private final NotificationSender sender;

  public NotificationActivitiesImpl(Jdbi jdbi, NotificationSender sender) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.sender = Objects.requireNonNull(sender, "sender");
  }

  @Override
  public void deliverNotification(String targetId, NotificationEvent event) {
    UUID id = CatalogIds.parse(targetId, "notification target", TARGET_GONE);
    NotificationDao dao = jdbi.onDemand(NotificationDao.class);
    NotificationTargetRow target =
        dao.find(id)
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "Notification target "
                            + id
                            + " was deleted before it could be sent "
                            + event.type().wireName()
                            + ".",
                        TARGET_GONE));
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    if (!target.enabled()) {
      log(dao, target, event, attempt, false, "Not sent: the target is disabled.");
      return;
    }
    try {
      String answer = sender.send(target, event);
      log(dao, target, event, attempt, true, answer);
    } catch (NotificationFailure failure) {
      log(dao, target, event, attempt, false, failure.getMessage());
      throw failure.toApplicationFailure();
    }
  }

  /** Writes the attempt; losing the log row must not turn a delivery into a failure. */
  private static void log(
      NotificationDao dao,
      NotificationTargetRow target,
      NotificationEvent event,
      int attempt,
      boolean delivered,
      String detail) {
    try {
      dao.recordDelivery(
          target.id(), event.type().wireName(), runId(event), attempt, delivered, detail);
    } catch (RuntimeException e) {
      LOG.warn("Could not log the delivery to notification target '{}'", target.name(), e);
    }
  }

  private static UUID runId(NotificationEvent event) {
    try {
      return event.runId() == null ? null : UUID.fromString(event.runId());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
