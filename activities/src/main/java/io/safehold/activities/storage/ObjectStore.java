package io.safehold.activities.storage;

import io.safehold.workflows.run.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The backup store: one bucket of an S3-compatible service.
 *
 * <p>Errors: {@link java.io.UncheckedIOException} or {@link RuntimeException} subclasses from the
 * client are transient (network, 5xx) unless they are {@link ObjectStoreException} with {@code
 * permanent() == true} (missing bucket, access denied, checksum rejected).
 */
public interface ObjectStore {

  /**
   * Writes a small object in one PUT, sending its SHA-256 so the store verifies it, and returns what
   * was stored. Overwriting a key with the same bytes is harmless (idempotent).
   */
  StoredObject put(String key, byte[] content, String contentType);

  /**
   * Writes {@code length} bytes of {@code buffer} from {@code offset} in one PUT, sending {@code
   * sha256} (the digest of those bytes, computed by the caller while it read them) so the store
   * verifies what it received; a mismatch is a permanent {@link ObjectStoreException}. Idempotent
   * like {@link #put}. Stores that can send a slice of an array without copying it override this;
   * the default copies the slice once.
   */
  default StoredObject putVerified(
      String key, byte[] buffer, int offset, int length, byte[] sha256, String contentType) {
    StoredObject stored =
        put(key, Arrays.copyOfRange(buffer, offset, offset + length), contentType);
    if (!stored.sha256().equals(HexFormat.of().formatHex(sha256))) {
      throw new ObjectStoreException(
          "The bytes given for " + key + " do not have the SHA-256 the caller computed.",
          true,
          null);
    }
    return stored;
  }

  /**
   * Writes {@code length} bytes read from {@code content}, sending {@code sha256} (their digest,
   * known beforehand, e.g. from a first read) so the store verifies what it received; a mismatch is
   * a permanent {@link ObjectStoreException}. For objects too large to hold in memory, such as a
   * manifest copied between stores. {@code content} may be opened more than once when the client
   * resends. Stores that stream override this; the default reads the bytes into memory once.
   */
  default StoredObject putVerified(
      String key, Content content, long length, byte[] sha256, String contentType) {
    if (length > Integer.MAX_VALUE - 8) {
      throw new ObjectStoreException(
          key + " is " + length + " bytes, too large for this store to take in one piece.",
          true,
          null);
    }
    byte[] bytes;
    try (InputStream in = content.open()) {
      bytes = in.readNBytes((int) length);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the content of " + key + ".", e);
    }
    if (bytes.length != length) {
      throw new ObjectStoreException(
          "The content given for " + key + " has " + bytes.length + " bytes, not " + length + ".",
          true,
          null);
    }
    return putVerified(key, bytes, 0, bytes.length, sha256, contentType);
  }

  /** Opens an object for streaming; empty when it does not exist. The caller closes the stream. */
  Optional<InputStream> open(String key) throws IOException;

  boolean exists(String key);

  /** Deletes an object; deleting a missing object is not an error. */
  void delete(String key);

  /** Cheap reachability check for health endpoints: the bucket exists and answers. */
  void ping();

  /** Bytes that can be read more than once, e.g. an object of another store. */
  @FunctionalInterface
  interface Content {
    /** A new stream from the first byte; the caller closes it. */
    InputStream open() throws IOException;
  }

  /** A failure of the store that says whether retrying can help. */
  class ObjectStoreException extends RuntimeException {
    private final boolean permanent;

    public ObjectStoreException(String message, boolean permanent, Throwable cause) {
      super(message, cause);
      this.permanent = permanent;
    }

    public boolean permanent() {
      return permanent;
    }
  }
}
