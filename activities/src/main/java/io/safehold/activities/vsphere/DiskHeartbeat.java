package io.safehold.activities.vsphere;

/**
 * What a disk read reports with each heartbeat: small numbers only. A retry reads it back to carry
 * the counters across attempts; where to resume comes from the chunk log, not from here.
 *
 * @param nextOffset disk offset up to which every chunk is recorded; the chunk starting here was
 *     being read
 * @param chunksDone chunks recorded so far
 * @param bytesRead disk bytes of the chunks read so far, by this attempt and the ones before
 * @param bytesReread at most what was read again because an attempt stopped mid-chunk (the whole
 *     chunk it was reading is counted)
 * @param bytesStored bytes newly stored so far (an interrupted attempt's, as of its last
 *     heartbeat)
 */
public record DiskHeartbeat(
    long nextOffset, long chunksDone, long bytesRead, long bytesReread, long bytesStored) {

  static final DiskHeartbeat NONE = new DiskHeartbeat(0, 0, 0, 0, 0);
}
