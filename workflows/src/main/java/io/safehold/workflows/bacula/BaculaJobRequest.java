package io.safehold.workflows.bacula;

/**
 * Run one Bacula job for a Safehold run.
 *
 * @param runId the catalog run (PENDING, created by the API) this job reports into
 * @param directorId the catalog id of the director
 * @param jobName the job resource name, checked by the API against the director's jobs
 */
public record BaculaJobRequest(String runId, String directorId, String jobName) {}
