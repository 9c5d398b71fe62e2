package io.safehold.workflows.awareness;

/**
 * What {@link BackupAwarenessWorkflow#status} answers: checks done by this run of the workflow, the
 * last result (null before the first), when the next check is due, how many checks failed after
 * their retries, and how many periods were skipped because a check overran.
 */
public record AwarenessStatus(
    int checks,
    Long lastCheckAtMillis,
    AwarenessCheckResult last,
    long nextCheckAtMillis,
    int failedChecks,
    int skippedPeriods) {}
