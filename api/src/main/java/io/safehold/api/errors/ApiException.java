package io.safehold.api.errors;

/** An error the API answers with a given status and {@link ApiError}; thrown by resources. */
public class ApiException extends RuntimeException {

  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** A field of the request holds a value the API cannot accept (400 {@code invalid_field}). */
  public static ApiException invalidField(String message) {
    return new ApiException(400, "invalid_field", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message);
  }

  public static ApiException unauthenticated(String message) {
    return new ApiException(401, "unauthenticated", message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message);
  }
}
