package io.safehold.activities.vsphere.transfer;

import java.util.regex.Pattern;

/**
 * One fixed-size piece of a disk in a backup's chunk list: its position, its length (the last chunk
 * of a disk may be shorter) and the SHA-256 that names its object, or none when every byte is zero
 * (such a chunk is not stored; a restore writes zeros).
 *
 * @param index position in the disk: the chunk covers {@code index * chunkSize} onwards
 * @param sha256 lower-case hex SHA-256 of the bytes, null for an all-zero chunk
 * @param length bytes in the chunk
 */
public record ChunkRef(long index, String sha256, int length) {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public ChunkRef {
    if (index < 0 || length <= 0) {
      throw new IllegalArgumentException(
          "A chunk needs a non-negative index and a positive length, not " + index + "/" + length);
    }
    if (sha256 != null && !SHA256_HEX.matcher(sha256).matches()) {
      throw new IllegalArgumentException(
          "Chunk " + index + " has a malformed SHA-256 " + sha256 + "; expected 64 hex digits.");
    }
  }

  /** An all-zero chunk: nothing stored. */
  public static ChunkRef zero(long index, int length) {
    return new ChunkRef(index, null, length);
  }

  public boolean isZero() {
    return sha256 == null;
  }
}
