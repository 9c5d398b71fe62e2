package io.safehold.activities.bacula;

/**
 * Figures for one director over the last {@code days} days of finished jobs in its catalog, plus
 * the jobs running now.
 *
 * @param successRate (completed + completed with warnings) / finished, 0..1; null when none
 *     finished
 */
public record BaculaDashboard(
    int days,
    int definedJobs,
    long finishedJobs,
    long completed,
    long completedWithWarnings,
    long failed,
    long cancelled,
    int running,
    Double successRate,
    long bytesBackedUp,
    long volumes,
    long pools,
    long clients) {}
