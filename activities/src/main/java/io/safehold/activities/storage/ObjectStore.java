package io.safehold.activities.storage;

import io.safehold.workflows.run.StoredObject;
import java.io.IOException;
import java.io.InputStream;
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

  /** Opens an object for streaming; empty when it does not exist. The caller closes the stream. */
  Optional<InputStream> open(String key) throws IOException;

  boolean exists(String key);

  /** Deletes an object; deleting a missing object is not an error. */
  void delete(String key);

  /** Cheap reachability check for health endpoints: the bucket exists and answers. */
  void ping();

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
