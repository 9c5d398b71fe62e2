package io.safehold.api.errors;

import jakarta.annotation.Priority;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Bean Validation failures as {@code invalid_field}. It exists beside {@link ErrorMapper} because
 * jersey-bean-validation registers its own, more specific mapper, whose empty 400 would reach the
 * client as an HTML page; this one is as specific and has the higher priority.
 */
@Priority(1)
public final class ValidationErrorMapper implements ExceptionMapper<ValidationException> {

  private final ErrorMapper fallback;

  public ValidationErrorMapper(ErrorMapper fallback) {
    this.fallback = fallback;
  }

  @Override
  public Response toResponse(ValidationException e) {
    if (e instanceof ConstraintViolationException violations) {
      return ErrorMapper.respond(
          ApiException.invalidField(ErrorMapper.describe(violations.getConstraintViolations())));
    }
    return fallback.toResponse(e);
  }
}
