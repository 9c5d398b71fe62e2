package io.safehold.workflows.awareness;

/**
 * Counts of one awareness check, never the alerts themselves (a check may touch 10,000 assets).
 *
 * @param skipped another check was running; this one did nothing
 * @param assets assets checked (awareness on)
 * @param scopes asset scopes checked (an asset without declared scopes counts once)
 * @param raised alerts opened
 * @param refreshed open alerts whose message changed
 * @param cleared alerts cleared because their condition no longer holds
 * @param open awareness alerts open after the check
 * @param alertEventsAfter with {@code alertEventsUpTo}: this check's raises, refreshes and clears
 *     are the alert events with ids in ({@code alertEventsAfter}, {@code alertEventsUpTo}], for a
 *     notifier to read from the catalog
 * @param shortestCheckPeriodSeconds the shortest period any asset or scope asks for (0: none)
 */
public record AwarenessCheckResult(
    boolean skipped,
    int assets,
    int scopes,
    int raised,
    int refreshed,
    int cleared,
    int open,
    long alertEventsAfter,
    long alertEventsUpTo,
    long shortestCheckPeriodSeconds) {}
