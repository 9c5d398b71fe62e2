package io.safehold.testbed.cove;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Speaks raw JSON-RPC to the emulator, the way a client that follows the Cove docs would. */
class CoveEmulatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ALL_COLUMNS =
      List.of("I1", "I18", "D9F00", "D9F06", "D9F09", "D9F12", "D9F15", "D9F17", "D9F18");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private CoveEmulator emulator;

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void idsStartWhereTheBuilderSaysSoTwoEmulatorsCanFeedOneCatalog() {
    emulator = CoveEmulator.builder().firstIds(9_000_001, 90_000_001).start();

    CoveTenant tenant = emulator.addTenant("Acme", "api@acme.test", "pw");

    assertThat(tenant.partnerId()).isEqualTo(9_000_001);
    assertThat(emulator.addDevice(tenant, "pc", "PC")).isEqualTo(90_000_001);
    assertThat(emulator.addDevice(tenant, "pc2", "PC2")).isEqualTo(90_000_002);
  }

  @Test
  void loginReturnsVisaAndPartnerIdAndRefusesWrongPassword() throws Exception {
    emulator = CoveEmulator.start();
    CoveTenant tenant = emulator.addTenant("Acme MSP", "api@acme.test", "s3cret");

    JsonNode ok = login("Acme MSP", "api@acme.test", "s3cret");
    assertThat(ok.path("visa").asText()).isNotBlank();
    assertThat(ok.path("result").path("result").path("PartnerId").asLong())
        .isEqualTo(tenant.partnerId());

    JsonNode refused = login("Acme MSP", "api@acme.test", "wrong");
    assertThat(refused.has("visa")).isFalse();
    assertThat(refused.path("error").path("code").asInt()).isEqualTo(2);
    assertThat(refused.path("error").path("message").asText()).contains("Login failed");
    assertThat(login("acme msp", "api@acme.test", "s3cret").has("error")).isTrue();
  }

  @Test
  void callsWithoutAValidVisaAreRefused() throws Exception {
    emulator = CoveEmulator.start();
    CoveTenant tenant = emulator.addTenant("Acme MSP", "api@acme.test", "s3cret");

    assertThat(errorMessage(enumerate(null, query(tenant, 0, 10, ALL_COLUMNS))))
        .contains("no visa");
    assertThat(errorMessage(enumerate("forged", query(tenant, 0, 10, ALL_COLUMNS))))
        .contains("visa is not valid");

    String visa = login("Acme MSP", "api@acme.test", "s3cret").path("visa").asText();
    assertThat(enumerate(visa, query(tenant, 0, 10, ALL_COLUMNS)).has("result")).isTrue();
    emulator.expireVisas();
    assertThat(errorMessage(enumerate(visa, query(tenant, 0, 10, ALL_COLUMNS))))
        .contains("visa has expired");
  }

  @Test
  void aSupersededVisaIsRefusedOnceItsGraceHasPassed() throws Exception {
    emulator = CoveEmulator.builder().visaRotationEvery(1).visaGrace(Duration.ZERO).start();
    CoveTenant tenant = emulator.addTenant("Acme MSP", "api@acme.test", "s3cret");
    String first = login("Acme MSP", "api@acme.test", "s3cret").path("visa").asText();

    JsonNode answer = enumerate(first, query(tenant, 0, 10, ALL_COLUMNS));
    String second = answer.path("visa").asText();
    assertThat(second).isNotBlank().isNotEqualTo(first);

    assertThat(errorMessage(enumerate(first, query(tenant, 0, 10, ALL_COLUMNS))))
        .contains("visa has expired");
    assertThat(enumerate(second, query(tenant, 0, 10, ALL_COLUMNS)).has("result")).isTrue();
    List<CoveRecordedCall> calls = emulator.calls();
    assertThat(calls.get(1).sentNewestVisa()).isTrue();
    assertThat(calls.get(2).sentNewestVisa()).isFalse();
  }

  @Test
  void aVisaChainLivesFifteenMinutesAfterItsLastCall() throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-11-23T08:00:00Z"));
    emulator = CoveEmulator.builder().clock(clock).visaRotationEvery(100).start();
    CoveTenant tenant = emulator.addTenant("Acme MSP", "api@acme.test", "s3cret");
    String visa = login("Acme MSP", "api@acme.test", "s3cret").path("visa").asText();

    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(14));
      assertThat(enumerate(visa, query(tenant, 0, 10, ALL_COLUMNS)).has("result")).isTrue();
    }
    clock.advance(Duration.ofMinutes(15));
    assertThat(errorMessage(enumerate(visa, query(tenant, 0, 10, ALL_COLUMNS))))
        .contains("visa has expired");
  }

  @Test
  void aReplacedVisaWorksOnlyDuringItsGrace() throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-11-23T08:00:00Z"));
    emulator =
        CoveEmulator.builder()
            .clock(clock)
            .visaRotationEvery(1)
            .visaGrace(Duration.ofSeconds(30))
            .start();
    CoveTenant tenant = emulator.addTenant("Acme MSP", "api@acme.test", "s3cret");
    String first = login("Acme MSP", "api@acme.test", "s3cret").path("visa").asText();
    String second = enumerate(first, query(tenant, 0, 10, ALL_COLUMNS)).path("visa").asText();
    assertThat(second).isNotEqualTo(first);

    clock.advance(Duration.ofSeconds(29));
    assertThat(enumerate(first, query(tenant, 0, 10, ALL_COLUMNS)).has("result")).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(errorMessage(enumerate(first, query(tenant, 0, 10, ALL_COLUMNS))))
        .contains("visa has expired");
  }

  @Test
  void aVisaOnlyReadsItsOwnPartner() throws Exception {
    emulator = CoveEmulator.start();
    emulator.addTenant("Acme MSP", "api@acme.test", "s3cret");
    CoveTenant other = emulator.addTenant("Other MSP", "api@other.test", "other");
    String visa = login("Acme MSP", "api@acme.test", "s3cret").path("visa").asText();

    assertThat(errorMessage(enumerate(visa, query(other, 0, 10, ALL_COLUMNS))))
        .contains("access to partner " + other.partnerId() + " denied");
  }

  @Test
  void refusesUnknownAndLegacyColumnsAndUnknownQueryFields() throws Exception {
    emulator = CoveEmulator.start();
    CoveTenant tenant = emulator.addTenant("Acme MSP", "api@acme.test", "s3cret");
    String visa = login("Acme MSP", "api@acme.test", "s3cret").path("visa").asText();

    JsonNode unknown = enumerate(visa, query(tenant, 0, 10, List.of("I1", "ZZ9")));
    assertThat(unknown.path("error").path("code").asInt()).isEqualTo(-32602);
    assertThat(errorMessage(unknown)).contains("Unknown column 'ZZ9'");
    JsonNode legacy =
        enumerate(unknown.path("visa").asText(), query(tenant, 0, 10, List.of("D02F00")));
    assertThat(errorMessage(legacy)).contains("legacy");

    ObjectNode withOrder = query(tenant, 0, 10, ALL_COLUMNS);
    withOrder.put("OrderBy", "I1 ASC");
    assertThat(errorMessage(enumerate(legacy.path("visa").asText(), withOrder)))
        .contains("'OrderBy'");
  }

  @Test
  void pagesReportSessionColumnsAndFilterDevices() throws Exception {
    emulator = CoveEmulator.start();
    CoveTenant tenant = emulator.addTenant("Acme MSP", "api@acme.test", "s3cret");
    Instant monday = Instant.parse("2026-11-16T01:00:00Z");
    Instant tuesday = Instant.parse("2026-11-17T01:00:00Z");
    long fileServer = emulator.addDevice(tenant, "acme-fs01", "FS01");
    emulator.appendSession(fileServer, CoveBackupSession.completed(monday, Duration.ofMinutes(20)));
    emulator.appendSession(fileServer, new CoveBackupSession(2, tuesday, Duration.ofMinutes(3), 7));
    long laptop = emulator.addDevice(tenant, "acme-lt01", "LT01");
    emulator.appendSession(laptop, new CoveBackupSession(1, tuesday, Duration.ofMinutes(1), 0));
    long fresh = emulator.addDevice(tenant, "acme-new", "NEW");
    String visa = login("Acme MSP", "api@acme.test", "s3cret").path("visa").asText();

    JsonNode first = enumerate(visa, query(tenant, 0, 2, ALL_COLUMNS));
    JsonNode rows = first.path("result").path("result");
    assertThat(rows).hasSize(2);
    Map<String, String> fs = settings(rows.get(0));
    assertThat(rows.get(0).path("AccountId").asLong()).isEqualTo(fileServer);
    assertThat(rows.get(0).path("PartnerId").asLong()).isEqualTo(tenant.partnerId());
    assertThat(fs)
        .containsEntry("I1", "acme-fs01")
        .containsEntry("I18", "FS01")
        .containsEntry("D9F00", "2")
        .containsEntry("D9F06", "7")
        .containsEntry("D9F09", Long.toString(monday.getEpochSecond()))
        .containsEntry("D9F12", "180")
        .containsEntry("D9F15", Long.toString(tuesday.getEpochSecond()))
        .containsEntry("D9F17", "2")
        .containsEntry("D9F18", Long.toString(tuesday.getEpochSecond()));
    Map<String, String> lt = settings(rows.get(1));
    assertThat(lt)
        .containsEntry("D9F00", "1")
        .containsEntry("D9F17", "")
        .containsEntry("D9F09", "");

    JsonNode second = enumerate(first.path("visa").asText(), query(tenant, 2, 2, ALL_COLUMNS));
    JsonNode rest = second.path("result").path("result");
    assertThat(rest).hasSize(1);
    assertThat(rest.get(0).path("AccountId").asLong()).isEqualTo(fresh);
    assertThat(settings(rest.get(0))).containsEntry("D9F00", "").containsEntry("I1", "acme-new");

    emulator.finishLastSession(laptop, 8, Duration.ofMinutes(9), 2);
    ObjectNode notCompleted = query(tenant, 0, 10, List.of("I1", "D9F00"));
    notCompleted.put("Filter", "D9F00 != 5 AND D9F15 >= " + tuesday.getEpochSecond());
    JsonNode filtered = enumerate(second.path("visa").asText(), notCompleted);
    List<String> names = new ArrayList<>();
    filtered.path("result").path("result").forEach(row -> names.add(settings(row).get("I1")));
    assertThat(names).containsExactly("acme-fs01", "acme-lt01");

    ObjectNode unsupported = query(tenant, 0, 10, List.of("I1"));
    unsupported.put("Filter", "D9F15 > 7.days().ago()");
    assertThat(errorMessage(enumerate(filtered.path("visa").asText(), unsupported)))
        .contains("not supported");
  }

  @Test
  void unknownMethodsBatchesAndOtherHttpMethodsAreRefused() throws Exception {
    emulator = CoveEmulator.start();

    JsonNode unknown = JSON.readTree(post(envelope("EnumeratePartners")).body());
    assertThat(unknown.path("error").path("code").asInt()).isEqualTo(-32601);
    JsonNode batch = JSON.readTree(post(JSON.createArrayNode().add(envelope("Login"))).body());
    assertThat(batch.path("error").path("code").asInt()).isEqualTo(-32600);
    HttpRequest get = HttpRequest.newBuilder(emulator.endpoint()).GET().build();
    assertThat(http.send(get, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
  }

  @Test
  void injectedFaultsAnswerTheNextCallsThenNormalServiceResumes() throws Exception {
    emulator = CoveEmulator.start();
    emulator.addTenant("Acme MSP", "api@acme.test", "s3cret");
    emulator.failNextCalls(1, CoveFault.HTTP_500);
    emulator.failNextCalls(1, CoveFault.RPC_INTERNAL_ERROR);

    assertThat(post(loginBody("Acme MSP", "api@acme.test", "s3cret")).statusCode()).isEqualTo(500);
    assertThat(login("Acme MSP", "api@acme.test", "s3cret").path("error").path("code").asInt())
        .isEqualTo(-32603);
    assertThat(login("Acme MSP", "api@acme.test", "s3cret").path("visa").asText()).isNotBlank();
    assertThat(emulator.callCount("Login")).isEqualTo(3);
    assertThat(emulator.calls().get(0).fault()).isEqualTo(CoveFault.HTTP_500);
    assertThat(emulator.calls().get(2).fault()).isNull();
  }

  @Test
  void aHangingCallIsReleasedWhenTheEmulatorCloses() throws Exception {
    emulator = CoveEmulator.builder().hangLimit(Duration.ofMinutes(5)).start();
    emulator.failNextCalls(1, CoveFault.HANG);
    HttpRequest request =
        HttpRequest.newBuilder(emulator.endpoint())
            .timeout(Duration.ofMillis(300))
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();

    assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
    emulator.close();
    emulator = null;
  }

  private static Map<String, String> settings(JsonNode row) {
    Map<String, String> values = new LinkedHashMap<>();
    row.path("Settings")
        .forEach(
            entry ->
                entry
                    .fields()
                    .forEachRemaining(
                        field -> values.put(field.getKey(), field.getValue().asText())));
    return values;
  }

  private static String errorMessage(JsonNode response) {
    assertThat(response.has("error")).as("error expected in %s", response).isTrue();
    return response.path("error").path("message").asText();
  }

  private static ObjectNode query(CoveTenant tenant, int start, int count, List<String> columns) {
    ObjectNode query = JSON.createObjectNode();
    query.put("PartnerId", tenant.partnerId());
    query.put("SelectionMode", "Merged");
    query.put("StartRecordNumber", start);
    query.put("RecordsCount", count);
    columns.forEach(query.putArray("Columns")::add);
    return query;
  }

  private JsonNode enumerate(String visa, ObjectNode query) throws Exception {
    ObjectNode body = envelope("EnumerateAccountStatistics");
    body.putObject("params").set("query", query);
    if (visa != null) {
      body.put("visa", visa);
    }
    return JSON.readTree(post(body).body());
  }

  private JsonNode login(String partner, String username, String password) throws Exception {
    return JSON.readTree(post(loginBody(partner, username, password)).body());
  }

  private static ObjectNode loginBody(String partner, String username, String password) {
    ObjectNode body = envelope("Login");
    body.putObject("params")
        .put("partner", partner)
        .put("username", username)
        .put("password", password);
    return body;
  }

  private static ObjectNode envelope(String method) {
    ObjectNode body = JSON.createObjectNode();
    body.put("jsonrpc", "2.0");
    body.put("id", "test");
    body.put("method", method);
    return body;
  }

  private HttpResponse<String> post(JsonNode body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(emulator.endpoint())
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A clock the test moves by hand, so visa lifetimes are tested without sleeping. */
  private static final class SettableClock extends Clock {
    private volatile Instant now;

    SettableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
