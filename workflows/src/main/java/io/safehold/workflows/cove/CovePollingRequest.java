package io.safehold.workflows.cove;

/**
 * Input of {@link CovePollingWorkflow}, also carried across continue-as-new.
 *
 * @param accountId the Cove account's catalog id
 * @param pollIntervalSeconds the interval last read from the catalog, used when a cycle fails
 *     before reading it; 0 before the first cycle (then {@link #DEFAULT_POLL_INTERVAL_SECONDS})
 */
public record CovePollingRequest(String accountId, int pollIntervalSeconds) {

  /** Cove's statistics refresh about every 15 minutes, so polling faster shows nothing new. */
  public static final int DEFAULT_POLL_INTERVAL_SECONDS = 900;

  public CovePollingRequest {
    if (accountId == null || accountId.isBlank()) {
      throw new IllegalArgumentException("accountId is required");
    }
    if (pollIntervalSeconds < 0) {
      throw new IllegalArgumentException("pollIntervalSeconds must not be negative");
    }
  }

  /** A first run. Every run starts with a cycle at once, then waits the account's interval. */
  public static CovePollingRequest of(String accountId) {
    return new CovePollingRequest(accountId, 0);
  }
}
