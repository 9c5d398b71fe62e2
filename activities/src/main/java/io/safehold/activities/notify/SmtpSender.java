package io.safehold.activities.notify;

import io.safehold.activities.vsphere.VSphereTls;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends one plain-text e-mail over SMTP with Jakarta Mail (Eclipse Angus): STARTTLS whenever the
 * server offers it, and required unless the target says otherwise; login when a credential is
 * given; bounded connect, read and write timeouts.
 *
 * <p>TLS trusts the JVM's CA store and checks the host name, or, with a pinned SHA-256 (or SHA-1)
 * thumbprint, exactly that certificate (as for vCenters, {@link VSphereTls}). Never trust-all.
 *
 * <p>A refused login, an SMTP 5xx, an unusable address, a server without STARTTLS when it is
 * required, and an untrusted certificate are not retryable; a refused or timed-out connection and
 * an SMTP 4xx are.
 */
final class SmtpSender {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration IO_TIMEOUT = Duration.ofSeconds(20);

  /** Where and how to send, with the login already opened from its credential (or null). */
  record SmtpSettings(
      String host,
      int port,
      boolean requireStartTls,
      String pinnedSha256,
      String from,
      List<String> to,
      String username,
      String password) {

    /** Never the password, should settings ever be logged. */
    @Override
    public String toString() {
      return "SmtpSettings[" + host + ":" + port + ", from " + from + ", to " + to + "]";
    }
  }

  /**
   * @param what how messages name the target, e.g. "SMTP server mail.example.com:587 of 'ops'"
   * @return the server's last answer, e.g. "250 OK"
   */
  String send(String what, SmtpSettings settings, NotificationMessage message)
      throws NotificationFailure {
    Session session = Session.getInstance(properties(settings));
    MimeMessage mail = new MimeMessage(session);
    try {
      mail.setFrom(new InternetAddress(settings.from(), true));
      InternetAddress[] to = new InternetAddress[settings.to().size()];
      for (int i = 0; i < to.length; i++) {
        to[i] = new InternetAddress(settings.to().get(i), true);
      }
      mail.setRecipients(Message.RecipientType.TO, to);
      mail.setSubject("[Safehold] " + message.title(), "UTF-8");
      mail.setText(body(message), "UTF-8");
      mail.setSentDate(new Date());
      mail.setHeader("Auto-Submitted", "auto-generated");
    } catch (AddressException e) {
      throw NotificationFailure.unusable(
          what + ": address '" + e.getRef() + "' is not valid (" + e.getMessage() + ").");
    } catch (MessagingException e) {
      throw NotificationFailure.unusable(
          what + ": the message could not be built: " + e.getMessage());
    }
    try (Transport transport = session.getTransport("smtp")) {
      transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
      transport.sendMessage(mail, mail.getAllRecipients());
      String answer =
          transport instanceof org.eclipse.angus.mail.smtp.SMTPTransport smtp
              ? smtp.getLastServerResponse()
              : "sent";
      return answer == null ? "sent" : answer.strip();
    } catch (AuthenticationFailedException e) {
      throw NotificationFailure.rejected(
          what
              + " refused the login of '"
              + settings.username()
              + "'; check the target's"
              + " credential.");
    } catch (SMTPSendFailedException e) {
      throw byReturnCode(what, e.getReturnCode(), e.getMessage(), e);
    } catch (SendFailedException e) {
      throw NotificationFailure.rejected(
          what + " refused the recipients (" + oneLine(e.getMessage()) + ").");
    } catch (MessagingException e) {
      throw classify(what, settings, e);
    }
  }

  private static NotificationFailure byReturnCode(
      String what, int code, String text, Exception cause) {
    String answered = what + " answered " + oneLine(text);
    return code >= 400 && code < 500
        ? NotificationFailure.retryable(answered + ".", cause)
        : NotificationFailure.rejected(answered + "; retrying cannot change that.");
  }

  private static NotificationFailure classify(
      String what, SmtpSettings settings, MessagingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException || t instanceof SSLException) {
        String fix =
            settings.pinnedSha256() == null
                ? "pin the server's certificate SHA-256 or fix its chain"
                : "the certificate is not the pinned " + settings.pinnedSha256();
        return NotificationFailure.untrusted(
            what
                + " presented a TLS certificate that is not trusted ("
                + oneLine(t.getMessage())
                + "); "
                + fix
                + ".",
            e);
      }
      if (t instanceof UnknownHostException) {
        return NotificationFailure.retryable(what + ": host name not found.", e);
      }
      if (t instanceof ConnectException || t instanceof SocketTimeoutException) {
        return NotificationFailure.retryable(
            what + " could not be reached: " + oneLine(t.getMessage()) + ".", e);
      }
    }
    String text = oneLine(e.getMessage());
    if (text.contains("STARTTLS")) {
      return NotificationFailure.rejected(
          what + " does not offer STARTTLS, which the target requires (" + text + ").");
    }
    return NotificationFailure.retryable(what + " failed: " + text + ".", e);
  }

  private static Properties properties(SmtpSettings settings) {
    Properties p = new Properties();
    p.put("mail.smtp.host", settings.host());
    p.put("mail.smtp.port", String.valueOf(settings.port()));
    p.put("mail.smtp.connectiontimeout", String.valueOf(CONNECT_TIMEOUT.toMillis()));
    p.put("mail.smtp.timeout", String.valueOf(IO_TIMEOUT.toMillis()));
    p.put("mail.smtp.writetimeout", String.valueOf(IO_TIMEOUT.toMillis()));
    p.put("mail.smtp.starttls.enable", "true");
    p.put("mail.smtp.starttls.required", String.valueOf(settings.requireStartTls()));
    p.put("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
    p.put("mail.smtp.auth", String.valueOf(settings.username() != null));
    if (settings.pinnedSha256() != null) {
      // The pin names the one certificate to trust; its host name does not matter.
      p.put(
          "mail.smtp.ssl.socketFactory",
          VSphereTls.sslContext(settings.pinnedSha256()).getSocketFactory());
      p.put("mail.smtp.ssl.checkserveridentity", "false");
    } else {
      p.put("mail.smtp.ssl.checkserveridentity", "true");
    }
    return p;
  }

  private static String body(NotificationMessage message) {
    StringBuilder text = new StringBuilder(message.text()).append("\n\n");
    for (Map.Entry<String, String> fact : message.facts().entrySet()) {
      text.append(fact.getKey()).append(": ").append(fact.getValue()).append('\n');
    }
    return text.append("\n-- \nSent by Safehold.\n").toString();
  }

  private static String oneLine(String text) {
    if (text == null || text.isBlank()) {
      return "no details";
    }
    String line = text.replaceAll("\\s+", " ").strip();
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }
}
