package io.safehold.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.safehold.api.testing.ApiClient;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AssetAwarenessResourceTest {

  private final TestStack stack = TestStack.get();
  private TestStack.Keys keys;
  private String asset;

  @BeforeEach
  void reset() {
    keys = stack.reset();
    asset =
        stack
            .client(keys.operator())
            .post("/api/v1/backup-events", "{\"asset\": \"engine01\", \"status\": \"started\"}")
            .json()
            .get("assetId")
            .asText();
  }

  @Test
  void defaultsComeFromTheConfigurationAndScopesInheritTheAssetsSettings() {
    ApiClient operator = stack.client(keys.operator());

    JsonNode before = stack.client(keys.viewer()).get(path()).json();
    HttpResult put =
        operator.put(
            path(),
            """
            {"alertWindow": "2d", "scopes": [{"name": "db", "alertWindow": "12h"},
                                             {"name": "files", "checkPeriod": "-1"}]}
            """);

    assertThat(before.get("effectiveCheckPeriod").asText()).isEqualTo("6h");
    assertThat(before.get("effectiveAlertWindow").asText()).isEqualTo("1d");
    assertThat(before.get("scopes")).isEmpty();
    assertThat(put.status()).isEqualTo(200);
    JsonNode after = stack.client(keys.viewer()).get(path()).json();
    assertThat(after.get("alertWindow").asText()).isEqualTo("2d");
    assertThat(after.get("checkPeriod").isNull()).isTrue();
    assertThat(after.get("scopes").get(0).get("name").asText()).isEqualTo("db");
    assertThat(after.get("scopes").get(0).get("effectiveAlertWindow").asText()).isEqualTo("12h");
    assertThat(after.get("scopes").get(1).get("effectiveAlertWindow").asText()).isEqualTo("2d");
    assertThat(after.get("scopes").get(1).get("effectiveCheckPeriod").asText()).isEqualTo("-1");

    operator.put(path(), "{}");
    assertThat(stack.client(keys.viewer()).get(path()).json().get("scopes")).isEmpty();
  }

  @Test
  void badSettingsAreRefusedNamingTheFieldAndViewersCannotChangeThem() {
    ApiClient operator = stack.client(keys.operator());

    HttpResult badWindow = operator.put(path(), "{\"alertWindow\": \"-1\"}");
    HttpResult badScope = operator.put(path(), "{\"scopes\": [{\"name\": \"d b\"}]}");
    HttpResult twice =
        operator.put(path(), "{\"scopes\": [{\"name\": \"db\"}, {\"name\": \"db\"}]}");
    HttpResult badPeriod =
        operator.put(path(), "{\"scopes\": [{\"name\": \"db\", \"checkPeriod\": \"soon\"}]}");
    HttpResult viewer = stack.client(keys.viewer()).put(path(), "{}");
    HttpResult unknown =
        operator.get("/api/v1/assets/00000000-0000-0000-0000-000000000000/awareness");

    assertThat(badWindow.status()).isEqualTo(400);
    assertThat(badWindow.message()).contains("'alertWindow'");
    assertThat(badScope.message()).contains("'scopes[0].name'");
    assertThat(twice.message()).contains("'scopes[1].name'");
    assertThat(badPeriod.message()).contains("'scopes[0].checkPeriod'");
    assertThat(viewer.status()).isEqualTo(403);
    assertThat(unknown.status()).isEqualTo(404);
  }

  private String path() {
    return "/api/v1/assets/" + asset + "/awareness";
  }
}
