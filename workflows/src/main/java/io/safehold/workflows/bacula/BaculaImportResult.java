package io.safehold.workflows.bacula;

/**
 * One import cycle.
 *
 * @param seen catalog job records read after the previous watermark
 * @param imported runs newly written to the Safehold catalog (0 when all were there already)
 * @param watermark every JobId at or below it is now imported
 * @param intervalMinutes the director's import interval, read fresh each cycle
 */
public record BaculaImportResult(int seen, int imported, long watermark, int intervalMinutes) {}
