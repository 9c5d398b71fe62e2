package io.safehold.activities.bacula;

/**
 * A volume ({@code list volumes}): a catalog Media record.
 *
 * @param expiresInSeconds seconds until its retention ends, as Bacula computes it (0 when it never
 *     held data or already expired)
 * @param lastWritten as the director prints it, in its local time; "0" when never written
 */
public record BaculaVolume(
    long mediaId,
    String name,
    String pool,
    String status,
    boolean enabled,
    long bytes,
    long retentionSeconds,
    boolean recycle,
    String mediaType,
    String lastWritten,
    long expiresInSeconds) {}
