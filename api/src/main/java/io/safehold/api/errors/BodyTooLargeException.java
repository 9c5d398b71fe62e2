package io.safehold.api.errors;

import java.io.IOException;

/** Raised while reading a request body that exceeds the configured limit. */
public final class BodyTooLargeException extends IOException {
  private final long limit;

  public BodyTooLargeException(long limit) {
    super("request body exceeds " + limit + " bytes");
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }
}
