package io.safehold.api.resources;

import io.safehold.api.errors.ApiException;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.CredentialRow;
import io.safehold.catalog.VcenterDao;
import io.safehold.catalog.VcenterRow;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Checks a vCenter as sent to {@code POST /api/v1/vcenters} and normalises its URL and pin. */
final class VcenterRules {

  /** vCenter logins are a user name and a password. */
  static final String CREDENTIAL_KIND = "password";

  private static final Set<String> SDK_PATHS = Set.of("", "/", "/sdk", "/sdk/");
  private static final Pattern COLON_HEX = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})+");
  private static final Pattern PLAIN_HEX = Pattern.compile("([0-9A-Fa-f]{2})+");
  private static final int SHA1_BYTES = 20;
  private static final int SHA256_BYTES = 32;

  private final VcenterDao vcenters;
  private final CredentialDao credentials;

  VcenterRules(VcenterDao vcenters, CredentialDao credentials) {
    this.vcenters = vcenters;
    this.credentials = credentials;
  }

  /** The row to insert; 400 for bad input, then 409 for a name already taken. */
  VcenterRow toRow(VcenterRequest request) {
    String name = request.name();
    if (Ids.tryParse(name).isPresent()) {
      throw ApiException.invalidField("field 'name' must not be a UUID, so paths can take either");
    }
    String url = sdkUrl(request.url());
    CredentialRow credential =
        credentials
            .find(request.credentialId())
            .orElseThrow(
                () ->
                    ApiException.invalidField(
                        "field 'credentialId': no credential has id " + request.credentialId()));
    if (!CREDENTIAL_KIND.equals(credential.kind())) {
      throw ApiException.invalidField(
          "field 'credentialId' names credential '"
              + credential.name()
              + "' of kind "
              + credential.kind()
              + "; a vCenter logs in with a credential of kind password");
    }
    boolean pin = Boolean.TRUE.equals(request.pinOnFirstUse());
    String thumbprint = request.thumbprint() == null ? null : thumbprint(request.thumbprint());
    if (thumbprint == null && !pin) {
      throw new ApiException(
          400,
          "tls_trust_required",
          "set 'thumbprint' to the vCenter certificate's SHA-1 or SHA-256 thumbprint, or"
              + " 'pinOnFirstUse': true to record the one seen on first contact; there is never"
              + " trust-all");
    }
    if (thumbprint != null && pin) {
      throw ApiException.invalidField(
          "set either 'thumbprint' or 'pinOnFirstUse', not both: a given thumbprint is already"
              + " pinned");
    }
    if (vcenters.findByName(name).isPresent()) {
      throw ApiException.conflict("a vCenter named '" + name + "' already exists");
    }
    return new VcenterRow(
        UUID.randomUUID(), name, url, credential.id(), thumbprint, pin, null, null, null);
  }

  /**
   * {@code https://host[:port]/sdk}: https only, a host, no user info, query or fragment, and a
   * path that is empty or {@code /sdk}.
   */
  static String sdkUrl(String text) {
    String example = "; e.g. https://vcenter.example.com/sdk";
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw ApiException.invalidField(
          "field 'url' is not a valid URL (" + e.getReason() + ")" + example);
    }
    if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase("https")) {
      throw ApiException.invalidField("field 'url' must use https" + example);
    }
    if (uri.getRawUserInfo() != null) {
      throw ApiException.invalidField(
          "field 'url' must not carry a user name or password; set 'credentialId' instead");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw ApiException.invalidField("field 'url' must name a host" + example);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw ApiException.invalidField("field 'url' must not have a query or fragment" + example);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (!SDK_PATHS.contains(path)) {
      throw ApiException.invalidField(
          "field 'url' must have no path or the path /sdk, got '" + path + "'" + example);
    }
    String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
    return "https://" + uri.getHost().toLowerCase(Locale.ROOT) + port + "/sdk";
  }

  /** A SHA-1 or SHA-256 thumbprint, colon-separated or plain hex, as upper-case colon hex. */
  static String thumbprint(String text) {
    String trimmed = text.trim();
    String hex;
    if (COLON_HEX.matcher(trimmed).matches()) {
      hex = trimmed.replace(":", "");
    } else if (PLAIN_HEX.matcher(trimmed).matches()) {
      hex = trimmed;
    } else {
      throw ApiException.invalidField(
          "field 'thumbprint' must be hex digits, in pairs separated by colons or not, e.g."
              + " AB:CD:EF:...; got '"
              + text
              + "'");
    }
    byte[] bytes = HexFormat.of().parseHex(hex);
    if (bytes.length != SHA1_BYTES && bytes.length != SHA256_BYTES) {
      throw ApiException.invalidField(
          "field 'thumbprint' must be a SHA-1 (20 bytes) or SHA-256 (32 bytes) thumbprint, got "
              + bytes.length
              + " bytes");
    }
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes);
  }
}
