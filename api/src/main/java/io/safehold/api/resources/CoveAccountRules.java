package io.safehold.api.resources;

import io.safehold.api.errors.ApiException;
import io.safehold.catalog.CoveAccountDao;
import io.safehold.catalog.CoveAccountRow;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.CredentialRow;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** Checks a Cove account as sent to {@code POST /api/v1/cove/accounts} and fills its defaults. */
final class CoveAccountRules {

  static final String PUBLIC_ENDPOINT = "https://api.backup.management/jsonapi";
  static final int DEFAULT_POLL_INTERVAL_SECONDS = 900;
  static final double DEFAULT_MAX_REQUESTS_PER_SECOND = 2;

  /**
   * Plain http only to this machine (the emulator in tests and {@code dev}); never on a network.
   */
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

  private final CoveAccountDao accounts;
  private final CredentialDao credentials;

  CoveAccountRules(CoveAccountDao accounts, CredentialDao credentials) {
    this.accounts = accounts;
    this.credentials = credentials;
  }

  /** The row to insert; 400 for bad input, then 409 for a name already taken. */
  CoveAccountRow toRow(CoveAccountRequest request) {
    String name = request.name();
    if (Ids.tryParse(name).isPresent()) {
      throw ApiException.invalidField("field 'name' must not be a UUID, so paths can take either");
    }
    String url = request.apiUrl() == null ? PUBLIC_ENDPOINT : apiUrl(request.apiUrl());
    if (request.partner().strip().length() != request.partner().length()) {
      throw ApiException.invalidField(
          "field 'partner' must not start or end with spaces: Cove matches the name exactly");
    }
    CredentialRow credential =
        credentials
            .find(request.credentialId())
            .orElseThrow(
                () ->
                    ApiException.invalidField(
                        "field 'credentialId': no credential has id " + request.credentialId()));
    if (!VcenterRules.CREDENTIAL_KIND.equals(credential.kind())) {
      throw ApiException.invalidField(
          "field 'credentialId' names credential '"
              + credential.name()
              + "' of kind "
              + credential.kind()
              + "; Cove logs in with a credential of kind password (API user name and password)");
    }
    if (accounts.findByName(name).isPresent()) {
      throw ApiException.conflict("a Cove account named '" + name + "' already exists");
    }
    return new CoveAccountRow(
        UUID.randomUUID(),
        name,
        url,
        request.partner(),
        credential.id(),
        request.pollIntervalSeconds() == null
            ? DEFAULT_POLL_INTERVAL_SECONDS
            : request.pollIntervalSeconds(),
        request.maxRequestsPerSecond() == null
            ? DEFAULT_MAX_REQUESTS_PER_SECOND
            : request.maxRequestsPerSecond(),
        null,
        null,
        null,
        null,
        null,
        null,
        0);
  }

  /**
   * An https URL with a host and no user info, query or fragment; plain http only to a loopback
   * address. An empty path becomes {@code /jsonapi}, Cove's.
   */
  static String apiUrl(String text) {
    String example = "; e.g. " + PUBLIC_ENDPOINT;
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw ApiException.invalidField(
          "field 'apiUrl' is not a valid URL (" + e.getReason() + ")" + example);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw ApiException.invalidField("field 'apiUrl' must name a host" + example);
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(scheme.equals("http") && LOOPBACK.contains(host))) {
      throw ApiException.invalidField(
          "field 'apiUrl' must use https (plain http only to 127.0.0.1 or localhost)" + example);
    }
    if (uri.getRawUserInfo() != null) {
      throw ApiException.invalidField(
          "field 'apiUrl' must not carry a user name or password; set 'credentialId' instead");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw ApiException.invalidField("field 'apiUrl' must not have a query or fragment" + example);
    }
    String path =
        uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/jsonapi" : uri.getRawPath();
    String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
    return scheme + "://" + host + port + path;
  }
}
