package io.safehold.activities.cove;

/**
 * A call to the Cove API failed. The message is one sentence naming the partner and the endpoint;
 * it never holds the password or a visa.
 */
public abstract class CoveException extends RuntimeException {

  private final String requestId;

  CoveException(String message, String requestId, Throwable cause) {
    super(message, cause);
    this.requestId = requestId;
  }

  /** The JSON-RPC id of the failed request, for matching with logs; null before any was sent. */
  public String requestId() {
    return requestId;
  }

  /** True when trying again later may succeed (the service is down or slow). */
  public abstract boolean isTransient();
}
