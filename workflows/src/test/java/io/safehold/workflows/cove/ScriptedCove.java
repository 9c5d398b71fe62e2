package io.safehold.workflows.cove;

import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * {@link CoveActivities} answering each cycle attempt from a script (attempt number to summary or
 * failure), and recording the failed cycles the workflow reports.
 */
final class ScriptedCove implements CoveActivities {

  private final IntFunction<CoveCycleSummary> script;
  private final AtomicInteger attempts = new AtomicInteger();
  final List<String> failedCycles = Collections.synchronizedList(new ArrayList<>());

  ScriptedCove(IntFunction<CoveCycleSummary> script) {
    this.script = script;
  }

  /** A good cycle over 3 devices, polled every {@code interval} seconds. */
  static CoveCycleSummary good(int interval) {
    return new CoveCycleSummary(true, interval, 3, 0, 1, 0, 0, 6, 0, 0, 40);
  }

  static CoveCycleSummary unreachable() {
    throw ApplicationFailure.newFailure(
        "Could not connect to the Cove API at https://cove.test/jsonapi for partner 'Acme'",
        CoveActivities.UNAVAILABLE);
  }

  static CoveCycleSummary loginRefused() {
    throw ApplicationFailure.newNonRetryableFailure(
        "Cove refused the login of user 'api' for partner 'Acme'", CoveActivities.LOGIN_REFUSED);
  }

  int attempts() {
    return attempts.get();
  }

  @Override
  public CoveCycleSummary importCycle(String accountId) {
    return script.apply(attempts.incrementAndGet());
  }

  @Override
  public void recordFailedCycle(String accountId, String error) {
    failedCycles.add(error);
  }
}
