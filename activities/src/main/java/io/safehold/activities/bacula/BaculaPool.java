package io.safehold.activities.bacula;

/** A pool as the catalog knows it ({@code list pools}); the resource itself is config-defined. */
public record BaculaPool(
    long poolId,
    String name,
    String poolType,
    long volumes,
    long maxVolumes,
    long maxVolumeBytes,
    long volumeRetentionSeconds,
    boolean enabled,
    String labelFormat) {}
