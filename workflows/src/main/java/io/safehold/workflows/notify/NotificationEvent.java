package io.safehold.workflows.notify;

import java.time.Instant;

/**
 * Something an operator should hear about, as it travels from a workflow to the notify queue.
 * Names, ids, statuses and one-sentence messages only: never a secret. A workflow fills in what it
 * knows (often just the run); {@link NotificationCatalogActivities#selectNotificationTargets} fills
 * in the asset from the catalog.
 *
 * @param runId the run concerned, or null (e.g. an alert about an asset that never ran)
 * @param status the run's final status name (e.g. {@code FAILED}), or null
 * @param assetId the asset's catalog id, or null when the run names it
 * @param assetKind e.g. {@code vm}, {@code network-device}; what per-target kind filters match
 * @param assetName e.g. {@code vc1/web-01}
 * @param subject what within the asset: the snapshot left behind, the replication target, the alert
 *     kind; or null
 * @param alertId the alert concerned, for alert events; or null
 * @param message one sentence for the operator
 * @param occurredAt when it happened (workflow time)
 */
public record NotificationEvent(
    NotificationEventType type,
    String runId,
    String status,
    String assetId,
    String assetKind,
    String assetName,
    String subject,
    Long alertId,
    String message,
    Instant occurredAt) {

  /** A run that ended FAILED or COMPLETED_WITH_WARNINGS; the asset comes from the catalog. */
  public static NotificationEvent runEnded(
      NotificationEventType type, String runId, String status, String message, Instant at) {
    return new NotificationEvent(type, runId, status, null, null, null, null, null, message, at);
  }

  /** Something within a run's asset (a snapshot, a replication target) that needs attention. */
  public static NotificationEvent aboutRun(
      NotificationEventType type, String runId, String subject, String message, Instant at) {
    return new NotificationEvent(type, runId, null, null, null, null, subject, null, message, at);
  }

  /** An alert raised or cleared on an asset; {@code alertKind} becomes the subject. */
  public static NotificationEvent alert(
      NotificationEventType type,
      long alertId,
      String alertKind,
      String assetId,
      String runId,
      String message,
      Instant at) {
    return new NotificationEvent(
        type, runId, null, assetId, null, null, alertKind, alertId, message, at);
  }

  /** This event with the asset filled in. */
  public NotificationEvent withAsset(String id, String kind, String name) {
    return new NotificationEvent(
        type, runId, status, id, kind, name, subject, alertId, message, occurredAt);
  }
}
