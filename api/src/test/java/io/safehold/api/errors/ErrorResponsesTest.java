package io.safehold.api.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.api.testing.ApiClient;
import io.safehold.api.testing.CatalogFixtures;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad requests of every kind get a JSON error naming the problem, never a 500 or a trace. */
class ErrorResponsesTest {

  private static final String CREDENTIAL =
      "{\"name\":\"lab\",\"kind\":\"password\",\"username\":\"backup\",\"secret\":\"s3cret\"}";

  private final TestStack stack = TestStack.get();
  private ApiClient admin;

  @BeforeEach
  void reset() {
    admin = stack.client(stack.reset().admin());
  }

  @Test
  void malformedJson() {
    HttpResult result = admin.post("/api/v1/credentials", "{\"name\": \"lab\",");

    assertError(result, 400, "malformed_json");
    assertThat(result.message()).contains("not valid JSON");
  }

  @Test
  void unknownFieldIsNamed() {
    HttpResult result =
        admin.post("/api/v1/credentials", CREDENTIAL.replace("}", ",\"colour\":\"red\"}"));

    assertError(result, 400, "unknown_field");
    assertThat(result.message()).contains("'colour'");
  }

  @Test
  void wrongTypeNamesFieldAndExpectedType() {
    HttpResult port =
        admin.post(
            "/api/v1/devices",
            "{\"name\":\"sw1\",\"host\":\"127.0.0.1\",\"port\":\"twenty-two\","
                + "\"deviceType\":\"cisco_ios\",\"pinOnFirstUse\":true,\"tags\":[\"core\"]}");
    HttpResult name = admin.post("/api/v1/credentials", CREDENTIAL.replace("\"lab\"", "42"));
    HttpResult tags =
        admin.post(
            "/api/v1/devices",
            "{\"name\":\"sw1\",\"host\":\"h\",\"deviceType\":\"cisco_ios\",\"tags\":\"core\"}");

    assertError(port, 400, "invalid_type");
    assertThat(port.message()).contains("'port'").contains("integer");
    assertError(name, 400, "invalid_type");
    assertThat(name.message()).contains("'name'").contains("string");
    assertError(tags, 400, "invalid_type");
    assertThat(tags.message()).contains("'tags'").contains("array");
  }

  @Test
  void missingFieldsAreNamed() {
    HttpResult result =
        admin.post("/api/v1/credentials", "{\"name\":\"lab\",\"kind\":\"password\"}");

    assertError(result, 400, "invalid_field");
    assertThat(result.message()).contains("'username'").contains("'secret'");
  }

  @Test
  void missingBody() {
    HttpResult result = admin.send("POST", "/api/v1/credentials", "application/json", new byte[0]);

    assertError(result, 400, "invalid_field");
    assertThat(result.message()).contains("request body is required");
  }

  @Test
  void bodyThatIsNotAnObject() {
    HttpResult result = admin.post("/api/v1/credentials", "[1,2,3]");

    assertError(result, 400, "invalid_type");
    assertThat(result.message()).contains("JSON object");
  }

  @Test
  void oversizeBodyWithContentLength() {
    byte[] body = oversizeJson();

    HttpResult result = admin.send("POST", "/api/v1/credentials", "application/json", body);

    assertError(result, 413, "body_too_large");
    assertThat(result.message()).contains("1048576");
  }

  @Test
  void oversizeChunkedBody() {
    byte[] body = oversizeJson();

    HttpResult result =
        admin.postChunked(
            "/api/v1/credentials",
            () ->
                new SequenceInputStream(
                    new ByteArrayInputStream(body, 0, 1000),
                    new ByteArrayInputStream(body, 1000, body.length - 1000)));

    assertError(result, 413, "body_too_large");
  }

  @Test
  void bodyJustUnderTheLimitIsRead() {
    String padding = "x".repeat(1024 * 1024 - CREDENTIAL.length() - 100);
    HttpResult result = admin.post("/api/v1/credentials", CREDENTIAL.replace("s3cret", padding));

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.message()).contains("'secret'");
  }

  @Test
  void unknownPathIsJson404() {
    HttpResult result = admin.get("/api/v1/nothing-here");

    assertError(result, 404, "not_found");
    assertThat(result.message()).contains("/api/v1/nothing-here");
  }

  @Test
  void unknownDeviceIsJson404() {
    HttpResult result = admin.get("/api/v1/devices/no-such-device");

    assertError(result, 404, "not_found");
    assertThat(result.message()).contains("no-such-device");
  }

  @Test
  void wrongMethodIsJson405() {
    HttpResult result = admin.send("PATCH", "/api/v1/devices", "application/json", "{}".getBytes());

    assertError(result, 405, "method_not_allowed");
    assertThat(result.message()).contains("PATCH").contains("GET").contains("POST");
  }

  @Test
  void wrongContentTypeIsJson415() {
    HttpResult result =
        admin.send(
            "POST",
            "/api/v1/credentials",
            "text/plain",
            CREDENTIAL.getBytes(StandardCharsets.UTF_8));

    assertError(result, 415, "unsupported_media_type");
  }

  @Test
  void duplicateNameIsConflict() {
    assertThat(admin.post("/api/v1/credentials", CREDENTIAL).status()).isEqualTo(201);

    HttpResult result = admin.post("/api/v1/credentials", CREDENTIAL);

    assertError(result, 409, "conflict");
    assertThat(result.message()).contains("'lab'");
  }

  @Test
  void unexpectedFailureIsGeneric500WithErrorId() {
    CatalogFixtures fixtures = new CatalogFixtures(stack);
    UUID device = fixtures.device("broken-store");
    stack.store().failOn(fixtures.configVersion(device, "hostname broken\n", "{}").objectKey());

    HttpResult result = admin.get("/api/v1/devices/broken-store/configs/1");

    assertError(result, 500, "internal");
    assertThat(result.message()).contains("error id");
    assertThat(result.body())
        .doesNotContain("Exception")
        .doesNotContain("simulated")
        .doesNotContain("at io.");
  }

  @Test
  void requestsJettyRefusesBeforeJerseyAreJsonToo() throws Exception {
    for (String target : new String[] {"/api/v1/%zz", "/api/v1/devices/..%2F..%2Fkeys"}) {
      String response = rawGet(target);

      assertThat(response).startsWith("HTTP/1.1 400");
      assertThat(response).containsIgnoringCase("Content-Type: application/json");
      assertThat(response).contains("{\"code\":\"bad_request\"").doesNotContain("<html");
    }
  }

  @Test
  void badQueryParametersAre400() {
    assertError(admin.get("/api/v1/runs?limit=0"), 400, "invalid_field");
    assertError(admin.get("/api/v1/runs?limit=ten"), 400, "invalid_field");
    assertError(admin.get("/api/v1/audit?before=-1"), 400, "invalid_field");
  }

  /** A request line the JDK client would refuse to send. */
  private String rawGet(String target) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", stack.app().getLocalPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static byte[] oversizeJson() {
    byte[] body = new byte[1024 * 1024 + 4096];
    Arrays.fill(body, (byte) 'x');
    byte[] prefix = "{\"name\":\"".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    return body;
  }

  private static void assertError(HttpResult result, int status, String code) {
    assertThat(result.status()).as(result.body()).isEqualTo(status);
    assertThat(result.header("Content-Type")).startsWith("application/json");
    assertThat(result.code()).isEqualTo(code);
    assertThat(result.message()).isNotBlank();
  }
}
