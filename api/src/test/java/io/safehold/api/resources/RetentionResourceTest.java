package io.safehold.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.safehold.api.testing.ApiClient;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import io.safehold.api.testing.VsphereFixtures;
import io.safehold.catalog.BackupChunkRow;
import io.safehold.catalog.RunRow;
import io.safehold.catalog.VcenterRow;
import io.safehold.catalog.VmRow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/vms/{id}/retention} and {@code /api/v1/vms/{id}/prune} over the real app. */
class RetentionResourceTest {

  private static final String SHA_A = "a".repeat(64);
  private static final String SHA_B = "b".repeat(64);
  private static final String SHA_C = "c".repeat(64);

  private final TestStack stack = TestStack.get();
  private VsphereFixtures fixtures;
  private ApiClient viewer;
  private ApiClient operator;
  private VmRow web;

  @BeforeEach
  void reset() {
    TestStack.Keys keys = stack.reset();
    viewer = stack.client(keys.viewer());
    operator = stack.client(keys.operator());
    fixtures = new VsphereFixtures(stack);
    VcenterRow vc1 = fixtures.vcenter("vc1");
    web = fixtures.vm(vc1, "web", "u1");
  }

  private String retention() {
    return "/api/v1/vms/" + web.id() + "/retention";
  }

  private String prune(String dryRun) {
    return "/api/v1/vms/" + web.id() + "/prune" + (dryRun == null ? "" : "?dryRun=" + dryRun);
  }

  @Test
  void rulesAreEmptyUntilSetAndReadBackAsStored() {
    JsonNode none = viewer.get(retention()).json();
    assertThat(none.get("keepLast").isNull()).isTrue();
    assertThat(none.get("keepMonthly").isNull()).isTrue();

    HttpResult put =
        operator.put(retention(), "{\"keepLast\": 3, \"keepWeekly\": 4, \"keepDaily\": 0}");

    assertThat(put.status()).isEqualTo(200);
    JsonNode stored = viewer.get(retention()).json();
    assertThat(stored.get("keepLast").asInt()).isEqualTo(3);
    assertThat(stored.get("keepWeekly").asInt()).isEqualTo(4);
    assertThat(stored.get("keepDaily").isNull()).as("0 means the rule is off").isTrue();
    assertThat(operator.put(retention(), "{}").status()).isEqualTo(200);
    assertThat(viewer.get(retention()).json().get("keepLast").isNull()).isTrue();
  }

