package io.safehold.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.safehold.api.testing.ApiClient;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import io.safehold.catalog.CredentialRow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CredentialResourceTest {

  private static final String SECRET = "Pl4nted-Secret-9f1c";
  private static final String PASSPHRASE = "Pl4nted-Passphrase-77ab";
  private static final String KEY =
      "-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAA"
          + SECRET
          + "\\n-----END OPENSSH PRIVATE KEY-----\\n";

  private final TestStack stack = TestStack.get();
  private TestStack.Keys keys;
  private ApiClient admin;
  private final List<HttpResult> responses = new ArrayList<>();

  @BeforeEach
  void reset() {
    keys = stack.reset();
    admin = stack.client(keys.admin());
  }

  @Test
  void secretsAreStoredSealedAndNeverReturned() {
    HttpResult password =
        record(
            admin.post(
                "/api/v1/credentials",
                "{\"name\":\"lab\",\"kind\":\"password\",\"username\":\"backup\",\"secret\":\""
                    + SECRET
                    + "\"}"));
    HttpResult privateKey =
        record(
            admin.post(
                "/api/v1/credentials",
                "{\"name\":\"lab-key\",\"kind\":\"private-key\",\"username\":\"backup\","
                    + "\"secret\":\""
                    + KEY
                    + "\",\"passphrase\":\""
                    + PASSPHRASE
                    + "\"}"));
    String id = password.json().get("id").asText();
    record(admin.get("/api/v1/credentials"));
    record(admin.get("/api/v1/credentials/" + id));
    record(admin.get("/api/v1/credentials/lab-key"));
    record(stack.client(keys.viewer()).get("/api/v1/credentials"));

    assertThat(password.status()).isEqualTo(201);
    assertThat(password.json().get("hasPassphrase").asBoolean()).isFalse();
    assertThat(privateKey.status()).isEqualTo(201);
    assertThat(privateKey.json().get("hasPassphrase").asBoolean()).isTrue();
    assertThat(privateKey.json().get("kind").asText()).isEqualTo("private-key");
    for (HttpResult response : responses) {
      assertThat(response.body())
          .doesNotContain(SECRET)
          .doesNotContain(PASSPHRASE)
          .doesNotContainIgnoringCase("secretEnc")
          .doesNotContainIgnoringCase("secret_enc");
    }
    CredentialRow row = stack.services().credentials().find(UUID.fromString(id)).orElseThrow();
    assertThat(new String(row.secretEnc(), StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
    assertThat(new String(stack.services().vault().open(row.secretEnc()), StandardCharsets.UTF_8))
        .isEqualTo(SECRET);
  }

  @Test
  void passphraseOnlyForPrivateKeys() {
    HttpResult result =
        admin.post(
            "/api/v1/credentials",
            "{\"name\":\"x\",\"kind\":\"password\",\"username\":\"u\",\"secret\":\"s\","
                + "\"passphrase\":\"p\"}");

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.message()).contains("'passphrase'");
  }

  @Test
  void privateKeyMustLookLikeOne() {
    HttpResult result =
        admin.post(
            "/api/v1/credentials",
            "{\"name\":\"x\",\"kind\":\"private-key\",\"username\":\"u\",\"secret\":\"hunter2\"}");

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.message()).contains("'secret'").doesNotContain("hunter2");
  }

  @Test
  void credentialInUseCannotBeDeleted() {
    String id = createCredential("lab");
    HttpResult device =
        admin.post(
            "/api/v1/devices",
            "{\"name\":\"sw1\",\"host\":\"127.0.0.1\",\"deviceType\":\"cisco_ios\","
                + "\"credentialId\":\""
                + id
                + "\",\"pinOnFirstUse\":true}");
    assertThat(device.status()).isEqualTo(201);

    HttpResult refused = admin.delete("/api/v1/credentials/" + id);
    admin.delete("/api/v1/devices/sw1");
    HttpResult deleted = admin.delete("/api/v1/credentials/" + id);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.message()).contains("'sw1'");
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(admin.get("/api/v1/credentials/" + id).status()).isEqualTo(404);
  }

  @Test
  void tagCredentialAttachAndDetach() {
    String id = createCredential("by-tag");

    HttpResult attached =
        admin.put("/api/v1/tags/core/credential", "{\"credentialId\":\"" + id + "\"}");

    assertThat(attached.status()).isEqualTo(200);
    assertThat(attached.json().get("tag").asText()).isEqualTo("core");
    assertThat(stack.services().credentials().credentialForTags(new String[] {"edge", "core"}))
        .contains(UUID.fromString(id));
    assertThat(admin.delete("/api/v1/tags/core/credential").status()).isEqualTo(204);
    assertThat(admin.delete("/api/v1/tags/core/credential").status()).isEqualTo(404);
    assertThat(stack.services().credentials().credentialForTags(new String[] {"core"})).isEmpty();
  }

  @Test
  void credentialAttachedToATagCannotBeDeleted() {
    String id = createCredential("by-tag");
    admin.put("/api/v1/tags/core/credential", "{\"credentialId\":\"" + id + "\"}");

    HttpResult refused = admin.delete("/api/v1/credentials/" + id);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.code()).isEqualTo("conflict");
    assertThat(refused.message()).contains("tag_credentials");
    assertThat(admin.get("/api/v1/credentials/" + id).status()).isEqualTo(200);
  }

  @Test
  void tagCredentialMustExist() {
    HttpResult result =
        admin.put(
            "/api/v1/tags/core/credential", "{\"credentialId\":\"" + UUID.randomUUID() + "\"}");

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.message()).contains("'credentialId'");
  }

  @Test
  void viewerCannotCreateCredentials() {
    HttpResult result =
        stack
            .client(keys.operator())
            .post(
                "/api/v1/credentials",
                "{\"name\":\"x\",\"kind\":\"password\",\"username\":\"u\",\"secret\":\"s\"}");

    assertThat(result.status()).isEqualTo(403);
  }

  private String createCredential(String name) {
    JsonNode created =
        admin
            .post(
                "/api/v1/credentials",
                "{\"name\":\""
                    + name
                    + "\",\"kind\":\"password\",\"username\":\"u\",\"secret\":\"s\"}")
            .json();
    return created.get("id").asText();
  }

  private HttpResult record(HttpResult result) {
    responses.add(result);
    return result;
  }
}
