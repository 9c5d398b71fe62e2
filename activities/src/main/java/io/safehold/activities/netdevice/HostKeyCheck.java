package io.safehold.activities.netdevice;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Verifies a device's host key against the fingerprint its catalog row expects, or pins the first
 * key seen. There is deliberately no way to accept any key. After a refusal, {@link #refusal()}
 * explains it with the expected and the seen fingerprint.
 *
 * <p>Fingerprints are compared in OpenSSH's form {@code SHA256:<base64, no padding>}; the legacy
 * {@code MD5:aa:bb:...} form (with or without the prefix) is accepted too.
 */
public final class HostKeyCheck implements HostKeyVerifier {

  private static final Pattern MD5_HEX =
      Pattern.compile("(?i)(?:MD5:)?((?:[0-9a-f]{2}:){15}[0-9a-f]{2})");

  private final String deviceName;
  private final UnaryOperator<String> pin;
  // sshj calls verify() on its transport thread; the activity thread reads the outcome.
  private volatile String expected;
  private volatile String seen;
  private volatile boolean refused;

  private HostKeyCheck(String deviceName, String expected, UnaryOperator<String> pin) {
    this.deviceName = deviceName;
    this.expected = expected;
    this.pin = pin;
  }

  /** Accepts only a key with this fingerprint. */
  public static HostKeyCheck expecting(String deviceName, String fingerprint) {
    return new HostKeyCheck(deviceName, fingerprint.strip(), null);
  }

  /**
   * Pins the first key seen. {@code pin} stores the seen SHA-256 fingerprint if none is stored yet
   * and returns the fingerprint the catalog holds afterwards (someone else's, if they pinned
   * first).
   */
  static HostKeyCheck pinningOnFirstUse(String deviceName, UnaryOperator<String> pin) {
    return new HostKeyCheck(deviceName, null, pin);
  }

  @Override
  public boolean verify(String hostname, int port, PublicKey key) {
    String fingerprint = sha256Fingerprint(key);
    seen = fingerprint;
    synchronized (this) {
      if (expected == null) {
        expected = pin.apply(fingerprint);
      }
    }
    boolean accepted = expected != null && matches(expected, key, fingerprint);
    refused = !accepted;
    return accepted;
  }

  @Override
  public List<String> findExistingAlgorithms(String hostname, int port) {
    return List.of();
  }

  /** Why the key was refused, or null when it was not. */
  public String refusal() {
    if (!refused) {
      return null;
    }
    return "host key of device "
        + deviceName
        + " does not match: expected "
        + expected
        + ", the device presented "
        + seen
        + ". If the device was legitimately re-keyed, update its hostKey.";
  }

  /** The SHA-256 fingerprint of the key the device presented, once it has connected. */
  String seenFingerprint() {
    return seen;
  }

  static boolean matches(String expected, PublicKey key, String sha256Fingerprint) {
    var md5 = MD5_HEX.matcher(expected);
    if (md5.matches()) {
      return md5.group(1).toLowerCase(Locale.ROOT).equals(SecurityUtils.getFingerprint(key));
    }
    String wanted = expected.startsWith("SHA256:") ? expected : "SHA256:" + expected;
    return stripPadding(wanted).equals(sha256Fingerprint);
  }

  /**
   * The fingerprint as {@code ssh-keygen -lf} prints it: {@code SHA256:<base64 without padding>}.
   */
  static String sha256Fingerprint(PublicKey key) {
    byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  private static String stripPadding(String fingerprint) {
    int end = fingerprint.length();
    while (end > 0 && fingerprint.charAt(end - 1) == '=') {
      end--;
    }
    return fingerprint.substring(0, end);
  }
}
