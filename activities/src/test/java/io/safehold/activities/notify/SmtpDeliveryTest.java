package io.safehold.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.safehold.catalog.NotificationDao;
import io.safehold.catalog.NotificationTargetRow;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.workflows.notify.NotificationActivities;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * E-mail notifications to a real SMTP server on 127.0.0.1 that requires STARTTLS and a login,
 * through {@link NotificationSender} as the activity and the API's test call use it.
 */
class SmtpDeliveryTest {

  @TempDir Path dir;

  private NotifyFixtures fixtures;
  private NotificationSender sender;
  private SmtpTestServer smtp;

  @BeforeEach
  void setUp() throws Exception {
    fixtures = new NotifyFixtures(TestDatabase.get().fresh().jdbi());
    sender = new NotificationSender(fixtures.jdbi, fixtures.vault);
    smtp = new SmtpTestServer(dir, true);
  }

  @AfterEach
  void tearDown() {
    smtp.close();
  }

  private UUID login(String password) {
    return fixtures.credential("mail-login", SmtpTestServer.USER, password);
  }

  @Test
  void sendsOverStartTlsWithTheLoginToEveryRecipient() throws Exception {
    NotificationTargetRow target =
        fixtures.email(
            "ops-mail", smtp.port(), true, smtp.sha256(), login(SmtpTestServer.PASSWORD));

    String answer = sender.send(target, NotifyFixtures.runFailed("run-7"));

    assertThat(answer).startsWith("250");
    SmtpTestServer.Mail mail = smtp.mails.get(0);
    assertThat(smtp.mails).hasSize(1);
    assertThat(mail.from()).isEqualTo("safehold@example.com");
    assertThat(mail.authenticatedAs()).isEqualTo(SmtpTestServer.USER);
    assertThat(mail.data())
        .contains("To: ops@example.com, dr@example.com")
        .contains("Subject: [Safehold] Backup failed: vc1/web-01")
        .contains("Reading disk 1 of 2 failed: vCenter refused the connection.")
        .contains("Run: run-7")
        .contains("Status: FAILED")
        .doesNotContain(SmtpTestServer.PASSWORD);
  }

  @Test
  void aWrongPasswordIsRejectedForGood() {
    NotificationTargetRow target =
        fixtures.email("ops-mail", smtp.port(), true, smtp.sha256(), login("wrong"));

    NotificationFailure failure = sendExpectingFailure(target);

    assertThat(failure.type()).isEqualTo(NotificationActivities.REJECTED);
    assertThat(failure.getMessage())
        .isEqualTo(
            "SMTP server 127.0.0.1:"
                + smtp.port()
                + " of target 'ops-mail' refused the login of"
                + " 'safehold'; check the target's credential.");
    assertThat(smtp.mails).isEmpty();
  }

  @Test
  void aCertificateOtherThanThePinnedOneIsNotTrusted() {
    String otherPin = "AB:" + smtp.sha256().substring(3).replace('A', 'B').replace('0', '1');
    NotificationTargetRow target =
        fixtures.email("ops-mail", smtp.port(), true, otherPin, login(SmtpTestServer.PASSWORD));

    NotificationFailure failure = sendExpectingFailure(target);

    assertThat(failure.type()).isEqualTo(NotificationActivities.TLS_UNTRUSTED);
    assertThat(failure.isRetryable()).isFalse();
    assertThat(failure.getMessage()).contains("not the pinned " + otherPin);
    assertThat(smtp.mails).isEmpty();
  }

  @Test
  void withoutAPinASelfSignedCertificateIsNotTrusted() {
    NotificationTargetRow target =
        fixtures.email("ops-mail", smtp.port(), true, null, login(SmtpTestServer.PASSWORD));

    NotificationFailure failure = sendExpectingFailure(target);

    assertThat(failure.type()).isEqualTo(NotificationActivities.TLS_UNTRUSTED);
    assertThat(failure.getMessage()).contains("pin the server's certificate SHA-256");
    assertThat(smtp.mails).isEmpty();
  }

  @Test
  void aServerWithoutStartTlsIsRefusedWhenTheTargetRequiresIt() throws Exception {
    try (SmtpTestServer plain = new SmtpTestServer(dir, false)) {
      NotificationTargetRow target = fixtures.email("ops-mail", plain.port(), true, null, null);

      NotificationFailure failure = sendExpectingFailure(target);

      assertThat(failure.type()).isEqualTo(NotificationActivities.REJECTED);
      assertThat(failure.getMessage()).contains("does not offer STARTTLS");
      assertThat(plain.mails).isEmpty();
    }
  }

  @Test
  void aServerThatIsDownIsRetryable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    NotificationTargetRow target = fixtures.email("ops-mail", closedPort, true, null, null);

    NotificationFailure failure = sendExpectingFailure(target);

    assertThat(failure.isRetryable()).isTrue();
    assertThat(failure.getMessage())
        .startsWith(
            "SMTP server 127.0.0.1:"
                + closedPort
                + " of target 'ops-mail' could not be"
                + " reached");
  }

  @Test
  void aDeletedCredentialMakesTheTargetUnusable() {
    UUID credential = login(SmtpTestServer.PASSWORD);
    NotificationTargetRow target =
        fixtures.email("ops-mail", smtp.port(), true, smtp.sha256(), credential);
    fixtures.jdbi.useHandle(
        h -> {
          h.execute(
              "UPDATE notification_targets SET credential_id = NULL WHERE id = ?", target.id());
          h.execute("DELETE FROM credentials WHERE id = ?", credential);
        });
    NotificationTargetRow stale =
        new NotificationTargetRow(
            target.id(),
            target.name(),
            target.kind(),
            null,
            null,
            null,
            target.smtpHost(),
            target.smtpPort(),
            true,
            target.smtpTlsSha256(),
            target.mailFrom(),
            target.mailTo(),
            credential,
            target.eventTypes(),
            target.assetKinds(),
            true,
            null);

    NotificationFailure failure = sendExpectingFailure(stale);

    assertThat(failure.type()).isEqualTo(NotificationActivities.BAD_TARGET);
    assertThat(fixtures.jdbi.onDemand(NotificationDao.class).find(target.id())).isPresent();
  }

  private NotificationFailure sendExpectingFailure(NotificationTargetRow target) {
    NotificationFailure failure =
        catchThrowableOfType(
            NotificationFailure.class,
            () -> sender.send(target, NotifyFixtures.runFailed("run-7")));
    assertThat(failure).isNotNull();
    return failure;
  }
}
