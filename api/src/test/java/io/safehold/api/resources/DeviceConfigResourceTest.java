package io.safehold.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.safehold.api.testing.ApiClient;
import io.safehold.api.testing.CatalogFixtures;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.InMemoryObjectStore;
import io.safehold.api.testing.TestStack;
import io.safehold.catalog.ConfigVersionRow;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceConfigResourceTest {

  private static final String V1 =
      "hostname sw1\ninterface Gi0/1\n description uplink\n!\nsnmp-server community public\nend\n";
  private static final String V2 =
      "hostname sw1\n"
          + "interface Gi0/1\n"
          + " description core uplink\n"
          + "!\n"
          + "snmp-server community public\n"
          + "end\n";

  private final TestStack stack = TestStack.get();
  private ApiClient viewer;
  private CatalogFixtures fixtures;
  private UUID device;
  private ConfigVersionRow first;
  private ConfigVersionRow second;

  @BeforeEach
  void reset() {
    viewer = stack.client(stack.reset().viewer());
    fixtures = new CatalogFixtures(stack);
    device = fixtures.device("sw1");
    first = fixtures.configVersion(device, V1, "{\"serial\":\"FOC123\",\"osVersion\":\"15.2\"}");
    second = fixtures.configVersion(device, V2, "{\"serial\":\"FOC123\",\"osVersion\":\"15.2\"}");
  }

  @Test
  void listsVersionsNewestFirstWithSizeHashAndFacts() {
    JsonNode items = viewer.get("/api/v1/devices/sw1/configs").json().get("items");

    assertThat(items).hasSize(2);
    assertThat(items.get(0).get("version").asInt()).isEqualTo(2);
    assertThat(items.get(1).get("version").asInt()).isEqualTo(1);
    assertThat(items.get(1).get("size").asLong())
        .isEqualTo(V1.getBytes(StandardCharsets.UTF_8).length);
    assertThat(items.get(1).get("sha256").asText())
        .isEqualTo(InMemoryObjectStore.sha256(V1.getBytes(StandardCharsets.UTF_8)));
    assertThat(items.get(0).get("facts").get("serial").asText()).isEqualTo("FOC123");
    assertThat(items.get(0).get("capturedAt").asText()).isNotBlank();
    assertThat(items.get(0).get("runId").asText()).isEqualTo(second.runId().toString());
  }

  @Test
  void returnsTheTextOfAVersion() {
    HttpResult text = viewer.get("/api/v1/devices/" + device + "/configs/1");

    assertThat(text.status()).isEqualTo(200);
    assertThat(text.header("Content-Type")).startsWith("text/plain");
    assertThat(text.body()).isEqualTo(V1);
  }

  @Test
  void diffsTwoVersions() {
    HttpResult explicit = viewer.get("/api/v1/devices/sw1/configs/diff?from=1&to=2");
    HttpResult defaults = viewer.get("/api/v1/devices/sw1/configs/diff");
    HttpResult same = viewer.get("/api/v1/devices/sw1/configs/diff?from=2&to=2");

    assertThat(explicit.status()).isEqualTo(200);
    assertThat(explicit.header("Content-Type")).startsWith("text/plain");
    assertThat(explicit.body())
        .contains("--- sw1 v1")
        .contains("+++ sw1 v2")
        .contains("\n- description uplink\n")
        .contains("\n+ description core uplink\n")
        .doesNotContain("-hostname sw1");
    assertThat(defaults.body()).isEqualTo(explicit.body());
    assertThat(same.status()).isEqualTo(200);
    assertThat(same.body()).isEmpty();
  }

  @Test
  void missingOrBadVersionsAreClearErrors() {
    HttpResult missing = viewer.get("/api/v1/devices/sw1/configs/9");
    HttpResult notANumber = viewer.get("/api/v1/devices/sw1/configs/latest");
    HttpResult badDiff = viewer.get("/api/v1/devices/sw1/configs/diff?from=x&to=2");
    HttpResult unknownDevice = viewer.get("/api/v1/devices/sw9/configs");

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.message()).contains("version 9");
    assertThat(notANumber.status()).isEqualTo(400);
    assertThat(notANumber.message()).contains("'version'");
    assertThat(badDiff.status()).isEqualTo(400);
    assertThat(badDiff.message()).contains("'from'");
    assertThat(unknownDevice.status()).isEqualTo(404);
  }

  @Test
  void recordedVersionWhoseObjectIsGoneSaysSo() {
    stack.store().delete(first.objectKey());

    HttpResult result = viewer.get("/api/v1/devices/sw1/configs/1");

    assertThat(result.status()).isEqualTo(404);
    assertThat(result.code()).isEqualTo("object_missing");
    assertThat(result.message()).contains(first.objectKey());
  }
}
