package io.safehold.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.safehold.api.testing.ApiClient;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import io.safehold.api.testing.VsphereFixtures;
import io.safehold.catalog.VcenterRow;
import io.safehold.catalog.VmRow;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VmResourceTest {

  private final TestStack stack = TestStack.get();
  private VsphereFixtures fixtures;
  private ApiClient viewer;
  private VcenterRow vc1;
  private VcenterRow vc2;

  @BeforeEach
  void reset() {
    TestStack.Keys keys = stack.reset();
    viewer = stack.client(keys.viewer());
    fixtures = new VsphereFixtures(stack);
    vc1 = fixtures.vcenter("vc1");
    vc2 = fixtures.vcenter("vc2");
  }

  private static List<String> names(JsonNode page) {
    List<String> names = new ArrayList<>();
    page.get("items").forEach(vm -> names.add(vm.get("assetName").asText()));
    return names;
  }

  @Test
  void listShowsLiveVmsOfEveryVcenterWithoutDetails() {
    VmRow web = fixtures.vm(vc1, "web", "u1");
    fixtures.vm(vc2, "db", "u2");

    HttpResult result = viewer.get("/api/v1/vms");

    assertThat(result.status()).isEqualTo(200);
    assertThat(names(result.json())).containsExactlyInAnyOrder("vc1/web", "vc2/db");
    assertThat(result.json().get("nextCursor").isNull()).isTrue();
    JsonNode first = result.json().get("items").get(names(result.json()).indexOf("vc1/web"));
    assertThat(first.get("id").asText()).isEqualTo(web.id().toString());
    assertThat(first.get("vcenterName").asText()).isEqualTo("vc1");
    assertThat(first.get("powerState").asText()).isEqualTo("poweredOn");
    assertThat(first.get("cbtEnabled").asBoolean()).isTrue();
    assertThat(first.has("disks")).isFalse();
    assertThat(first.has("backups")).isFalse();
  }

  @Test
  void listFiltersByVcenterNameAndRemoval() {
    fixtures.vm(vc1, "Web-01", "u1");
    fixtures.vm(vc1, "db-01", "u2");
    fixtures.vm(vc2, "web-02", "u3");
    fixtures.removeAllVms(vc2);

    assertThat(names(viewer.get("/api/v1/vms?vcenterId=" + vc1.id()).json()))
        .containsExactlyInAnyOrder("vc1/Web-01", "vc1/db-01");
    assertThat(names(viewer.get("/api/v1/vms?name=WEB").json())).containsExactly("vc1/Web-01");
    assertThat(names(viewer.get("/api/v1/vms?name=web&includeRemoved=true").json()))
        .containsExactlyInAnyOrder("vc1/Web-01", "vc2/web-02");
    JsonNode removed =
        viewer.get("/api/v1/vms?vcenterId=" + vc2.id() + "&includeRemoved=true").json();
    assertThat(removed.get("items").get(0).get("removedAt").isNull()).isFalse();
  }

  @Test
  void listPagesWithACursor() {
    for (int i = 0; i < 5; i++) {
      fixtures.vm(vc1, "vm-" + i, "u" + i);
    }

    JsonNode first = viewer.get("/api/v1/vms?limit=2").json();
    JsonNode second =
        viewer.get("/api/v1/vms?limit=2&cursor=" + first.get("nextCursor").asText()).json();
    JsonNode third =
        viewer.get("/api/v1/vms?limit=2&cursor=" + second.get("nextCursor").asText()).json();

    List<String> all = new ArrayList<>(names(first));
    all.addAll(names(second));
    all.addAll(names(third));
    assertThat(all).containsExactly("vc1/vm-0", "vc1/vm-1", "vc1/vm-2", "vc1/vm-3", "vc1/vm-4");
    assertThat(third.get("nextCursor").isNull()).isTrue();
  }

  @Test
  void badQueryParametersNameThemselves() {
    HttpResult vcenter = viewer.get("/api/v1/vms?vcenterId=vc1");
    HttpResult removed = viewer.get("/api/v1/vms?includeRemoved=yes");
    HttpResult limit = viewer.get("/api/v1/vms?limit=0");
    HttpResult cursor = viewer.get("/api/v1/vms?cursor=%25%25");

    assertThat(vcenter.status()).isEqualTo(400);
    assertThat(vcenter.message()).contains("'vcenterId'");
    assertThat(removed.status()).isEqualTo(400);
    assertThat(removed.message()).contains("'includeRemoved'");
    assertThat(limit.status()).isEqualTo(400);
    assertThat(limit.message()).contains("'limit'");
    assertThat(cursor.status()).isEqualTo(400);
    assertThat(cursor.message()).contains("'cursor'");
  }

  @Test
  void getShowsDisksAndTheNewestBackups() {
    VmRow web = fixtures.vm(vc1, "web", "u1");
    UUID failed = fixtures.backup(web, "FAILED", 0, 0);
    for (int i = 0; i < 10; i++) {
      fixtures.backup(web, "COMPLETED", 100 + i, 50 + i);
    }

    HttpResult result = viewer.get("/api/v1/vms/" + web.id());

    assertThat(result.status()).isEqualTo(200);
    JsonNode vm = result.json();
    assertThat(vm.get("assetName").asText()).isEqualTo("vc1/web");
    assertThat(vm.get("instanceUuid").asText()).isEqualTo("u1");
    assertThat(vm.get("vcenterId").asText()).isEqualTo(vc1.id().toString());
    assertThat(vm.get("disks")).hasSize(2);
    assertThat(vm.get("disks").get(0).get("key").asInt()).isEqualTo(2000);
    assertThat(vm.get("disks").get(0).get("capacityBytes").asLong()).isEqualTo(1L << 30);
    assertThat(vm.get("disks").get(1).get("fileName").asText())
        .isEqualTo("[datastore1] web/web_1.vmdk");
    JsonNode backups = vm.get("backups");
    assertThat(backups).hasSize(VmResource.RECENT_BACKUPS);
    assertThat(backups.toString()).doesNotContain(failed.toString());
    JsonNode newest = backups.get(0);
    assertThat(newest.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(newest.get("mode").asText()).isEqualTo("FULL");
    assertThat(newest.get("requestedMode").asText()).isEqualTo("INCREMENTAL");
    assertThat(newest.get("fallbackReason").asText()).isEqualTo("no earlier backup");
    assertThat(newest.get("bytesRead").asLong()).isBetween(100L, 109L);
    assertThat(newest.get("finishedAt").isNull()).isFalse();
  }

  @Test
  void unknownOrMalformedVmIdsAreVmNotFound() {
    HttpResult unknown = viewer.get("/api/v1/vms/" + UUID.randomUUID());
    HttpResult malformed = viewer.get("/api/v1/vms/web");

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.code()).isEqualTo("vm_not_found");
    assertThat(malformed.status()).isEqualTo(404);
    assertThat(malformed.code()).isEqualTo("vm_not_found");
  }

  @Test
  void readingNeedsAKey() {
    assertThat(viewer.as(null).get("/api/v1/vms").status()).isEqualTo(401);
  }
}
