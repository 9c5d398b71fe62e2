package io.safehold.catalog;

import java.util.UUID;

/**
 * One chunk of a disk in a backup.
 *
 * @param idx position of the chunk in the disk: it starts at {@code idx * chunkSize}
 * @param sha256 lower-case hex SHA-256 of the content, which is the chunk's key in the store; null
 *     for an all-zero chunk, which is not stored
 * @param length bytes in the chunk: the chunk size, or less for a disk's last one
 */
public record BackupChunkRow(UUID runId, int diskKey, int idx, String sha256, int length) {}
