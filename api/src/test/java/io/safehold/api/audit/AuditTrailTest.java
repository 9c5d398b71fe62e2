package io.safehold.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.safehold.api.testing.ApiClient;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import io.safehold.catalog.AuditRow;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditTrailTest {

  private static final String CREDENTIAL =
      "{\"name\":\"lab\",\"kind\":\"password\",\"username\":\"backup\",\"secret\":\"s3cret\"}";

  private final TestStack stack = TestStack.get();
  private TestStack.Keys keys;
  private ApiClient api;

  @BeforeEach
  void reset() {
    keys = stack.reset();
    api = stack.client(null);
  }

  @Test
  void successfulMutationIsRecordedWithKeyActionTargetAndStatus() {
    HttpResult created = api.as(keys.admin()).post("/api/v1/credentials", CREDENTIAL);
    String id = created.json().get("id").asText();
    api.as(keys.admin()).delete("/api/v1/credentials/" + id);

    List<AuditRow> rows = rows();

    assertThat(rows).hasSize(2);
    AuditRow delete = rows.get(0);
    assertThat(delete.keyId()).isEqualTo(keyId("test-admin"));
    assertThat(delete.action()).isEqualTo("DELETE /api/v1/credentials/{credential}");
    assertThat(delete.target()).isEqualTo("/api/v1/credentials/" + id);
    assertThat(delete.result()).isEqualTo(204);
    AuditRow post = rows.get(1);
    assertThat(post.action()).isEqualTo("POST /api/v1/credentials");
    assertThat(post.result()).isEqualTo(201);
    assertThat(post.at()).isNotNull();
  }

  @Test
  void refusedAndInvalidMutationsAreRecordedToo() {
    api.post("/api/v1/credentials", CREDENTIAL);
    api.as(keys.viewer()).post("/api/v1/credentials", CREDENTIAL);
    api.as(keys.admin()).post("/api/v1/credentials", "{not json");
    api.as(keys.operator()).post("/api/v1/devices/unknown-device/backups");

    List<AuditRow> rows = rows();

    assertThat(rows).extracting(AuditRow::result).containsExactly(404, 400, 403, 401);
    assertThat(rows.get(3).keyId()).isNull();
    assertThat(rows.get(2).keyId()).isEqualTo(keyId("test-viewer"));
    assertThat(rows.get(1).keyId()).isEqualTo(keyId("test-admin"));
    assertThat(rows.get(0).action()).isEqualTo("POST /api/v1/devices/{device}/backups");
    assertThat(rows.get(0).target()).isEqualTo("/api/v1/devices/unknown-device/backups");
  }

  @Test
  void unroutedMutationIsRecordedWithItsPath() {
    api.as(keys.admin()).send("DELETE", "/api/v1/nowhere", null, new byte[0]);

    List<AuditRow> rows = rows();

    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).action()).isEqualTo("DELETE /api/v1/nowhere");
    assertThat(rows.get(0).result()).isEqualTo(404);
  }

  @Test
  void readsAreNotRecorded() {
    api.as(keys.viewer()).get("/api/v1/devices");
    api.as(keys.viewer()).get("/api/v1/runs");

    assertThat(rows()).isEmpty();
  }

  @Test
  void adminPagesTheLogNewestFirst() {
    for (int i = 0; i < 5; i++) {
      api.as(keys.admin()).post("/api/v1/keys", "{\"name\":\"k" + i + "\",\"role\":\"viewer\"}");
    }

    JsonNode first = api.as(keys.admin()).get("/api/v1/audit?limit=2").json();
    List<Long> ids = new ArrayList<>();
    first.get("items").forEach(row -> ids.add(row.get("id").asLong()));
    JsonNode second =
        api.as(keys.admin())
            .get("/api/v1/audit?limit=2&before=" + first.get("nextBefore").asLong())
            .json();
    second.get("items").forEach(row -> ids.add(row.get("id").asLong()));
    JsonNode third =
        api.as(keys.admin())
            .get("/api/v1/audit?limit=2&before=" + second.get("nextBefore").asLong())
            .json();
    third.get("items").forEach(row -> ids.add(row.get("id").asLong()));

    assertThat(ids).hasSize(5).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(third.get("nextBefore").isNull()).isTrue();
    assertThat(first.get("items").get(0).get("action").asText()).isEqualTo("POST /api/v1/keys");
    assertThat(first.get("items").get(0).get("result").asInt()).isEqualTo(201);
  }

  @Test
  void onlyAdminsReadTheLog() {
    assertThat(api.as(keys.operator()).get("/api/v1/audit").status()).isEqualTo(403);
    assertThat(api.as(keys.admin()).get("/api/v1/audit").status()).isEqualTo(200);
  }

  private List<AuditRow> rows() {
    return stack.services().audit().list(Long.MAX_VALUE, 100);
  }

  private UUID keyId(String name) {
    return stack.services().apiKeys().list().stream()
        .filter(k -> k.name().equals(name))
        .findFirst()
        .orElseThrow()
        .id();
  }
}
