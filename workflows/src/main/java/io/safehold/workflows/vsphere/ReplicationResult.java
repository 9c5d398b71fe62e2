package io.safehold.workflows.vsphere;

/**
 * What copying one backup to one secondary target did.
 *
 * @param objectsCopied objects written to the target (chunks, config files, the manifest)
 * @param objectsPresent objects the target already held with the same SHA-256, not copied again
 * @param bytesCopied bytes written to the target
 */
public record ReplicationResult(
    String target, long objectsCopied, long objectsPresent, long bytesCopied) {}
