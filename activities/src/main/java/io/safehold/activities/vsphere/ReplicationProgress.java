package io.safehold.activities.vsphere;

/**
 * What a replication reports with each heartbeat: counters only. A retry of the same replication
 * reads it back, skips the manifest entries an earlier attempt finished and carries the counters
 * on; entries after that point are checked on the target again (HEAD), so a heartbeat the server
 * did not record costs a few requests, never a missing object.
 *
 * @param entries objects the manifest names (a chunk shared by several offsets counts each time),
 *     the manifest itself not included
 * @param entriesDone manifest entries finished, in manifest order
 * @param objectsCopied objects written to the target so far
 * @param objectsPresent objects found already on the target so far
 * @param bytesCopied bytes written to the target so far
 */
public record ReplicationProgress(
    long entries, long entriesDone, long objectsCopied, long objectsPresent, long bytesCopied) {

  static final ReplicationProgress NONE = new ReplicationProgress(0, 0, 0, 0, 0);
}
