package io.safehold.workflows.cove;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What a {@link CovePollingWorkflow} asks of Cove and the catalog, on {@link
 * io.safehold.workflows.TaskQueues#COVE}. Each call resolves the account's credential itself: no
 * password and no Cove visa ever travels through a workflow. Results are counts, never device
 * lists, so workflow histories stay small whatever the tenant's size.
 */
@ActivityInterface
public interface CoveActivities {

  /** Failure type: Cove refused the login (wrong partner, user or password). Not retried. */
  String LOGIN_REFUSED = "CoveLoginRefused";

  /** Failure type: the account's credential is missing, of the wrong kind or unreadable. */
  String CREDENTIAL_UNUSABLE = "CoveCredentialUnusable";

  /**
   * Failure type: Cove answered, but not with what was asked, on every page of a cycle (e.g. a
   * column it refuses). Retrying at once would repeat it; the next cycle tries again.
   */
  String RESPONSE_REFUSED = "CoveResponseRefused";

  /** Failure type: Cove could not be reached or reported a server error. Retried with backoff. */
  String UNAVAILABLE = "CoveUnavailable";

  /**
   * One polling cycle of an account: log in (or reuse a live visa), page through every device,
   * create assets for new devices and import their sessions as runs, writing page by page. A page
   * Cove answers with garbage is logged with its request id and skipped. Records the outcome on the
   * account: a good cycle marks it healthy; a failed attempt marks it unhealthy before it throws.
   *
   * @return the cycle's counts; {@link CoveCycleSummary#accountExists()} false when the account was
   *     deleted (the workflow then ends)
   */
  @ActivityMethod
  CoveCycleSummary importCycle(String accountId);

  /**
   * Records that a cycle failed for good (its retries ran out or retrying cannot help): the account
   * stays unhealthy with {@code error}, and the cycle counts as ended.
   */
  @ActivityMethod
  void recordFailedCycle(String accountId, String error);
}
