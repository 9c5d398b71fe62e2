package io.safehold.api.errors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.safehold.activities.storage.ObjectStore.ObjectStoreException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.glassfish.jersey.server.ParamException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every exception into a JSON {@link ApiError}. Bad input of any kind is a 4xx naming the
 * field; anything unexpected is a 500 with a generic sentence and an error id that is logged with
 * the stack trace, which never reaches the client.
 */
public final class ErrorMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  @Context private UriInfo uriInfo;
  @Context private Request request;

  @Override
  public Response toResponse(Throwable thrown) {
    Throwable error = unwrap(thrown);

    if (causeOf(thrown, BodyTooLargeException.class) instanceof BodyTooLargeException tooLarge) {
      return respond(BodySizeLimit.tooLarge(tooLarge.limit()));
    }
    if (error instanceof ApiException api) {
      return respond(api);
    }
    if (error instanceof JsonProcessingException json) {
      return respond(fromJson(json));
    }
    if (error instanceof ConstraintViolationException violations) {
      return respond(ApiException.invalidField(describe(violations.getConstraintViolations())));
    }
    if (error instanceof ParamException param) {
      return respond(
          new ApiException(
              400,
              "invalid_type",
              "parameter '" + param.getParameterName() + "' has a value of the wrong type"));
    }
    if (error instanceof WebApplicationException web) {
      return fromWebApplication(web);
    }
    if (error instanceof UnableToExecuteStatementException sql) {
      ApiException conflict = fromConstraint(sql);
      if (conflict != null) {
        return respond(conflict);
      }
    }
    if (error instanceof ObjectStoreException store) {
      LOG.warn("backup store failure: {}", store.getMessage());
      return respond(
          new ApiException(
              503, "store_unavailable", "the backup store failed: " + store.getMessage()));
    }
    String errorId = UUID.randomUUID().toString().substring(0, 8);
    LOG.error("unexpected error {} on {} {}", errorId, method(), path(), thrown);
    return respond(
        new ApiException(
            500,
            "internal",
            "the server hit an unexpected error; its log has the details under error id "
                + errorId));
  }

  static Response respond(ApiException e) {
    return Response.status(e.status())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiError(e.code(), e.getMessage()))
        .build();
  }

  private static Throwable unwrap(Throwable thrown) {
    Throwable t = thrown;
    while ((t instanceof ProcessingException || t instanceof UncheckedIOException)
        && t.getCause() != null
        && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static Throwable causeOf(Throwable thrown, Class<? extends Throwable> type) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  private static ApiException fromJson(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      String known =
          unknown.getKnownPropertyIds() == null
              ? ""
              : unknown.getKnownPropertyIds().stream()
                  .map(String::valueOf)
                  .sorted()
                  .collect(Collectors.joining(", ", "; known fields: ", ""));
      return new ApiException(
          400, "unknown_field", "unknown field '" + fieldPath(unknown) + "'" + known);
    }
    if (e instanceof MismatchedInputException mismatch) {
      String field = fieldPath(mismatch);
      if (field.isEmpty()) {
        return new ApiException(400, "invalid_type", "the request body must be a JSON object");
      }
      return new ApiException(
          400,
          "invalid_type",
          "field '" + field + "' must be " + expected(mismatch.getTargetType()));
    }
    if (e instanceof StreamReadException) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      return new ApiException(
          400,
          "malformed_json",
          "the request body is not valid JSON: " + e.getOriginalMessage() + where);
    }
    if (e instanceof JsonMappingException mapping && !fieldPath(mapping).isEmpty()) {
      return new ApiException(
          400,
          "invalid_field",
          "field '" + fieldPath(mapping) + "' has a value that cannot be used");
    }
    return new ApiException(400, "malformed_json", "the request body cannot be read as JSON");
  }

  /** e.g. {@code tags[2]} or {@code facts.serial}. */
  private static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type.isEnum()) {
      return "one of "
          + Arrays.stream(type.getEnumConstants())
              .map(String::valueOf)
              .sorted()
              .collect(Collectors.joining(", "));
    }
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class
        || type == BigInteger.class) {
      return "an integer";
    }
    if (type == Double.class
        || type == double.class
        || type == Float.class
        || type == float.class
        || type == BigDecimal.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == UUID.class) {
      return "a UUID string";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    return "an object";
  }

  static String describe(Set<ConstraintViolation<?>> violations) {
    Set<String> sentences = new TreeSet<>();
    for (ConstraintViolation<?> v : violations) {
      String field = field(v.getPropertyPath());
      sentences.add(
          field.isEmpty()
              ? "the request body is required (a JSON object)"
              : "field '" + field + "' " + v.getMessage());
    }
    return String.join("; ", sentences);
  }

  /** The JSON field a violation is about; empty when it is the body itself. */
  private static String field(Path path) {
    StringBuilder out = new StringBuilder();
    for (Path.Node node : path) {
      if (node.getKind() == ElementKind.PROPERTY) {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(node.getName());
      } else if (node.getKind() == ElementKind.CONTAINER_ELEMENT && node.getIndex() != null) {
        out.append('[').append(node.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private Response fromWebApplication(WebApplicationException e) {
    Response original = e.getResponse();
    int status = original.getStatus();
    String code;
    String message;
    switch (status) {
      case 404 -> {
        code = "not_found";
        message = "there is nothing at " + path();
      }
      case 405 -> {
        code = "method_not_allowed";
        message =
            method()
                + " is not allowed on "
                + path()
                + (original.getAllowedMethods().isEmpty()
                    ? ""
                    : "; allowed: "
                        + String.join(", ", new TreeSet<>(original.getAllowedMethods())));
      }
      case 406 -> {
        code = "not_acceptable";
        message = "this endpoint cannot produce the media type asked for in Accept";
      }
      case 415 -> {
        code = "unsupported_media_type";
        message = "send the request body as application/json";
      }
      case 401 -> {
        code = "unauthenticated";
        message = "this call needs a valid API key";
      }
      case 403 -> {
        code = "forbidden";
        message = "this key may not make this call";
      }
      default -> {
        code = status >= 500 ? "internal" : "bad_request";
        message =
            status >= 500 ? "the server could not handle the request" : "the request is invalid";
      }
    }
    Response.ResponseBuilder response =
        Response.status(status)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new ApiError(code, message));
    if (!original.getAllowedMethods().isEmpty()) {
      response.allow(original.getAllowedMethods());
    }
    return response.build();
  }

  private static ApiException fromConstraint(UnableToExecuteStatementException e) {
    if (!(e.getCause() instanceof SQLException sql)) {
      return null;
    }
    String detail =
        sql instanceof PSQLException psql && psql.getServerErrorMessage() != null
            ? psql.getServerErrorMessage().getDetail()
            : null;
    String suffix = detail == null ? "" : " (" + detail + ")";
    if (UNIQUE_VIOLATION.equals(sql.getSQLState())) {
      return ApiException.conflict("a record with the same unique values already exists" + suffix);
    }
    if (FOREIGN_KEY_VIOLATION.equals(sql.getSQLState())) {
      return ApiException.conflict(
          "the record is referenced by, or refers to, another record" + suffix);
    }
    return null;
  }

  private String method() {
    try {
      return request == null ? "?" : request.getMethod();
    } catch (IllegalStateException outsideRequest) {
      return "?";
    }
  }

  private String path() {
    try {
      return uriInfo == null ? "?" : uriInfo.getRequestUri().getPath();
    } catch (IllegalStateException outsideRequest) {
      return "?";
    }
  }
}
