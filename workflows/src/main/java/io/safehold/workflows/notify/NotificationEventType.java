package io.safehold.workflows.notify;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a notification is about. A target subscribes to some of these by their {@link #wireName()}
 * (e.g. {@code run-failed}); {@link #TEST} is only ever sent by the API's test call, whatever the
 * target's filter.
 */
public enum NotificationEventType {
  RUN_FAILED("run-failed"),
  RUN_COMPLETED_WITH_WARNINGS("run-completed-with-warnings"),
  REPLICATION_FAILED("replication-failed"),
  SNAPSHOT_LEFT_BEHIND("snapshot-left-behind"),
  ALERT_RAISED("alert-raised"),
  ALERT_CLEARED("alert-cleared"),
  TEST("test");

  private final String wireName;

  NotificationEventType(String wireName) {
    this.wireName = wireName;
  }

  /** The name targets, payloads and the API use. */
  public String wireName() {
    return wireName;
  }

  /** The types a target may subscribe to: every type but {@link #TEST}. */
  public static List<NotificationEventType> subscribable() {
    return Arrays.stream(values()).filter(t -> t != TEST).toList();
  }

  public static Optional<NotificationEventType> fromWireName(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }
}
