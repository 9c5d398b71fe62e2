package io.safehold.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.api.testing.ApiClient;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthenticationTest {

  private final TestStack stack = TestStack.get();
  private TestStack.Keys keys;
  private ApiClient api;

  @BeforeEach
  void reset() {
    keys = stack.reset();
    api = stack.client(null);
  }

  @Test
  void requestWithoutKeyIsUnauthenticated() {
    HttpResult result = api.get("/api/v1/devices");

    assertThat(result.status()).isEqualTo(401);
    assertThat(result.code()).isEqualTo("unauthenticated");
    assertThat(result.message()).contains("X-API-Key");
  }

  @Test
  void unknownKeyIsUnauthenticated() {
    HttpResult result = api.as("sh_not-a-real-key").get("/api/v1/devices");

    assertThat(result.status()).isEqualTo(401);
    assertThat(result.code()).isEqualTo("unauthenticated");
    assertThat(result.message()).contains("unknown or revoked");
  }

  @Test
  void viewerReadsButCannotWrite() {
    assertThat(api.as(keys.viewer()).get("/api/v1/devices").status()).isEqualTo(200);

    HttpResult post = api.as(keys.viewer()).post("/api/v1/credentials", "{}");

    assertThat(post.status()).isEqualTo(403);
    assertThat(post.code()).isEqualTo("forbidden");
    assertThat(post.message()).contains("admin").contains("viewer");
  }

  @Test
  void operatorCannotManageKeys() {
    HttpResult result = api.as(keys.operator()).get("/api/v1/keys");

    assertThat(result.status()).isEqualTo(403);
    assertThat(result.code()).isEqualTo("forbidden");
  }

  @Test
  void adminCreatesKeyThatWorksAndIsShownOnce() {
    HttpResult created =
        api.as(keys.admin()).post("/api/v1/keys", "{\"name\":\"ci\",\"role\":\"viewer\"}");

    assertThat(created.status()).isEqualTo(201);
    String key = created.json().get("key").asText();
    assertThat(key).startsWith("sh_").hasSizeGreaterThan(40);
    assertThat(created.json().get("role").asText()).isEqualTo("viewer");
    assertThat(api.as(key).get("/api/v1/runs").status()).isEqualTo(200);

    HttpResult listed = api.as(keys.admin()).get("/api/v1/keys");
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.body())
        .contains("\"ci\"")
        .doesNotContain(key)
        .doesNotContain(ApiKeys.hash(key));
  }

  @Test
  void revokedKeyIsRefused() {
    HttpResult created =
        api.as(keys.admin()).post("/api/v1/keys", "{\"name\":\"temp\",\"role\":\"operator\"}");
    String key = created.json().get("key").asText();
    assertThat(api.as(key).get("/api/v1/runs").status()).isEqualTo(200);

    HttpResult revoked =
        api.as(keys.admin()).delete("/api/v1/keys/" + created.json().get("id").asText());

    assertThat(revoked.status()).isEqualTo(204);
    HttpResult after = api.as(key).get("/api/v1/runs");
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.code()).isEqualTo("unauthenticated");
  }

  @Test
  void lastAdminKeyCannotBeRevoked() {
    String adminId =
        api.as(keys.admin()).get("/api/v1/keys").json().get("items").findValuesAsText("id").get(0);

    HttpResult result = api.as(keys.admin()).delete("/api/v1/keys/" + adminId);

    assertThat(result.status()).isEqualTo(409);
    assertThat(result.message()).contains("last active admin key");
  }

  @Test
  void keyWithUnknownRoleIsRejectedNamingTheRoles() {
    HttpResult result =
        api.as(keys.admin()).post("/api/v1/keys", "{\"name\":\"x\",\"role\":\"root\"}");

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.message()).contains("role").contains("admin, operator, viewer");
  }

  @Test
  void keyMayAlsoComeAsBearerToken() {
    HttpResult bearer = api.get("/api/v1/runs", "Authorization", "Bearer " + keys.viewer());
    HttpResult wrong = api.get("/api/v1/runs", "Authorization", "Bearer sh_wrong");

    assertThat(bearer.status()).isEqualTo(200);
    assertThat(wrong.status()).isEqualTo(401);
  }

  @Test
  void openApiDocumentNeedsNoKey() {
    HttpResult result = api.get("/api/v1/openapi.yaml");

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.body()).startsWith("openapi: 3");
  }
}
