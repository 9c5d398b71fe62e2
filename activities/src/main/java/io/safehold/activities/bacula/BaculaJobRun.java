package io.safehold.activities.bacula;

import io.safehold.workflows.bacula.BaculaJobStatus;
import io.safehold.workflows.run.RunStatus;
import java.time.Instant;

/**
 * One run of a Bacula job as the catalog records it ({@code llist jobid=N}, or a {@code .sql} row).
 *
 * @param jobId Bacula's JobId, unique per director
 * @param job the unique job name, e.g. {@code BackupSource.2026-11-23_15.29.36_03}
 * @param name the job resource name, e.g. {@code BackupSource}
 * @param type B backup, R restore, V verify, ...
 * @param level F full, I incremental, D differential, or blank
 * @param status Bacula's one-letter JobStatus
 * @param started null before it started; ended null while it runs
 */
public record BaculaJobRun(
    long jobId,
    String job,
    String name,
    String type,
    String level,
    String client,
    String status,
    long errors,
    long files,
    long bytes,
    Instant started,
    Instant ended,
    String pool) {

  /** Safehold's status for this run; see {@link BaculaJobStatus#toRunStatus}. */
  public RunStatus runStatus() {
    return BaculaJobStatus.toRunStatus(status, errors);
  }

  public boolean finished() {
    return BaculaJobStatus.isTerminal(status);
  }
}
