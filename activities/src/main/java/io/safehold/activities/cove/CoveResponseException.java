package io.safehold.activities.cove;

/**
 * Cove answered, but not with what was asked: a JSON-RPC error other than a refused login or visa
 * (for instance an unknown column), or a body that is not a JSON-RPC response. Permanent for this
 * request: the caller logs it with {@link #requestId()} and skips, rather than retrying in a loop.
 */
public final class CoveResponseException extends CoveException {

  private final Integer errorCode;

  CoveResponseException(String message, String requestId, Integer errorCode) {
    super(message, requestId, null);
    this.errorCode = errorCode;
  }

  /** The JSON-RPC error code Cove sent, or null when the response itself was malformed. */
  public Integer errorCode() {
    return errorCode;
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
