package io.safehold.api.bacula;

import io.safehold.activities.bacula.BaculaException;
import io.safehold.api.errors.ApiException;

/** How a {@link BaculaException} answers over HTTP. */
final class BaculaErrors {

  private BaculaErrors() {}

  static ApiException toApi(BaculaException e) {
    return switch (e.kind()) {
      case UNAVAILABLE -> new ApiException(503, "bacula_unavailable", e.getMessage());
      case FAILED -> new ApiException(502, "bacula_command_failed", e.getMessage());
      case NOT_FOUND -> new ApiException(404, "bacula_not_found", e.getMessage());
      case REFUSED -> ApiException.conflict(e.getMessage());
      case BAD_INPUT -> ApiException.invalidField(e.getMessage());
    };
  }
}
