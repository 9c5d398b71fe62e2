package io.safehold.activities.notify;

import io.safehold.workflows.notify.NotificationEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a notification says, whatever carries it: a title, the event's own sentence, and facts
 * (event, asset, run, status, subject, alert, time) in a fixed order. Built only from the event,
 * which holds names, ids, statuses and messages, never a secret.
 */
public record NotificationMessage(String title, String text, Map<String, String> facts) {

  public static NotificationMessage of(NotificationEvent event) {
    String asset =
        event.assetName() != null
            ? event.assetName()
            : event.assetId() != null
                ? "asset " + event.assetId()
                : event.runId() != null ? "run " + event.runId() : "an unknown asset";
    String subject = event.subject() == null ? "" : event.subject();
    String title =
        switch (event.type()) {
          case RUN_FAILED -> "Backup failed: " + asset;
          case RUN_COMPLETED_WITH_WARNINGS -> "Backup completed with warnings: " + asset;
          case REPLICATION_FAILED -> "Replication to " + subject + " failed: " + asset;
          case SNAPSHOT_LEFT_BEHIND -> "Snapshot " + subject + " left behind: " + asset;
          case ALERT_RAISED -> "Alert " + subject + " raised: " + asset;
          case ALERT_CLEARED -> "Alert " + subject + " cleared: " + asset;
          case TEST -> "Test notification from Safehold";
        };
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Event", event.type().wireName());
    if (event.assetName() != null || event.assetId() != null) {
      String kind = event.assetKind() == null ? "" : " (" + event.assetKind() + ")";
      facts.put("Asset", asset + kind);
    }
    put(facts, "Run", event.runId());
    put(facts, "Status", event.status());
    put(facts, "Subject", event.subject());
    put(facts, "Alert", event.alertId() == null ? null : String.valueOf(event.alertId()));
    put(facts, "At", event.occurredAt() == null ? null : event.occurredAt().toString());
    String text = event.message() == null || event.message().isBlank() ? title : event.message();
    return new NotificationMessage(title, text, facts);
  }

  private static void put(Map<String, String> facts, String name, String value) {
    if (value != null && !value.isBlank()) {
      facts.put(name, value);
    }
  }
}
