package io.safehold.activities.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.safehold.activities.vsphere.VSphereException.Kind;
import io.safehold.testbed.vcsim.VcsimProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Logging in to a real vcsim: pinning, CA trust, refused credentials, an unreachable vCenter. */
class VSphereConnectionTest {

  static {
    StderrCapture.debugThisPackage();
  }

  /** A SHA-1 thumbprint that is not vcsim's. */
  private static final String OTHER_THUMBPRINT =
      "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33";

  private static VcsimProcess vcsim;

  @BeforeAll
  static void start() {
    vcsim =
        VcsimProcess.start(
            VcsimProcess.Options.defaults()
                .withCredentials("backup-operator", "Pa55-w0rd<&>'\"")
                .withDiskMib(8));
  }

  @AfterAll
  static void stop() {
    vcsim.close();
  }

  private static VSphereEndpoint pinned() {
    return VSphereEndpoint.pinned(vcsim.sdkUrl(), vcsim.thumbprint());
  }

  @Test
  void logsInWithThePinnedSha1ThumbprintAndLogsOut() {
    VSphereSession session = VSphereSession.open(pinned(), vcsim.username(), vcsim.password());
    assertThat(session.listVms()).isNotEmpty();

    session.close();

    VSphereException afterClose = catchThrowableOfType(VSphereException.class, session::listVms);
    assertThat(afterClose.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(afterClose.getMessage()).contains("NotAuthenticated");
    session.close();
  }

  @Test
  void acceptsTheSha256ThumbprintInLowerCase() {
    VSphereEndpoint endpoint =
        VSphereEndpoint.pinned(vcsim.sdkUrl(), vcsim.thumbprintSha256().toLowerCase());
    try (VSphereSession session =
        VSphereSession.open(endpoint, vcsim.username(), vcsim.password())) {
      assertThat(session.findVm(session.listVms().get(0).moref()).name()).startsWith("DC0_H0_VM");
    }
  }

  @Test
  void aWrongPasswordIsAnInvalidLoginThatNamesTheVCenter() {
    VSphereException e =
        catchThrowableOfType(
            VSphereException.class,
            () -> VSphereSession.open(pinned(), vcsim.username(), "not-the-password"));

    assertThat(e.kind()).isEqualTo(Kind.INVALID_LOGIN);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains(vcsim.sdkUrl().toString())
        .contains("user name and password")
        .doesNotContain("not-the-password");
  }

  @Test
  void aWrongPinIsACertificateMismatchNamingThePresentedThumbprint() {
    VSphereEndpoint endpoint = VSphereEndpoint.pinned(vcsim.sdkUrl(), OTHER_THUMBPRINT);

    VSphereException e =
        catchThrowableOfType(
            VSphereException.class,
            () -> VSphereSession.open(endpoint, vcsim.username(), vcsim.password()));

    assertThat(e.kind()).isEqualTo(Kind.CERTIFICATE_MISMATCH);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains(vcsim.thumbprint())
        .contains(vcsim.thumbprintSha256())
        .contains(OTHER_THUMBPRINT)
        .contains(vcsim.sdkUrl().toString());
  }

  @Test
  void withoutAPinTheSelfSignedCertificateIsRefused() {
    VSphereEndpoint endpoint = VSphereEndpoint.caTrusted(vcsim.sdkUrl());

    VSphereException e =
        catchThrowableOfType(
            VSphereException.class,
            () -> VSphereSession.open(endpoint, vcsim.username(), vcsim.password()));

    assertThat(e.kind()).isEqualTo(Kind.CERTIFICATE_UNTRUSTED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains(vcsim.thumbprint()).contains("CA");
  }

  @Test
  void theProbeReturnsTheThumbprintsVcsimPrinted() {
    Thumbprints seen = ThumbprintProbe.fetch(vcsim.sdkUrl());

    assertThat(seen.sha1()).isEqualTo(vcsim.thumbprint());
    assertThat(seen.sha256()).isEqualTo(vcsim.thumbprintSha256());
  }

  @Test
  void aStoppedVCenterIsUnavailableAndRetryable() {
    VcsimProcess stopped = VcsimProcess.start(VcsimProcess.Options.defaults().withDiskMib(1));
    URI url = stopped.sdkUrl();
    VSphereEndpoint endpoint = VSphereEndpoint.pinned(url, stopped.thumbprint());
    VSphereSession session = VSphereSession.open(endpoint, stopped.username(), stopped.password());
    stopped.close();

    VSphereException e = catchThrowableOfType(VSphereException.class, session::listVms);
    session.close();
    VSphereException atLogin =
        catchThrowableOfType(
            VSphereException.class,
            () -> VSphereSession.open(endpoint, stopped.username(), stopped.password()));
    VSphereException probe =
        catchThrowableOfType(VSphereException.class, () -> ThumbprintProbe.fetch(url));

    for (VSphereException failure : List.of(e, atLogin, probe)) {
      assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
      assertThat(failure.retryable()).isTrue();
    }
    assertThat(e.getMessage()).contains(url.toString());
    assertThat(atLogin.getMessage()).contains("Could not connect to vCenter " + url);
  }

  @Test
  void neitherThePasswordNorTheSessionCookieAppearInLogsOrMessages() {
    List<String> messages = new ArrayList<>();
    String cookie;
    String logged;
    try (StderrCapture capture = StderrCapture.start()) {
      try (VSphereSession session =
          VSphereSession.open(pinned(), vcsim.username(), vcsim.password())) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1/"));
        session.authorize(request);
        cookie = request.build().headers().firstValue("Cookie").orElseThrow();
        VmInventory vm = session.listVms().get(0);
        messages.add(session.toString());
        messages.add(
            catchThrowableOfType(VSphereException.class, () -> session.findVm("vm-404"))
                .getMessage());
        messages.add(
            catchThrowableOfType(
                    VSphereException.class,
                    () ->
                        session.queryChangedDiskAreas(
                            vm.moref(), "snapshot-404", vm.disks().get(0).key(), 0, "*"))
                .getMessage());
      }
      messages.add(
          catchThrowableOfType(
                  VSphereException.class,
                  () -> VSphereSession.open(pinned(), vcsim.password(), vcsim.password()))
              .getMessage());
      logged = capture.text();
    }
    String cookieValue = cookie.substring(cookie.indexOf('=') + 1).replace("\"", "");

    assertThat(cookie).startsWith("vmware_soap_session=");
    assertThat(cookieValue).hasSizeGreaterThan(8);
    assertThat(logged).contains("Logged in to " + vcsim.sdkUrl()).contains("RetrievePropertiesEx");
    assertThat(logged).doesNotContain(vcsim.password()).doesNotContain(cookieValue);
    assertThat(messages).hasSize(4);
    for (String message : messages) {
      assertThat(message).doesNotContain(vcsim.password()).doesNotContain(cookieValue);
    }
  }
}
