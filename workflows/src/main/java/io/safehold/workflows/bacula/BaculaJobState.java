package io.safehold.workflows.bacula;

/**
 * A Bacula job as its catalog reports it (no secrets, no log text).
 *
 * @param status Bacula's one-letter JobStatus
 * @param finished whether {@code status} is terminal ({@link BaculaJobStatus#isTerminal})
 */
public record BaculaJobState(
    long jobId, String status, long errors, long files, long bytes, boolean finished) {}
