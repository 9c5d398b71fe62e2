package io.safehold.activities.bacula;

/**
 * A Bacula operation that failed, with a {@link Kind} that says whether retrying can help and how
 * the API answers it. The message is one sentence for the operator and never holds a password.
 */
public final class BaculaException extends Exception {

  /** What went wrong, in the terms a caller acts on. */
  public enum Kind {
    /** bconsole could not reach or log in to the director, or timed out: retry later. */
    UNAVAILABLE,
    /** The director refused the command or answered with an error. */
    FAILED,
    /** A job, client, pool or volume of that name does not exist. */
    NOT_FOUND,
    /** Safehold refuses the operation (e.g. deleting a volume retention still keeps). */
    REFUSED,
    /** The request itself is invalid (a name with forbidden characters, a bad property). */
    BAD_INPUT
  }

  private final Kind kind;

  public BaculaException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public BaculaException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
