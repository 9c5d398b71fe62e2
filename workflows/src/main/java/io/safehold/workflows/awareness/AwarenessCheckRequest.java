package io.safehold.workflows.awareness;

/**
 * The configured defaults every asset inherits unless it sets its own: check period (-1: off) and
 * alert window, in seconds.
 */
public record AwarenessCheckRequest(
    long defaultCheckPeriodSeconds, long defaultAlertWindowSeconds) {}
