package io.safehold.api.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before a request reaches Jersey (unparseable or ambiguous URIs,
 * oversized headers), in the same JSON form as {@link ErrorMapper}'s instead of an HTML page.
 * Installed as the server's error handler.
 */
public final class JsonErrorPage extends ErrorHandler {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whatever the client accepts, the error is UTF-8 JSON. */
  @Override
  protected boolean generateAcceptableResponse(
      Request request,
      Response response,
      Callback callback,
      String contentType,
      List<Charset> charsets,
      int status,
      String message,
      Throwable cause)
      throws IOException {
    return super.generateAcceptableResponse(
        request,
        response,
        callback,
        "application/json",
        List.of(StandardCharsets.UTF_8),
        status,
        message,
        cause);
  }

  @Override
  protected void writeErrorJson(
      Request request, PrintWriter writer, int status, String message, Throwable cause) {
    writer.write(new String(body(status, message), StandardCharsets.UTF_8));
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(status, reason));
  }

  private static byte[] body(int status, String message) {
    String code =
        switch (status) {
          case 400 -> "bad_request";
          case 404 -> "not_found";
          case 405 -> "method_not_allowed";
          case 413 -> "body_too_large";
          case 414 -> "uri_too_long";
          case 431 -> "headers_too_large";
          default -> status >= 500 ? "internal" : "http_" + status;
        };
    String sentence =
        status >= 500
            ? "the server could not handle the request"
            : "the request was rejected"
                + (message == null || message.isBlank() ? "" : ": " + message);
    try {
      return JSON.writeValueAsBytes(new ApiError(code, sentence));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an error body could not be written as JSON", e);
    }
  }
}
