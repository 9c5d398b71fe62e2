package io.safehold.workflows.bacula;

import io.safehold.workflows.run.RunStatus;

/** How a Bacula job run by Safehold ended: the Bacula view and the Safehold status it maps to. */
public record BaculaJobResult(
    long jobId, String jobStatus, long errors, long bytes, RunStatus status) {}
