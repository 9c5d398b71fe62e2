package io.safehold.activities.notify;

import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.CredentialRow;
import io.safehold.catalog.NotificationTargetRow;
import io.safehold.catalog.secrets.CredentialVault;
import io.safehold.catalog.secrets.CredentialVault.SecretUnreadableException;
import io.safehold.workflows.notify.NotificationEvent;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * Sends one notification to one target: opens the target's sealed URL and its credential, builds
 * the body its kind expects and hands it to {@link WebhookSender} or {@link SmtpSender}. Used by
 * the notify activities and by the API's test call, so both send exactly the same way.
 */
public final class NotificationSender {

  /** SMTP logins and webhook secrets are credentials of this kind. */
  static final String CREDENTIAL_KIND = "password";

  private final Jdbi jdbi;
  private final CredentialVault vault;
  private final WebhookSender webhooks = new WebhookSender();
  private final SmtpSender smtp = new SmtpSender();

  public NotificationSender(Jdbi jdbi, CredentialVault vault) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.vault = Objects.requireNonNull(vault, "vault");
  }

  /**
   * @return what the target answered, e.g. "HTTP 200" or "250 OK"
   * @throws NotificationFailure when it was not delivered; {@link
   *     NotificationFailure#isRetryable()} says whether trying again may help
   */
  public String send(NotificationTargetRow target, NotificationEvent event)
      throws NotificationFailure {
    CredentialRow credential = credential(target);
    if (target.isEmail()) {
      String what =
          "SMTP server "
              + target.smtpHost()
              + ":"
              + target.smtpPort()
              + " of target '"
              + target.name()
              + "'";
      SmtpSender.SmtpSettings settings =
          new SmtpSender.SmtpSettings(
              target.smtpHost(),
              target.smtpPort(),
              target.smtpRequireStarttls(),
              target.smtpTlsSha256(),
              target.mailFrom(),
              target.mailTo(),
              credential == null ? null : credential.username(),
              credential == null ? null : open(target, credential.secretEnc(), "credential"));
      return smtp.send(what, settings, NotificationMessage.of(event));
    }
    String what = label(target.kind()) + " '" + target.name() + "' at " + target.urlOrigin();
    String url = open(target, target.urlEnc(), "URL");
    String secret =
        credential == null || target.secretHeader() == null
            ? null
            : open(target, credential.secretEnc(), "credential");
    return webhooks.post(
        what,
        url,
        target.secretHeader(),
        secret,
        NotificationPayloads.forKind(target.kind(), event));
  }

  private CredentialRow credential(NotificationTargetRow target) throws NotificationFailure {
    if (target.credentialId() == null) {
      return null;
    }
    CredentialRow credential =
        jdbi.onDemand(CredentialDao.class).find(target.credentialId()).orElse(null);
    if (credential == null) {
      throw NotificationFailure.unusable(
          "Notification target '"
              + target.name()
              + "' names credential "
              + target.credentialId()
              + ", which no longer exists; give the target another credential.");
    }
    if (!CREDENTIAL_KIND.equals(credential.kind())) {
      throw NotificationFailure.unusable(
          "Notification target '"
              + target.name()
              + "' uses credential '"
              + credential.name()
              + "' of kind "
              + credential.kind()
              + "; it needs one of kind password.");
    }
    return credential;
  }

  private String open(NotificationTargetRow target, byte[] sealed, String what)
      throws NotificationFailure {
    try {
      return vault.openText(sealed);
    } catch (SecretUnreadableException e) {
      throw NotificationFailure.unusable(
          "The "
              + what
              + " of notification target '"
              + target.name()
              + "' cannot be decrypted"
              + " with this installation's secret key; set it again.");
    }
  }

  private static String label(String kind) {
    return switch (kind) {
      case "slack" -> "Slack webhook";
      case "teams" -> "Teams webhook";
      default -> "Webhook";
    };
  }
}
