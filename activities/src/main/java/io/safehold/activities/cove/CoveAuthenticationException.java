package io.safehold.activities.cove;

/**
 * Cove refused the account's login, or refused the visa of a login it had just granted. Permanent:
 * retrying with the same credential cannot succeed; an operator must fix the partner name, user
 * name, password or the API user's permissions.
 */
public final class CoveAuthenticationException extends CoveException {

  CoveAuthenticationException(String message, String requestId) {
    super(message, requestId, null);
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
