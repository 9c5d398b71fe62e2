package io.safehold.api.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** Plain HTTP against the running app, so tests send exactly the bytes a user might. */
public final class ApiClient {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final String baseUrl;
  private final String key;

  public ApiClient(String baseUrl, String key) {
    this.baseUrl = baseUrl;
    this.key = key;
  }

  /** The same server with another API key (null for none). */
  public ApiClient as(String otherKey) {
    return new ApiClient(baseUrl, otherKey);
  }

  public HttpResult get(String path) {
    return send(request(path).GET());
  }

  /** GET with one extra header. */
  public HttpResult get(String path, String header, String value) {
    return send(request(path).header(header, value).GET());
  }

  public HttpResult delete(String path) {
    return send(request(path).DELETE());
  }

  public HttpResult post(String path, String json) {
    return send(jsonBody(request(path), "POST", json));
  }

  public HttpResult put(String path, String json) {
    return send(jsonBody(request(path), "PUT", json));
  }

  /** POST with no body at all. */
  public HttpResult post(String path) {
    return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** Any method, body and content type, for malformed requests. */
  public HttpResult send(String method, String path, String contentType, byte[] body) {
    HttpRequest.Builder builder = request(path);
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    return send(builder.method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** A body sent with chunked transfer encoding (no Content-Length). */
  public HttpResult postChunked(String path, Supplier<InputStream> body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(body)));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
    if (key != null) {
      builder.header("X-API-Key", key);
    }
    return builder;
  }

  private static HttpRequest.Builder jsonBody(
      HttpRequest.Builder builder, String method, String json) {
    return builder
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json));
  }

  private static HttpResult send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response =
          HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new HttpResult(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
