package io.safehold.workflows.notify;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the catalog's target selection and the notify queue's delivery (workflows may not
 * depend on either): every event goes to the targets given, and a target can be told to fail.
 */
public final class RecordingNotifications
    implements NotificationCatalogActivities, NotificationActivities {

  /** One notification that reached a target. */
  public record Delivered(String targetId, NotificationEvent event) {}

  private final List<NotificationRecipient> targets;
  private final Map<String, ApplicationFailure> failures = new ConcurrentHashMap<>();

  public final List<NotificationEvent> selected = new CopyOnWriteArrayList<>();
  public final List<Delivered> delivered = new CopyOnWriteArrayList<>();
  public final AtomicInteger attempts = new AtomicInteger();

  /** No target matches anything: what the existing workflow tests register. */
  public static RecordingNotifications none() {
    return new RecordingNotifications(List.of());
  }

  public RecordingNotifications(List<NotificationRecipient> targets) {
    this.targets = List.copyOf(targets);
  }

  /** Every delivery to this target fails with this failure (retryable or not, as built). */
  public RecordingNotifications failing(String targetId, ApplicationFailure failure) {
    failures.put(targetId, failure);
    return this;
  }

  @Override
  public NotificationSelection selectNotificationTargets(NotificationEvent event) {
    selected.add(event);
    return new NotificationSelection(event.withAsset("asset-1", "vm", "vc1/web-01"), targets);
  }

  @Override
  public void deliverNotification(String targetId, NotificationEvent event) {
    attempts.incrementAndGet();
    ApplicationFailure failure = failures.get(targetId);
    if (failure != null) {
      throw failure;
    }
    delivered.add(new Delivered(targetId, event));
  }
}
