package io.safehold.catalog;

import java.time.Instant;
import java.util.UUID;

/** One attempt to deliver a notification to a target, and its outcome in one line. */
public record NotificationDeliveryRow(
    long id,
    UUID targetId,
    String eventType,
    UUID runId,
    int attempt,
    boolean delivered,
    String detail,
    Instant at) {}
