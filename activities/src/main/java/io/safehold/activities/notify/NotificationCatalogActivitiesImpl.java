package io.safehold.activities.notify;

import io.safehold.catalog.AssetDao;
import io.safehold.catalog.NotificationDao;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunRow;
import io.safehold.workflows.notify.NotificationCatalogActivities;
import io.safehold.workflows.notify.NotificationEvent;
import io.safehold.workflows.notify.NotificationRecipient;
import io.safehold.workflows.notify.NotificationSelection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Picks the targets of an event from the catalog, on the workflows queue: enabled, subscribed to
 * the event's type, and either naming no asset kinds or the kind of the event's asset. The asset
 * (id, kind, name) is read from the event's asset id, or else from its run.
 */
public final class NotificationCatalogActivitiesImpl implements NotificationCatalogActivities {

  private final Jdbi jdbi;

  public NotificationCatalogActivitiesImpl(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public NotificationSelection selectNotificationTargets(NotificationEvent event) {
    NotificationEvent full = withAsset(event);
    List<NotificationRecipient> recipients =
        jdbi
            .onDemand(NotificationDao.class)
            .matching(event.type().wireName(), full.assetKind())
            .stream()
            .map(t -> new NotificationRecipient(t.id().toString(), t.name(), t.kind()))
            .toList();
    return new NotificationSelection(full, recipients);
  }

  private NotificationEvent withAsset(NotificationEvent event) {
    if (event.assetName() != null && event.assetKind() != null) {
      return event;
    }
    Optional<UUID> assetId =
        uuid(event.assetId())
            .or(
                () ->
                    uuid(event.runId())
                        .flatMap(run -> jdbi.onDemand(RunDao.class).find(run))
                        .map(RunRow::assetId));
    return assetId
        .flatMap(id -> jdbi.onDemand(AssetDao.class).find(id))
        .map(a -> event.withAsset(a.id().toString(), a.kind(), a.name()))
        .orElse(event);
  }

  private static Optional<UUID> uuid(String id) {
    if (id == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
