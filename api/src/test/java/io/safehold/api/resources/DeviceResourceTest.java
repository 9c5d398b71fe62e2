package io.safehold.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.safehold.api.testing.ApiClient;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceResourceTest {

  private static final String HOST_KEY = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";

  private final TestStack stack = TestStack.get();
  private TestStack.Keys keys;
  private ApiClient admin;
  private String credentialId;

  @BeforeEach
  void reset() {
    keys = stack.reset();
    admin = stack.client(keys.admin());
    credentialId =
        admin
            .post(
                "/api/v1/credentials",
                "{\"name\":\"lab\",\"kind\":\"password\",\"username\":\"u\",\"secret\":\"s\"}")
            .json()
            .get("id")
            .asText();
  }

  @Test
  void createReadListByIdAndName() {
    HttpResult created =
        admin.post("/api/v1/devices", device("sw1", "\"hostKey\":\"" + HOST_KEY + "\""));

    assertThat(created.status()).isEqualTo(201);
    JsonNode body = created.json();
    String id = body.get("id").asText();
    assertThat(body.get("port").asInt()).isEqualTo(22);
    assertThat(body.get("hostKey").asText()).isEqualTo(HOST_KEY);
    assertThat(body.get("pinOnFirstUse").asBoolean()).isFalse();
    assertThat(created.header("Location")).endsWith("/api/v1/devices/" + id);
    assertThat(admin.get("/api/v1/devices/" + id).json().get("name").asText()).isEqualTo("sw1");
    assertThat(admin.get("/api/v1/devices/sw1").json().get("id").asText()).isEqualTo(id);
    assertThat(stack.client(keys.viewer()).get("/api/v1/devices").json().get("items")).hasSize(1);
  }

  @Test
  void unknownDeviceTypeIsRefusedNamingTheKnownOnes() {
    HttpResult result =
        admin.post(
            "/api/v1/devices",
            device("sw1", "\"pinOnFirstUse\":true").replace("cisco_ios", "toaster"));

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.message())
        .contains("'deviceType'")
        .contains("toaster")
        .contains("juniper_junos");
  }

  @Test
  void hostKeyOrPinOnFirstUseIsRequired() {
    HttpResult neither = admin.post("/api/v1/devices", device("sw1", "\"pinOnFirstUse\":false"));
    HttpResult malformed = admin.post("/api/v1/devices", device("sw1", "\"hostKey\":\"aa:bb:cc\""));

    assertThat(neither.status()).isEqualTo(400);
    assertThat(neither.message()).contains("'hostKey'").contains("pinOnFirstUse");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.message()).contains("'hostKey'").contains("SHA256:");
  }

  @Test
  void credentialMustExistOrTagsBeGiven() {
    HttpResult unknown =
        admin.post(
            "/api/v1/devices",
            device("sw1", "\"pinOnFirstUse\":true")
                .replace(credentialId, UUID.randomUUID().toString()));
    HttpResult none =
        admin.post(
            "/api/v1/devices",
            "{\"name\":\"sw1\",\"host\":\"h\",\"deviceType\":\"linux\",\"pinOnFirstUse\":true}");
    HttpResult byTag =
        admin.post(
            "/api/v1/devices",
            "{\"name\":\"sw2\",\"host\":\"h\",\"deviceType\":\"linux\",\"pinOnFirstUse\":true,"
                + "\"tags\":[\"core\"]}");

    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).contains("'credentialId'");
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.message()).contains("credentialId").contains("tags");
    assertThat(byTag.status()).isEqualTo(201);
  }

  @Test
  void jumpHostMustExistAndNotLoop() {
    String gateway =
        admin
            .post("/api/v1/devices", device("gw", "\"pinOnFirstUse\":true"))
            .json()
            .get("id")
            .asText();
    HttpResult behind =
        admin.post(
            "/api/v1/devices",
            device("sw1", "\"pinOnFirstUse\":true,\"jumpHostId\":\"" + gateway + "\""));
    HttpResult missing =
        admin.post(
            "/api/v1/devices",
            device("sw2", "\"pinOnFirstUse\":true,\"jumpHostId\":\"" + UUID.randomUUID() + "\""));
    String sw1 = behind.json().get("id").asText();
    HttpResult loop =
        admin.put(
            "/api/v1/devices/gw",
            device("gw", "\"pinOnFirstUse\":true,\"jumpHostId\":\"" + sw1 + "\""));
    HttpResult deleteGateway = admin.delete("/api/v1/devices/gw");

    assertThat(behind.status()).isEqualTo(201);
    assertThat(behind.json().get("jumpHostId").asText()).isEqualTo(gateway);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.message()).contains("'jumpHostId'");
    assertThat(loop.status()).isEqualTo(400);
    assertThat(loop.message()).contains("itself");
    assertThat(deleteGateway.status()).isEqualTo(409);
    assertThat(deleteGateway.message()).contains("'sw1'");
  }

  @Test
  void replaceKeepsAPinnedKeyAndForgettingItNeedsAdmin() {
    String id =
        admin
            .post("/api/v1/devices", device("sw1", "\"pinOnFirstUse\":true"))
            .json()
            .get("id")
            .asText();
    stack.services().devices().pinHostKey(UUID.fromString(id), HOST_KEY);

    HttpResult replaced =
        admin.put(
            "/api/v1/devices/" + id,
            device("sw1-renamed", "\"pinOnFirstUse\":true").replace("127.0.0.1", "10.0.0.9"));
    HttpResult operatorForget =
        stack.client(keys.operator()).delete("/api/v1/devices/" + id + "/host-key");
    HttpResult forgotten = admin.delete("/api/v1/devices/" + id + "/host-key");

    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.json().get("name").asText()).isEqualTo("sw1-renamed");
    assertThat(replaced.json().get("host").asText()).isEqualTo("10.0.0.9");
    assertThat(replaced.json().get("hostKey").asText()).isEqualTo(HOST_KEY);
    assertThat(operatorForget.status()).isEqualTo(403);
    assertThat(forgotten.status()).isEqualTo(200);
    assertThat(forgotten.json().get("hostKey").isNull()).isTrue();
  }

  @Test
  void duplicateNameAndUuidNameAreRefused() {
    admin.post("/api/v1/devices", device("sw1", "\"pinOnFirstUse\":true"));

    HttpResult duplicate = admin.post("/api/v1/devices", device("sw1", "\"pinOnFirstUse\":true"));
    HttpResult uuidName =
        admin.post(
            "/api/v1/devices", device(UUID.randomUUID().toString(), "\"pinOnFirstUse\":true"));

    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.message()).contains("'sw1'");
    assertThat(uuidName.status()).isEqualTo(400);
    assertThat(uuidName.message()).contains("'name'");
  }

  @Test
  void deleteRemovesTheDevice() {
    admin.post("/api/v1/devices", device("sw1", "\"pinOnFirstUse\":true"));

    assertThat(stack.client(keys.operator()).delete("/api/v1/devices/sw1").status()).isEqualTo(403);
    assertThat(admin.delete("/api/v1/devices/sw1").status()).isEqualTo(204);
    assertThat(admin.get("/api/v1/devices/sw1").status()).isEqualTo(404);
  }

  private String device(String name, String extra) {
    return "{\"name\":\""
        + name
        + "\",\"host\":\"127.0.0.1\",\"deviceType\":\"cisco_ios\",\"credentialId\":\""
        + credentialId
        + "\","
        + extra
        + "}";
  }
}
