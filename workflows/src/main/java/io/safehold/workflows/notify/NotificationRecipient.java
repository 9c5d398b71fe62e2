package io.safehold.workflows.notify;

/** A notification target an event goes to: its id, and its name and kind for messages. */
public record NotificationRecipient(String targetId, String name, String kind) {}
