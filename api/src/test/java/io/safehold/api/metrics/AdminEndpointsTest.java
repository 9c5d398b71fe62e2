package io.safehold.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.safehold.api.testing.CatalogFixtures;
import io.safehold.api.testing.HttpResult;
import io.safehold.api.testing.TestStack;
import io.safehold.catalog.RunDao;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin port: Prometheus text at /prometheus, Dropwizard JSON at /metrics, health checks. */
class AdminEndpointsTest {

  private final TestStack stack = TestStack.get();
  private UUID sw1;
  private UUID sw2;

  @BeforeEach
  void reset() {
    stack.reset();
    CatalogFixtures fixtures = new CatalogFixtures(stack);
    sw1 = fixtures.device("sw1");
    sw2 = fixtures.device("sw2");
  }

  @Test
  void prometheusExposesRunMetricsFromTheCatalog() {
    RunDao runs = stack.services().runs();
    finished(runs, sw1, "COMPLETED", 1000);
    finished(runs, sw1, "COMPLETED", 3000);
    finished(runs, sw2, "COMPLETED", 500);
    finished(runs, sw2, "FAILED", 0);
    runs.insertPending(UUID.randomUUID(), "backup", sw1, "wf");

    HttpResult scrape = stack.admin().get("/prometheus");

    assertThat(scrape.status()).isEqualTo(200);
    assertThat(scrape.header("Content-Type")).startsWith("text/plain");
    String text = scrape.body();
    assertThat(text)
        .contains("safehold_runs{kind=\"backup\",status=\"COMPLETED\"} 3")
        .contains("safehold_runs{kind=\"backup\",status=\"FAILED\"} 1")
        .contains("safehold_runs{kind=\"backup\",status=\"PENDING\"} 1")
        .contains("safehold_run_bytes{kind=\"backup\"} 4500")
        .contains("safehold_runs_finished{kind=\"backup\"} 4")
        .contains("safehold_run_duration_max_seconds{kind=\"backup\"}")
        .contains("safehold_run_duration_avg_seconds{kind=\"backup\"}")
        .contains("asset_name=\"sw2\",status=\"FAILED\"} 1")
        .contains("asset_name=\"sw1\",status=\"COMPLETED\"} 1")
        .contains("safehold_asset_last_finished_timestamp_seconds{asset_id=\"" + sw1)
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void scrapeFollowsTheCatalog() {
    RunDao runs = stack.services().runs();
    finished(runs, sw1, "COMPLETED", 10);
    assertThat(stack.admin().get("/prometheus").body())
        .contains("safehold_runs{kind=\"backup\",status=\"COMPLETED\"} 1");

    finished(runs, sw1, "FAILED", 0);

    assertThat(stack.admin().get("/prometheus").body())
        .contains("safehold_runs{kind=\"backup\",status=\"FAILED\"} 1")
        .contains("asset_name=\"sw1\",status=\"FAILED\"} 1")
        .doesNotContain("asset_name=\"sw1\",status=\"COMPLETED\"}");
  }

  @Test
  void temporalClientMetricsReachPrometheus() throws Exception {
    TestStack.Keys keys = stack.reset();
    new CatalogFixtures(stack).device("sw3");
    assertThat(stack.client(keys.operator()).post("/api/v1/devices/sw3/backups").status())
        .isEqualTo(202);

    // The SDK pushes its metrics every few seconds; wait for one push, within a bound.
    String text = "";
    for (int attempt = 0; attempt < 40 && !text.contains("temporal_request"); attempt++) {
      Thread.sleep(500);
      text = stack.admin().get("/prometheus").body();
    }

    assertThat(text).contains("temporal_request");
  }

  @Test
  void dropwizardMetricsStayJson() {
    HttpResult metrics = stack.admin().get("/metrics");

    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.json().has("gauges")).isTrue();
  }

  @Test
  void healthChecksCoverPostgresTemporalAndS3() {
    HttpResult health = stack.admin().get("/healthcheck");

    assertThat(health.status()).as(health.body()).isEqualTo(200);
    JsonNode checks = health.json();
    assertThat(checks.get("postgresql").get("healthy").asBoolean()).isTrue();
    assertThat(checks.get("temporal").get("healthy").asBoolean()).isTrue();
    assertThat(checks.get("s3").get("healthy").asBoolean()).isTrue();
  }

  private static void finished(RunDao runs, UUID asset, String status, long bytes) {
    UUID id = UUID.randomUUID();
    runs.insertPending(id, "backup", asset, "wf-" + id);
    runs.markRunning(id, "r");
    runs.finish(id, status, null, bytes, null);
  }
}
