package io.safehold.activities.cove;

/**
 * The Cove API could not be reached, timed out, answered HTTP 5xx or 429, or reported an internal
 * server error. Transient: retry with backoff and mark the account unhealthy while it lasts.
 */
public final class CoveUnavailableException extends CoveException {

  CoveUnavailableException(String message, String requestId, Throwable cause) {
    super(message, requestId, cause);
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
