package io.safehold.api.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;

/** A response as a test looks at it. */
public record HttpResult(int status, String body, HttpHeaders headers) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public JsonNode json() {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new AssertionError("response is not JSON (" + status + "): " + body, e);
    }
  }

  /** The {@code code} of an error body. */
  public String code() {
    return json().path("code").asText();
  }

  public String message() {
    return json().path("message").asText();
  }

  public String header(String name) {
    return headers.firstValue(name).orElse(null);
  }
}
