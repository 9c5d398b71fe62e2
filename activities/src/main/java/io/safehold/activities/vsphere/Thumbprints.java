package io.safehold.activities.vsphere;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-1 and SHA-256 thumbprints of a TLS certificate, as colon-separated upper-case hex (the
 * form vSphere and our vcsim print). Thumbprints are public: they may appear in logs and errors.
 */
public record Thumbprints(String sha1, String sha256) {

  /** Thumbprints of {@code certificate}'s DER encoding. */
  public static Thumbprints of(X509Certificate certificate) {
    byte[] der;
    try {
      der = certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("A certificate could not be encoded for its thumbprint", e);
    }
    return new Thumbprints(digest("SHA-1", der), digest("SHA-256", der));
  }

  /**
   * True when {@code pin} (SHA-1 or SHA-256, colon hex or plain hex, any case) is one of these
   * thumbprints.
   */
  public boolean matches(String pin) {
    String wanted = normalize(pin);
    return wanted.equals(normalize(sha1)) || wanted.equals(normalize(sha256));
  }

  /**
   * Checks that {@code pin} looks like a SHA-1 (20 bytes) or SHA-256 (32 bytes) thumbprint.
   *
   * @throws IllegalArgumentException naming the expected form
   */
  static String requireWellFormed(String pin) {
    String hex = normalize(pin);
    if (!hex.matches("[0-9A-F]*") || (hex.length() != 40 && hex.length() != 64)) {
      throw new IllegalArgumentException(
          "A certificate thumbprint must be a SHA-1 (20 bytes) or SHA-256 (32 bytes) hex string"
              + " such as 2C:11:ED:...:B9, got '"
              + pin
              + "'");
    }
    return pin;
  }

  @Override
  public String toString() {
    return "SHA-1 " + sha1 + ", SHA-256 " + sha256;
  }

  private static String normalize(String thumbprint) {
    return thumbprint.replace(":", "").replace(" ", "").trim().toUpperCase(Locale.ROOT);
  }

  private static String digest(String algorithm, byte[] der) {
    try {
      byte[] hash = MessageDigest.getInstance(algorithm).digest(der);
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK has no " + algorithm, e);
    }
  }
}
