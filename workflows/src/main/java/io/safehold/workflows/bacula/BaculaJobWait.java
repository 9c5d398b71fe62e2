package io.safehold.workflows.bacula;

/** Wait for a running Bacula job: which director, which JobId, and which Safehold run. */
public record BaculaJobWait(String runId, String directorId, long jobId) {}
