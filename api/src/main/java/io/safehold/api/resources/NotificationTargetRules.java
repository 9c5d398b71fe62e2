package io.safehold.api.resources;

import io.safehold.api.errors.ApiException;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.CredentialRow;
import io.safehold.catalog.NotificationDao;
import io.safehold.catalog.NotificationTargetRow;
import io.safehold.catalog.secrets.CredentialVault;
import io.safehold.workflows.notify.NotificationEventType;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a target as sent to {@code POST /api/v1/notification-targets} and turns it into the row to
 * store, with its URL sealed. Every refusal names the field.
 */
final class NotificationTargetRules {

  static final String EMAIL = "email";
  static final int DEFAULT_SMTP_PORT = 587;

  private static final Set<String> SUBSCRIBABLE =
      NotificationEventType.subscribable().stream()
          .map(NotificationEventType::wireName)
          .collect(Collectors.toCollection(LinkedHashSet::new));
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
  private static final Pattern ASSET_KIND = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]+");
  private static final Pattern HEX_PAIRS = Pattern.compile("([0-9A-Fa-f]{2}:?)+");
  private static final int SHA256_BYTES = 32;

  private final NotificationDao targets;
  private final CredentialDao credentials;
  private final CredentialVault vault;

  NotificationTargetRules(
      NotificationDao targets, CredentialDao credentials, CredentialVault vault) {
    this.targets = targets;
    this.credentials = credentials;
    this.vault = vault;
  }

  /** The row to insert; 400 for bad input, then 409 for a name already taken. */
  NotificationTargetRow toRow(NotificationTargetRequest request) {
    if (Ids.tryParse(request.name()).isPresent()) {
      throw ApiException.invalidField("field 'name' must not be a UUID, so paths can take either");
    }
    boolean email = EMAIL.equals(request.kind());
    List<String> events = events(request.events());
    List<String> kinds = assetKinds(request.assetKinds());
    UUID credentialId = request.credentialId();
    if (credentialId != null) {
      CredentialRow credential =
          credentials
              .find(credentialId)
              .orElseThrow(
                  () ->
                      ApiException.invalidField(
                          "field 'credentialId': no credential has id " + credentialId));
      if (!"password".equals(credential.kind())) {
        throw ApiException.invalidField(
            "field 'credentialId' names credential '"
                + credential.name()
                + "' of kind "
                + credential.kind()
                + "; notification targets use a credential of kind password");
      }
    }
    boolean enabled = request.enabled() == null || request.enabled();
    NotificationTargetRow row =
        email
            ? emailRow(request, credentialId, events, kinds, enabled)
            : webhookRow(request, credentialId, events, kinds, enabled);
    if (targets.findByName(request.name()).isPresent()) {
      throw ApiException.conflict(
          "a notification target named '" + request.name() + "' already exists");
    }
    return row;
  }

  private NotificationTargetRow webhookRow(
      NotificationTargetRequest request,
      UUID credentialId,
      List<String> events,
      List<String> kinds,
      boolean enabled) {
    onlyForEmail("smtpHost", request.smtpHost());
    onlyForEmail("smtpPort", request.smtpPort());
    onlyForEmail("requireStartTls", request.requireStartTls());
    onlyForEmail("tlsCertificateSha256", request.tlsCertificateSha256());
    onlyForEmail("from", request.from());
    onlyForEmail("to", request.to());
    if (request.url() == null || request.url().isBlank()) {
      throw ApiException.invalidField("field 'url' is required for kind " + request.kind());
    }
    URI uri = url(request.url(), request.kind());
    String secretHeader = request.secretHeader();
    if (secretHeader != null) {
      if (!"webhook".equals(request.kind())) {
        throw ApiException.invalidField(
            "field 'secretHeader' only applies to kind webhook; Slack and Teams URLs carry their"
                + " own secret");
      }
      if (!HEADER_NAME.matcher(secretHeader).matches()) {
        throw ApiException.invalidField(
            "field 'secretHeader' must be an HTTP header name, e.g. Authorization");
      }
      if (credentialId == null) {
        throw ApiException.invalidField(
            "field 'credentialId' is required with 'secretHeader': its secret is the header's"
                + " value");
      }
    } else if (credentialId != null) {
      throw ApiException.invalidField(
          "field 'credentialId' of a webhook needs 'secretHeader', the header that carries it");
    }
    String origin =
        uri.getScheme().toLowerCase(Locale.ROOT)
            + "://"
            + uri.getHost().toLowerCase(Locale.ROOT)
            + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    return new NotificationTargetRow(
        UUID.randomUUID(),
        request.name(),
        request.kind(),
        vault.seal(uri.toString().getBytes(StandardCharsets.UTF_8)),
        origin,
        secretHeader,
        null,
        null,
        true,
        null,
        null,
        null,
        credentialId,
        events,
        kinds,
        enabled,
        null);
  }

  private NotificationTargetRow emailRow(
      NotificationTargetRequest request,
      UUID credentialId,
      List<String> events,
      List<String> kinds,
      boolean enabled) {
    if (request.url() != null) {
      throw ApiException.invalidField("field 'url' does not apply to kind email; set 'smtpHost'");
    }
    if (request.secretHeader() != null) {
      throw ApiException.invalidField("field 'secretHeader' does not apply to kind email");
    }
    if (request.smtpHost() == null || request.smtpHost().isBlank()) {
      throw ApiException.invalidField("field 'smtpHost' is required for kind email");
    }
    String host = request.smtpHost().trim();
    if (!HOST.matcher(host).matches()) {
      throw ApiException.invalidField("field 'smtpHost' must be a host name or IP address");
    }
    int port = request.smtpPort() == null ? DEFAULT_SMTP_PORT : request.smtpPort();
    if (port < 1 || port > 65535) {
      throw ApiException.invalidField("field 'smtpPort' must be between 1 and 65535");
    }
    if (request.from() == null || request.from().isBlank()) {
      throw ApiException.invalidField("field 'from' is required for kind email");
    }
    String from = address("from", request.from());
    if (request.to() == null || request.to().isEmpty()) {
      throw ApiException.invalidField("field 'to' must list at least one address for kind email");
    }
    List<String> to = request.to().stream().map(a -> address("to", a)).distinct().toList();
    String pin =
        request.tlsCertificateSha256() == null ? null : sha256(request.tlsCertificateSha256());
    return new NotificationTargetRow(
        UUID.randomUUID(),
        request.name(),
        request.kind(),
        null,
        null,
        null,
        host,
        port,
        request.requireStartTls() == null || request.requireStartTls(),
        pin,
        from,
        to,
        credentialId,
        events,
        kinds,
        enabled,
        null);
  }

  private static List<String> events(List<String> events) {
    List<String> unknown = events.stream().filter(e -> !SUBSCRIBABLE.contains(e)).toList();
    if (!unknown.isEmpty()) {
      throw ApiException.invalidField(
          "field 'events' holds unknown event type(s) " + unknown + "; known: " + SUBSCRIBABLE);
    }
    return events.stream().distinct().toList();
  }

  private static List<String> assetKinds(List<String> kinds) {
    if (kinds == null) {
      return List.of();
    }
    for (String kind : kinds) {
      if (!ASSET_KIND.matcher(kind).matches()) {
        throw ApiException.invalidField(
            "field 'assetKinds' holds '"
                + kind
                + "'; asset kinds are lower case, e.g. vm,"
                + " network-device, cove-device, bacula-job, external");
      }
    }
    return kinds.stream().distinct().toList();
  }

  /** http or https with a host and no user info; Slack and Teams only over https. */
  private static URI url(String text, String kind) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw ApiException.invalidField("field 'url' is not a valid URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean https = scheme.equals("https");
    if (!https && !(scheme.equals("http") && kind.equals("webhook"))) {
      throw ApiException.invalidField(
          "field 'url' must use https" + (kind.equals("webhook") ? " or http" : ""));
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw ApiException.invalidField("field 'url' must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw ApiException.invalidField(
          "field 'url' must not carry a user name or password; use 'secretHeader' and"
              + " 'credentialId'");
    }
    if (uri.getRawFragment() != null) {
      throw ApiException.invalidField("field 'url' must not have a fragment");
    }
    return uri;
  }

  private static String address(String field, String text) {
    try {
      InternetAddress address = new InternetAddress(text.trim(), true);
      return address.toString();
    } catch (AddressException e) {
      throw ApiException.invalidField(
          "field '" + field + "' holds '" + text + "', which is not an e-mail address");
    }
  }

  /** A SHA-256 thumbprint, colon-separated or plain hex, as upper-case colon hex. */
  static String sha256(String text) {
    String trimmed = text.trim();
    if (!HEX_PAIRS.matcher(trimmed).matches()) {
      throw ApiException.invalidField(
          "field 'tlsCertificateSha256' must be the certificate's SHA-256 in hex (64 digits,"
              + " colons allowed)");
    }
    String hex = trimmed.replace(":", "");
    if (hex.length() != SHA256_BYTES * 2) {
      throw ApiException.invalidField(
          "field 'tlsCertificateSha256' must be a SHA-256 (32 bytes), got "
              + hex.length() / 2
              + " bytes");
    }
    byte[] bytes = HexFormat.of().parseHex(hex);
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes);
  }

  private static void onlyForEmail(String field, Object value) {
    if (value != null) {
      throw ApiException.invalidField("field '" + field + "' only applies to kind email");
    }
  }
}
