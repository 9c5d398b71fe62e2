package io.safehold.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small REST client for the Safehold API, used by the terminal commands. */
public final class SafeholdClient {

  private final URI baseUrl;
  private final String apiKey;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  public SafeholdClient(URI baseUrl, String apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public JsonNode get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  public JsonNode post(String path, Object body) throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
            .build());
  }

  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(baseUrl.resolve(path))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json")
        .header("X-API-Key", apiKey);
  }

  private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new ClientException(
          "cannot reach the Safehold API at " + baseUrl + ": is it running? (set --url or SAFEHOLD_URL)");
    }
    JsonNode body = response.body().isEmpty() ? json.nullNode() : parse(response.body());
    if (response.statusCode() >= 400) {
      String message = body.path("message").asText("HTTP " + response.statusCode());
      throw new ClientException(
          request.method() + " " + request.uri().getPath() + " failed: " + message
              + " (" + body.path("code").asText(String.valueOf(response.statusCode())) + ")");
    }
    return body;
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      return json.getNodeFactory().textNode(text);
    }
  }

  /** A failure to show the user as one sentence, without a stack trace. */
  public static final class ClientException extends RuntimeException {
    public ClientException(String message) {
      super(message);
    }
  }
}
