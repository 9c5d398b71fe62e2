package io.safehold.catalog.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts credential secrets at rest with AES-256-GCM. A sealed value is a random 12-byte nonce
 * followed by the ciphertext and its 16-byte tag. The key comes from configuration or the
 * environment ({@code SAFEHOLD_SECRET_KEY}, base64 of 32 bytes) and never touches the catalog.
 */
public final class CredentialVault {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  /** @throws IllegalArgumentException when the key is missing or not 32 bytes long */
  public CredentialVault(byte[] key) {
    if (key == null) {
      throw new IllegalArgumentException("no secret key was configured (SAFEHOLD_SECRET_KEY)");
    }
    if (key.length != 32) {
      throw new IllegalArgumentException(
          "the secret key must be 32 bytes (base64 of 32 random bytes), got " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /**
   * Parses a base64 key as written in config or the environment.
   *
   * @throws IllegalArgumentException when the key is missing, not base64, or not 32 bytes long
   */
  public static CredentialVault fromBase64(String base64Key) {
    if (base64Key == null || base64Key.isBlank()) {
      throw new IllegalArgumentException("no secret key was configured (SAFEHOLD_SECRET_KEY)");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64Key.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the secret key is not valid base64", e);
    }
    return new CredentialVault(key);
  }

  /** A fresh random key, base64-encoded, for a new installation. */
  public static String newBase64Key() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  public byte[] seal(byte[] plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  /**
   * @throws SecretUnreadableException when the value was sealed with another key or was altered
   */
  public byte[] open(byte[] sealed) {
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new SecretUnreadableException("sealed secret is too short");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new SecretUnreadableException(
          "a stored secret cannot be decrypted: it was sealed with another key or was altered");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  /**
   * Opens a sealed UTF-8 text (a password, a key in PEM form, a webhook URL); null stays null, for
   * optional secrets such as a key's passphrase.
   *
   * @throws SecretUnreadableException when the value was sealed with another key or was altered
   */
  public String openText(byte[] sealed) {
    return sealed == null ? null : new String(open(sealed), StandardCharsets.UTF_8);
  }

  /** A stored secret that this key cannot open. */
  public static final class SecretUnreadableException extends RuntimeException {
    public SecretUnreadableException(String message) {
      super(message);
    }
  }
}
