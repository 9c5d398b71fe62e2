package io.safehold.activities.storage;

import io.safehold.workflows.run.StoredObject;
import java.io.IOException;
import java.io.InputStream;
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
