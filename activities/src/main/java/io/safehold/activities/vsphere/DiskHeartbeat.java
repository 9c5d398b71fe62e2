package io.safehold.activities.vsphere;

/**
 * What a disk read reports with each heartbeat: small numbers only. A retry reads it back to carry
 * the counters across attempts; where to resume comes from the chunk log, not from here.
 *
 * @param nextOffset disk offset up to which every chunk is recorded; the chunk starting here was
 *     being read
 * @param chunksDone chunks recorded so far
 * @param bytesRead disk bytes read by every attempt so far
 * @param bytesReread bytes read again because an attempt stopped mid-chunk
 * @param bytesStored bytes newly stored by every attempt so far
 */
public record DiskHeartbeat(
    long nextOffset, long chunksDone, long bytesRead, long bytesReread, long bytesStored) {

  static final DiskHeartbeat NONE = new DiskHeartbeat(0, 0, 0, 0, 0);
}
