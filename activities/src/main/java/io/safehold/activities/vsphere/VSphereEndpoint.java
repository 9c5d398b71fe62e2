package io.safehold.activities.vsphere;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a vCenter (or ESXi host) answers and how its certificate is trusted. Holds no credential.
 *
 * @param sdkUrl the SOAP endpoint, {@code https://host[:port]/sdk}; a URL without a path gets
 *     {@code /sdk}
 * @param thumbprint the pinned SHA-1 or SHA-256 thumbprint of the leaf certificate (colon hex, any
 *     case), or null to verify against the JDK's CA trust store with hostname verification
 * @param requestTimeout how long one HTTP request may take, also the connect timeout
 */
public record VSphereEndpoint(URI sdkUrl, String thumbprint, Duration requestTimeout) {

  /** Used by {@link #pinned} and {@link #caTrusted}. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  public VSphereEndpoint {
    Objects.requireNonNull(sdkUrl, "sdkUrl");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (!"https".equalsIgnoreCase(sdkUrl.getScheme()) || sdkUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "A vCenter URL must be https://host[:port]/sdk, got " + sdkUrl.getScheme() + " URL");
    }
    if (sdkUrl.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "A vCenter URL must not carry a user name or password; give them as the credential");
    }
    if (sdkUrl.getRawQuery() != null || sdkUrl.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "A vCenter URL must be https://host[:port]/sdk without a query, got " + sdkUrl);
    }
    String path = sdkUrl.getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      sdkUrl = URI.create("https://" + sdkUrl.getRawAuthority() + "/sdk");
    }
    if (thumbprint != null) {
      Thumbprints.requireWellFormed(thumbprint);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("A request timeout must be positive");
    }
  }

  /** An endpoint whose certificate must have {@code thumbprint} (SHA-1 or SHA-256). */
  public static VSphereEndpoint pinned(URI sdkUrl, String thumbprint) {
    return new VSphereEndpoint(
        sdkUrl, Objects.requireNonNull(thumbprint, "thumbprint"), DEFAULT_REQUEST_TIMEOUT);
  }

  /** An endpoint whose certificate must chain to a CA the JDK trusts and name the host. */
  public static VSphereEndpoint caTrusted(URI sdkUrl) {
    return new VSphereEndpoint(sdkUrl, null, DEFAULT_REQUEST_TIMEOUT);
  }

  public VSphereEndpoint withRequestTimeout(Duration timeout) {
    return new VSphereEndpoint(sdkUrl, thumbprint, timeout);
  }

  /** {@code https://host:port}, the base of {@code /folder} URLs. */
  URI base() {
    return URI.create("https://" + sdkUrl.getRawAuthority());
  }
}
