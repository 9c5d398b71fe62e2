package io.safehold.api.errors;

/**
 * The body of every error response.
 *
 * @param code stable, machine-readable, e.g. {@code invalid_field}
 * @param message one sentence for a person, naming the field or thing at fault
 */
public record ApiError(String code, String message) {}
