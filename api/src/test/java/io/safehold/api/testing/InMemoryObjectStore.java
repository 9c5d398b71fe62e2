package io.safehold.api.testing;

import io.safehold.activities.storage.ObjectStore;
import io.safehold.workflows.run.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test fake of the backup store (the API only reads config objects; the real S3 store has its own
 * contract tests). A key listed in {@link #failOn} throws on open, to provoke an unexpected error.
 */
public final class InMemoryObjectStore implements ObjectStore {

  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  private volatile String failOn;

  @Override
  public StoredObject put(String key, byte[] content, String contentType) {
    objects.put(key, content.clone());
    return new StoredObject(key, content.length, sha256(content));
  }

  @Override
  public Optional<InputStream> open(String key) {
    if (key.equals(failOn)) {
      throw new IllegalStateException("simulated store fault for " + key);
    }
    byte[] content = objects.get(key);
    return content == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(content));
  }

  @Override
  public boolean exists(String key) {
    return objects.containsKey(key);
  }

  @Override
  public void delete(String key) {
    objects.remove(key);
  }

  @Override
  public void ping() {}

  public void failOn(String key) {
    this.failOn = key;
  }

  public void clear() {
    objects.clear();
    failOn = null;
  }

  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
