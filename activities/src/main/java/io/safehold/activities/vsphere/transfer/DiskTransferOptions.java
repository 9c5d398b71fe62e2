package io.safehold.activities.vsphere.transfer;

import java.time.Duration;

/**
 * How a disk transfer cuts and paces its work. Immutable; start from {@link #defaults()}.
 *
 * @param chunkSize bytes per chunk, a multiple of 64 KiB (the changed-block-tracking granularity);
 *     default 8 MiB. Part of the backup format: an incremental must use its base's chunk size.
 * @param readAhead chunks read while an earlier chunk is still being stored; default 0. Each one
 *     adds a chunk to what a crash may make the next attempt read again: 0 keeps that to at most
 *     one chunk per disk.
 * @param storeAttempts tries per chunk against the store before giving up (retryable); default 4
 * @param storeBackoff wait before the second try, doubled each time; default 500 ms
 * @param readAttempts tries to (re)open the read at the same offset after a broken connection;
 *     default 3
 * @param readBackoff wait before reopening, doubled each time; default 1 s
 * @param readStall longest time without a byte from the host before the read is given up
 *     (retryable); default 2 min
 * @param requestTimeout longest wait for the answer's headers to one ranged GET; default 1 min
 */
public record DiskTransferOptions(
    int chunkSize,
    int readAhead,
    int storeAttempts,
    Duration storeBackoff,
    int readAttempts,
    Duration readBackoff,
    Duration readStall,
    Duration requestTimeout) {

  /** The changed-block-tracking block; chunks are made of whole blocks. */
  public static final int CBT_BLOCK = 64 * 1024;

  public static final int DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024;

  public DiskTransferOptions {
    if (chunkSize <= 0 || chunkSize % CBT_BLOCK != 0) {
      throw new IllegalArgumentException(
          "Chunk size " + chunkSize + " must be a positive multiple of 64 KiB (65536).");
    }
    if (readAhead < 0 || storeAttempts < 1 || readAttempts < 1) {
      throw new IllegalArgumentException(
          "readAhead must be >= 0 and storeAttempts, readAttempts >= 1.");
    }
  }

  public static DiskTransferOptions defaults() {
    return new DiskTransferOptions(
        DEFAULT_CHUNK_SIZE,
        0,
        4,
        Duration.ofMillis(500),
        3,
        Duration.ofSeconds(1),
        Duration.ofMinutes(2),
        Duration.ofMinutes(1));
  }

  public DiskTransferOptions withChunkSize(int bytes) {
    return new DiskTransferOptions(
        bytes,
        readAhead,
        storeAttempts,
        storeBackoff,
        readAttempts,
        readBackoff,
        readStall,
        requestTimeout);
  }

  public DiskTransferOptions withReadAhead(int chunks) {
    return new DiskTransferOptions(
        chunkSize,
        chunks,
        storeAttempts,
        storeBackoff,
        readAttempts,
        readBackoff,
        readStall,
        requestTimeout);
  }

  public DiskTransferOptions withStoreRetries(int attempts, Duration backoff) {
    return new DiskTransferOptions(
        chunkSize,
        readAhead,
        attempts,
        backoff,
        readAttempts,
        readBackoff,
        readStall,
        requestTimeout);
  }

  public DiskTransferOptions withReadRetries(int attempts, Duration backoff) {
    return new DiskTransferOptions(
        chunkSize,
        readAhead,
        storeAttempts,
        storeBackoff,
        attempts,
        backoff,
        readStall,
        requestTimeout);
  }
}
