package io.safehold.workflows.bacula;

import io.temporal.activity.ActivityInterface;

/**
 * Work against Bacula directors through bconsole; runs on {@link
 * io.safehold.workflows.TaskQueues#BACULA}, on a host that has bconsole (local mode) or can reach
 * the director host over SSH.
 */
@ActivityInterface
public interface BaculaActivities {

  /** Non-retryable: the director is not in the catalog (deleted). */
  String DIRECTOR_NOT_FOUND = "BaculaDirectorNotFound";

  /** Non-retryable: the director has no such job, or refused to queue it. */
  String JOB_REFUSED = "BaculaJobRefused";

  /** Non-retryable: the director's connection settings cannot work (bad input). */
  String BAD_DIRECTOR_CONFIG = "BaculaBadDirectorConfig";

  /** Retryable: bconsole could not reach or log in to the director, or timed out. */
  String DIRECTOR_UNAVAILABLE = "BaculaDirectorUnavailable";

  /**
   * Queues the job ({@code run job=NAME yes}), links the run to its JobId (so the import loop does
   * not import it a second time) and returns the JobId.
   */
  long startJob(BaculaJobRequest request);

  /**
   * Polls the job's catalog record every few seconds, heartbeating its status, until it ends or a
   * few minutes pass; returns its state either way, so the workflow loops with a short history.
   */
  BaculaJobState awaitJob(BaculaJobWait wait);

  /** Cancels the job ({@code cancel jobid=N yes}); cancelling an ended job does nothing. */
  void cancelJob(String directorId, long jobId);

  /**
   * Imports the director's finished jobs after its watermark as runs ({@code import:bacula},
   * external id {@code <directorId>:<JobId>}), creating their job assets, and records the cycle on
   * the director. When the director cannot be reached it is marked unhealthy and the failure is
   * retryable.
   */
  BaculaImportResult importJobs(String directorId);
}
