package io.safehold.workflows.bacula;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for a director: {@link #startJob} queues JobId 42, {@link #awaitJob} answers the
 * scripted states in turn (the last one repeats), {@link #cancelJob} records the cancel.
 */
final class ScriptedBacula implements BaculaActivities {

  static final long JOB_ID = 42;

  private final List<BaculaJobState> states;
  private final AtomicInteger polls = new AtomicInteger();
  final List<Long> cancelled = new CopyOnWriteArrayList<>();
  volatile String refuseStart;

  ScriptedBacula(BaculaJobState... states) {
    this.states = List.of(states);
  }

  static BaculaJobState running() {
    return new BaculaJobState(JOB_ID, "R", 0, 0, 0, false);
  }

  static BaculaJobState ended(String status, long errors) {
    return new BaculaJobState(JOB_ID, status, errors, 3, 12, true);
  }

  @Override
  public long startJob(BaculaJobRequest request) {
    if (refuseStart != null) {
      throw ApplicationFailure.newNonRetryableFailure(refuseStart, JOB_REFUSED);
    }
    return JOB_ID;
  }

  @Override
  public BaculaJobState awaitJob(BaculaJobWait wait) {
    int poll = polls.getAndIncrement();
    return states.get(Math.min(poll, states.size() - 1));
  }

  @Override
  public void cancelJob(String directorId, long jobId) {
    cancelled.add(jobId);
  }

  @Override
  public BaculaImportResult importJobs(String directorId) {
    throw new UnsupportedOperationException("not scripted");
  }
}
