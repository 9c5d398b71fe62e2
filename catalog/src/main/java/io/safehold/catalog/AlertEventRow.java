package io.safehold.catalog;

import java.time.Instant;

/**
 * One step in an alert's life: {@code raise}, {@code refresh} (a new message while open), {@code
 * ack} or {@code clear}, with who did it ({@code awareness}, {@code api:<key name>}, ...).
 */
public record AlertEventRow(
    long id, long alertId, Instant at, String type, String actor, String message) {}