  @Test
  void badRulesAreRefusedNamingTheField() {
    HttpResult negative = operator.put(retention(), "{\"keepDaily\": -1}");
    HttpResult unknown = operator.put(retention(), "{\"keepYearly\": 2}");
    HttpResult text = operator.put(retention(), "{\"keepLast\": \"3\"}");

    assertThat(negative.status()).isEqualTo(400);
    assertThat(negative.code()).isEqualTo("invalid_field");
    assertThat(negative.message()).contains("'keepDaily'");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.code()).isEqualTo("unknown_field");
    assertThat(unknown.message()).contains("'keepYearly'");
    assertThat(text.status()).isEqualTo(400);
    assertThat(text.message()).contains("'keepLast'");
    assertThat(viewer.get(retention()).json().get("keepDaily").isNull()).isTrue();
  }

  @Test
  void changingRulesNeedsOperatorAndUnknownVmsAreNotFound() {
    assertThat(viewer.put(retention(), "{\"keepLast\": 1}").status()).isEqualTo(403);
    HttpResult unknown = viewer.get("/api/v1/vms/" + UUID.randomUUID() + "/retention");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.code()).isEqualTo("vm_not_found");
  }

  @Test
  void dryRunReturnsThePlanAndDeletesNothing() {
    UUID older = fixtures.backup(web, "COMPLETED", 100, 100);
    UUID failed = fixtures.backup(web, "FAILED", 0, 0);
    UUID newest = fixtures.backup(web, "COMPLETED", 100, 100);
    chunks(older, SHA_A, 1000, SHA_B, 2000);
    chunks(failed, SHA_C, 300);
    chunks(newest, SHA_A, 1000);
    String olderManifest = "vms/" + web.id() + "/" + older + "/manifest.json";
    stack.store().put(olderManifest, "{}".getBytes(StandardCharsets.UTF_8), "application/json");
    operator.put(retention(), "{\"keepLast\": 1}");

    HttpResult result = viewer.post(prune("true"));

    assertThat(result.status()).isEqualTo(200);
    JsonNode plan = result.json();
    assertThat(plan.get("dryRun").asBoolean()).isTrue();
    assertThat(plan.get("rules").get("keepLast").asInt()).isEqualTo(1);
    assertThat(plan.get("kept").asLong()).isEqualTo(1);
    assertThat(plan.get("removed").asLong()).isEqualTo(2);
    // B only in the older backup, C only in the failed run; A is still the newest's.
    assertThat(plan.get("chunksFreed").asLong()).isEqualTo(2);
    assertThat(plan.get("bytesFreed").asLong()).isEqualTo(2300);
    JsonNode first = plan.get("backups").get(0);
    assertThat(first.get("runId").asText()).isEqualTo(newest.toString());
    assertThat(first.get("action").asText()).isEqualTo("keep");
    assertThat(reasons(first)).containsExactly("keep-last 1", "newest backup");
    JsonNode olderPlan = backup(plan, older);
    assertThat(olderPlan.get("action").asText()).isEqualTo("remove");
    assertThat(reasons(olderPlan)).containsExactly("matched no retention rule");
    assertThat(backup(plan, failed).get("action").asText()).isEqualTo("remove");
    // The default is a dry run too, and nothing moved.
    assertThat(viewer.post(prune(null)).json().get("bytesFreed").asLong()).isEqualTo(2300);
    assertThat(stack.store().exists(olderManifest)).isTrue();
    JsonNode vm = viewer.get("/api/v1/vms/" + web.id()).json();
    vm.get("backups").forEach(b -> assertThat(b.get("prunedAt").isNull()).isTrue());
  }

  @Test
  void aRealPruneNeedsOperatorStartsTheWorkflowAndOneAtATime() {
    assertThat(viewer.post(prune("false")).status()).isEqualTo(403);
    assertThat(viewer.post(prune("maybe")).status()).isEqualTo(400);

    HttpResult started = operator.post(prune("false"));

    assertThat(started.status()).isEqualTo(202);
    String runId = started.json().get("runId").asText();
    assertThat(started.json().get("workflowId").asText()).isEqualTo("vm-prune/vc1/web/" + runId);
    assertThat(started.header("Location")).endsWith("/api/v1/runs/" + runId);
    RunRow run = stack.services().runs().find(UUID.fromString(runId)).orElseThrow();
    assertThat(run.kind()).isEqualTo("prune");
    assertThat(run.assetId()).isEqualTo(web.id());
    assertThat(run.status()).isEqualTo("PENDING");
    HttpResult again = operator.post(prune("false"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.message()).contains(runId);
  }

  private void chunks(UUID run, Object... shaAndLength) {
    List<BackupChunkRow> rows = new ArrayList<>();
    for (int i = 0; i < shaAndLength.length; i += 2) {
      rows.add(
          new BackupChunkRow(
              run, 2000, i / 2, (String) shaAndLength[i], (Integer) shaAndLength[i + 1]));
    }
    stack.services().backupChunks().insert(rows);
  }

  private static JsonNode backup(JsonNode plan, UUID run) {
    for (JsonNode b : plan.get("backups")) {
      if (b.get("runId").asText().equals(run.toString())) {
        return b;
      }
    }
    throw new AssertionError("run " + run + " is not in the plan");
  }

  private static List<String> reasons(JsonNode backup) {
    List<String> reasons = new ArrayList<>();
    backup.get("reasons").forEach(r -> reasons.add(r.asText()));
    return reasons;
  }
}
