package io.safehold.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where notifications go. Webhook kinds ({@code webhook}, {@code slack}, {@code teams}) have a
 * sealed URL ({@code urlEnc}, AES-GCM like credentials) and its clear {@code urlOrigin}; {@code
 * email} has the SMTP fields. {@code credentialId} is the SMTP login, or for a webhook the secret
 * sent in {@code secretHeader}.
 *
 * @param smtpTlsSha256 the SMTP server certificate's pinned SHA-256 (upper-case colon hex), or null
 *     to trust the JVM's CAs and check the host name
 * @param eventTypes wire names of the event types the target receives
 * @param assetKinds asset kinds it receives; empty for every kind
 */
public record NotificationTargetRow(
    UUID id,
    String name,
    String kind,
    byte[] urlEnc,
    String urlOrigin,
    String secretHeader,
    String smtpHost,
    Integer smtpPort,
    boolean smtpRequireStarttls,
    String smtpTlsSha256,
    String mailFrom,
    List<String> mailTo,
    UUID credentialId,
    List<String> eventTypes,
    List<String> assetKinds,
    boolean enabled,
    Instant createdAt) {

  public static final String EMAIL = "email";

  public boolean isEmail() {
    return EMAIL.equals(kind);
  }
}
