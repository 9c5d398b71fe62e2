package io.safehold.api.auth;

import io.safehold.catalog.ApiKeyDao;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Creates API keys and derives what the catalog stores of them. A key is {@value #PREFIX} followed
 * by 32 random bytes in URL-safe base64; the catalog keeps only its SHA-256, so a key is shown
 * once.
 */
public final class ApiKeys {

  /** Makes a Safehold key recognisable in a config file or a secret scanner. */
  public static final String PREFIX = "sh_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  /** A newly created key; {@code key} is the plaintext, which nothing else keeps. */
  public record CreatedKey(UUID id, String name, Role role, String key) {}

  /** Creates and stores a key; returns its plaintext, the only time it is available. */
  public static CreatedKey create(ApiKeyDao dao, String name, Role role) {
    String key = newKey();
    UUID id = UUID.randomUUID();
    dao.insert(id, name, role.id(), hash(key));
    return new CreatedKey(id, name, role, key);
  }

  /** A new random key in the format above; the caller stores only its {@link #hash}. */
  public static String newKey() {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /** Hex SHA-256 of the key as presented in {@code X-API-Key}. */
  public static String hash(String key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
