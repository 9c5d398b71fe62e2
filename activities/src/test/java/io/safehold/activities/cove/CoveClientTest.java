package io.safehold.activities.cove;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.safehold.testbed.cove.CoveBackupSession;
import io.safehold.testbed.cove.CoveDemoTenant;
import io.safehold.testbed.cove.CoveEmulator;
import io.safehold.testbed.cove.CoveFault;
import io.safehold.testbed.cove.CoveRecordedCall;
import io.safehold.testbed.cove.CoveTenant;
import io.safehold.workflows.run.RunStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoveClientTest {

  private static final String PARTNER = "Acme MSP";
  private static final String USER = "api@acme.test";
  private static final String PASSWORD = "correct horse battery staple";
  private static final Instant MONDAY = Instant.parse("2026-11-16T01:00:00Z");
  private static final Instant TUESDAY = Instant.parse("2026-11-17T01:00:00Z");

  private CoveEmulator emulator;

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void followsTheRefreshedVisaOfEveryResponse() {
    emulator = CoveEmulator.builder().visaRotationEvery(1).visaGrace(Duration.ZERO).start();
    CoveTenant tenant = emulator.addTenant(PARTNER, USER, PASSWORD);
    List<Long> added = addDevices(tenant, 5);

    CoveDeviceListing listing = client(2).listDevices();

    assertThat(accountIds(listing)).containsExactlyElementsOf(added);
    List<CoveRecordedCall> enumerations =
        emulator.calls().stream()
            .filter(call -> "EnumerateAccountStatistics".equals(call.method()))
            .toList();
    assertThat(enumerations).hasSize(3).allMatch(CoveRecordedCall::sentNewestVisa);
    assertThat(emulator.callCount("Login")).isEqualTo(1);
  }

  @Test
  void anExpiredVisaLeadsToExactlyOneNewLogin() {
    emulator = CoveEmulator.start();
    CoveTenant tenant = emulator.addTenant(PARTNER, USER, PASSWORD);
    List<Long> added = addDevices(tenant, 3);
    CoveClient client = client(100);
    assertThat(accountIds(client.listDevices())).containsExactlyElementsOf(added);

    emulator.expireVisas();

    assertThat(accountIds(client.listDevices())).containsExactlyElementsOf(added);
    assertThat(emulator.callCount("Login")).isEqualTo(2);
    assertThat(emulator.callCount("EnumerateAccountStatistics")).isEqualTo(3);
  }

  @Test
  void aVisaRefusedRightAfterLoginIsPermanentAndNotALoop() {
    emulator = CoveEmulator.builder().visaLifetime(Duration.ZERO).start();
    CoveTenant tenant = emulator.addTenant(PARTNER, USER, PASSWORD);
    addDevices(tenant, 1);

    assertThatThrownBy(() -> client(100).listDevices())
        .isInstanceOf(CoveAuthenticationException.class)
        .hasMessageContaining("partner 'Acme MSP'")
        .satisfies(e -> assertThat(((CoveException) e).isTransient()).isFalse());
    assertThat(emulator.callCount("Login")).isEqualTo(2);
    assertThat(emulator.callCount("EnumerateAccountStatistics")).isEqualTo(2);
  }

  @Test
  void pagesThroughEveryDeviceExactlyOnce() {
    emulator = CoveEmulator.start();
    CoveTenant tenant = emulator.addTenant(PARTNER, USER, PASSWORD);
    CoveTenant neighbour = emulator.addTenant("Other MSP", "api@other.test", "other");
    List<Long> added = addDevices(tenant, 250);
    addDevices(neighbour, 30);

    CoveDeviceListing listing = client(100).listDevices();

    assertThat(listing.partnerId()).isEqualTo(tenant.partnerId());
    assertThat(accountIds(listing)).hasSize(250).containsExactlyElementsOf(added);
    assertThat(listing.malformedRows()).isZero();
    List<Integer> starts = new ArrayList<>();
    emulator.calls().stream()
        .filter(call -> "EnumerateAccountStatistics".equals(call.method()))
        .forEach(
            call -> {
              starts.add(call.startRecordNumber());
              assertThat(call.recordsCount()).isEqualTo(100);
            });
    assertThat(starts).containsExactly(0, 100, 200);
  }

  @Test
  void aFullLastPageIsFollowedByOneEmptyPage() {
    emulator = CoveEmulator.start();
    CoveTenant tenant = emulator.addTenant(PARTNER, USER, PASSWORD);
    addDevices(tenant, 200);

    assertThat(client(100).listDevices().devices()).hasSize(200);
    assertThat(emulator.callCount("EnumerateAccountStatistics")).isEqualTo(3);
  }

  @Test
  void readsEveryColumnAndLeavesMissingValuesNull() {
    emulator = CoveEmulator.start();
    CoveTenant tenant = emulator.addTenant(PARTNER, USER, PASSWORD);
    long server = emulator.addDevice(tenant, "acme-fs01", "FS01");
    emulator.appendSession(server, CoveBackupSession.completed(MONDAY, Duration.ofMinutes(20)));
    emulator.appendSession(server, new CoveBackupSession(8, TUESDAY, Duration.ofSeconds(754), 3));
    long fresh = emulator.addDevice(tenant, "acme-new", "NEW01");

    List<CoveDeviceStatistics> devices = client(100).listDevices().devices();

    assertThat(devices).hasSize(2);
    CoveDeviceStatistics fs = devices.get(0);
    assertThat(fs.accountId()).isEqualTo(server);
    assertThat(fs.partnerId()).isEqualTo(tenant.partnerId());
    assertThat(fs.deviceName()).isEqualTo("acme-fs01");
    assertThat(fs.computerName()).isEqualTo("FS01");
    assertThat(fs.lastSessionStatus()).isEqualTo(8);
    assertThat(fs.errorCount()).isEqualTo(3);
    assertThat(fs.lastSuccessfulSessionTime()).isEqualTo(MONDAY);
    assertThat(fs.lastSessionDuration()).isEqualTo(Duration.ofSeconds(754));
    assertThat(fs.lastSessionTime()).isEqualTo(TUESDAY);
    assertThat(fs.lastCompletedSessionStatus()).isEqualTo(8);
    assertThat(fs.lastCompletedSessionTime()).isEqualTo(TUESDAY);
    CoveSessionSummary last = fs.lastSession().orElseThrow();
    assertThat(last.runStatus()).isEqualTo(RunStatus.COMPLETED_WITH_WARNINGS);
    assertThat(last.externalId())
        .isEqualTo(tenant.partnerId() + ":" + server + ":" + TUESDAY.getEpochSecond());

    CoveDeviceStatistics never = devices.get(1);
    assertThat(never.accountId()).isEqualTo(fresh);
    assertThat(never.displayName()).isEqualTo("acme-new");
    assertThat(never.lastSessionStatus()).isNull();
    assertThat(never.errorCount()).isNull();
    assertThat(never.lastSuccessfulSessionTime()).isNull();
    assertThat(never.lastSessionDuration()).isNull();
    assertThat(never.lastSessionTime()).isNull();
    assertThat(never.lastCompletedSessionStatus()).isNull();
    assertThat(never.lastCompletedSessionTime()).isNull();
    assertThat(never.lastSession()).isEmpty();
    assertThat(never.lastCompletedSession()).isEmpty();
  }

  @Test
  void aSessionKeepsItsExternalIdFromRunningToFinished() {
    emulator = CoveEmulator.start();
    CoveTenant tenant = emulator.addTenant(PARTNER, USER, PASSWORD);
    long laptop = emulator.addDevice(tenant, "acme-lt01", "LT01");
    emulator.appendSession(laptop, CoveBackupSession.completed(MONDAY, Duration.ofMinutes(5)));
    emulator.appendSession(laptop, new CoveBackupSession(1, TUESDAY, Duration.ofMinutes(1), 0));
    CoveClient client = client(100);

    CoveDeviceStatistics running = client.listDevices().devices().get(0);
    CoveSessionSummary inProcess = running.lastSession().orElseThrow();
    assertThat(inProcess.runStatus()).isEqualTo(RunStatus.RUNNING);
    CoveSessionSummary previous = running.lastCompletedSession().orElseThrow();
    assertThat(previous.sessionTime()).isEqualTo(MONDAY);
    assertThat(previous.runStatus()).isEqualTo(RunStatus.COMPLETED);

    emulator.finishLastSession(laptop, 2, Duration.ofMinutes(7), 12);

    CoveDeviceStatistics finished = client.listDevices().devices().get(0);
    CoveSessionSummary failed = finished.lastSession().orElseThrow();
    assertThat(failed.externalId()).isEqualTo(inProcess.externalId());
    assertThat(failed.status()).isEqualTo(CoveSessionStatus.FAILED);
    assertThat(failed.runStatus()).isEqualTo(RunStatus.FAILED);
    assertThat(finished.errorCount()).isEqualTo(12);
    assertThat(finished.lastCompletedSession().orElseThrow().externalId())
        .isEqualTo(inProcess.externalId());
  }

  @Test
  void theDemoTenantShowsTheStatesAnOperatorMeets() {
    emulator = CoveEmulator.start();
    Instant now = Instant.parse("2026-11-23T10:15:00Z");
    CoveDemoTenant.seed(emulator, PASSWORD, now);
    CoveClient client =
        new CoveClient(
            CoveClientSettings.of(emulator.endpoint()),
            new CoveLogin(
                CoveDemoTenant.PARTNER, CoveDemoTenant.USERNAME, PASSWORD));

    Map<String, CoveDeviceStatistics> byName = new HashMap<>();
    client.listDevices().devices().forEach(device -> byName.put(device.deviceName(), device));

    assertThat(byName)
        .containsOnlyKeys(
            "demo-fileserver", "demo-sql", "demo-laptop", "demo-workstation", "demo-new");
    assertThat(runStatus(byName.get("demo-fileserver"))).isEqualTo(RunStatus.COMPLETED);
    assertThat(runStatus(byName.get("demo-sql"))).isEqualTo(RunStatus.COMPLETED_WITH_WARNINGS);
    assertThat(runStatus(byName.get("demo-laptop"))).isEqualTo(RunStatus.FAILED);
    assertThat(byName.get("demo-laptop").lastSuccessfulSessionTime())
        .isBefore(now.minus(Duration.ofDays(4)));
    assertThat(runStatus(byName.get("demo-workstation"))).isEqualTo(RunStatus.RUNNING);
    assertThat(byName.get("demo-new").lastSession()).isEmpty();
  }

  @Test
  void aDeviceRowThatCannotBeReadIsSkippedAndCounted() {
    emulator = CoveEmulator.start();
    CoveTenant tenant = emulator.addTenant(PARTNER, USER, PASSWORD);
    List<Long> added = addDevices(tenant, 4);
    emulator.overrideColumn(added.get(1), "D9F00", "done");

    CoveDeviceListing listing = client(2).listDevices();

    assertThat(listing.malformedRows()).isEqualTo(1);
    assertThat(accountIds(listing)).containsExactly(added.get(0), added.get(2), added.get(3));
  }

  @Test
  void aFilterIsPassedToCove() {
    emulator = CoveEmulator.start();
    CoveTenant tenant = emulator.addTenant(PARTNER, USER, PASSWORD);
    long ok = emulator.addDevice(tenant, "ok", "OK");
    emulator.appendSession(ok, CoveBackupSession.completed(TUESDAY, Duration.ofMinutes(1)));
    long broken = emulator.addDevice(tenant, "broken", "BROKEN");
    emulator.appendSession(broken, new CoveBackupSession(2, TUESDAY, Duration.ofMinutes(1), 1));

    assertThat(accountIds(client(100).listDevices("D9F00 != 5"))).containsExactly(broken);
  }

  @Test
  void aWrongPasswordIsAPermanentAuthenticationFailure() {
    emulator = CoveEmulator.start();
    emulator.addTenant(PARTNER, USER, PASSWORD);
    CoveClient client =
        new CoveClient(
            CoveClientSettings.of(emulator.endpoint()),
            new CoveLogin(PARTNER, USER, "Tr0ub4dor&3"));

    assertThatThrownBy(client::listDevices)
        .isInstanceOf(CoveAuthenticationException.class)
        .hasMessageContaining("partner 'Acme MSP'")
        .hasMessageContaining("user '" + USER + "'")
        .hasMessageNotContaining("Tr0ub4dor&3")
        .satisfies(e -> assertThat(((CoveException) e).isTransient()).isFalse());
    assertThat(emulator.callCount("EnumerateAccountStatistics")).isZero();
  }

  @Test
  void http500IsTransientAndTheNextAttemptSucceeds() {
    emulator = CoveEmulator.start();
    CoveTenant tenant = emulator.addTenant(PARTNER, USER, PASSWORD);
    addDevices(tenant, 2);
    CoveClient client = client(100);
    emulator.failNextCalls(1, CoveFault.HTTP_500);

    assertThatThrownBy(client::listDevices)
        .isInstanceOf(CoveUnavailableException.class)
        .hasMessageContaining("HTTP 500")
        .hasMessageContaining("partner 'Acme MSP'")
        .satisfies(e -> assertThat(((CoveException) e).isTransient()).isTrue());
    assertThat(client.listDevices().devices()).hasSize(2);
  }

  @Test
  void aJsonRpcInternalErrorIsTransient() {
    emulator = CoveEmulator.start();
    CoveTenant tenant = emulator.addTenant(PARTNER, USER, PASSWORD);
    addDevices(tenant, 1);
    CoveClient client = client(100);
    client.partnerId();
    emulator.failNextCalls(1, CoveFault.RPC_INTERNAL_ERROR);

    assertThatThrownBy(client::listDevices)
        .isInstanceOf(CoveUnavailableException.class)
        .hasMessageContaining("-32603");
    assertThat(client.listDevices().devices()).hasSize(1);
  }

  @Test
  void aMalformedResponseNamesItsRequestId() {
    emulator = CoveEmulator.start();
    emulator.addTenant(PARTNER, USER, PASSWORD);
    CoveClient client = client(100);
    client.partnerId();
    emulator.failNextCalls(1, CoveFault.MALFORMED_BODY);

    assertThatThrownBy(client::listDevices)
        .isInstanceOfSatisfying(
            CoveResponseException.class,
            e -> {
              assertThat(e.isTransient()).isFalse();
              assertThat(e.requestId()).isNotBlank();
              assertThat(e.getMessage())
                  .contains("malformed")
                  .contains("request id " + e.requestId());
            });
  }

  @Test
  void aHangingCallTimesOutAsTransient() {
    emulator = CoveEmulator.builder().hangLimit(Duration.ofSeconds(30)).start();
    emulator.addTenant(PARTNER, USER, PASSWORD);
    CoveClient client =
        new CoveClient(
            CoveClientSettings.of(emulator.endpoint()).withRequestTimeout(Duration.ofMillis(500)),
            new CoveLogin(PARTNER, USER, PASSWORD));
    emulator.failNextCalls(1, CoveFault.HANG);

    assertThatThrownBy(client::partnerId)
        .isInstanceOf(CoveUnavailableException.class)
        .hasMessageContaining("did not answer Login")
        .satisfies(e -> assertThat(((CoveException) e).isTransient()).isTrue());
  }

  @Test
  void anUnreachableEndpointIsTransient() {
    CoveEmulator stopped = CoveEmulator.start();
    URI endpoint = stopped.endpoint();
    stopped.close();
    CoveClient client =
        new CoveClient(
            CoveClientSettings.of(endpoint).withRequestTimeout(Duration.ofSeconds(5)),
            new CoveLogin(PARTNER, USER, PASSWORD));

    assertThatThrownBy(client::listDevices)
        .isInstanceOf(CoveUnavailableException.class)
        .hasMessageContaining(endpoint.toString());
  }

  @Test
  void noVisaOrPasswordAppearsInAnyErrorMessage() {
    emulator = CoveEmulator.builder().visaLifetime(Duration.ZERO).start();
    emulator.addTenant(PARTNER, USER, PASSWORD);
    CoveClient client = client(100);

    Throwable failure = catchThrowable(client::listDevices);

    assertThat(failure).isInstanceOf(CoveAuthenticationException.class);
    assertThat(failure.getMessage()).doesNotContain(PASSWORD);
    Set<String> visas = new HashSet<>();
    emulator.calls().forEach(call -> visas.add(call.newestVisa()));
    visas.remove(null);
    assertThat(visas).isNotEmpty();
    visas.forEach(visa -> assertThat(failure.getMessage()).doesNotContain(visa));
    assertThat(new CoveLogin(PARTNER, USER, PASSWORD).toString()).doesNotContain(PASSWORD);
  }

  private CoveClient client(int pageSize) {
    return new CoveClient(
        CoveClientSettings.of(emulator.endpoint())
            .withPageSize(pageSize)
            .withRequestTimeout(Duration.ofSeconds(10)),
        new CoveLogin(PARTNER, USER, PASSWORD));
  }

  private List<Long> addDevices(CoveTenant tenant, int count) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = tenant.partnerName().toLowerCase().replace(' ', '-') + "-" + i;
      long id = emulator.addDevice(tenant, name, name.toUpperCase());
      emulator.appendSession(
          id, CoveBackupSession.completed(MONDAY.plusSeconds(i), Duration.ofMinutes(1)));
      ids.add(id);
    }
    return ids;
  }

  private static RunStatus runStatus(CoveDeviceStatistics device) {
    return device.lastSession().orElseThrow().runStatus();
  }

  private static List<Long> accountIds(CoveDeviceListing listing) {
    return listing.devices().stream().map(CoveDeviceStatistics::accountId).toList();
  }
}
