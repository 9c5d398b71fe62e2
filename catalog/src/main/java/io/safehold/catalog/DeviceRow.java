package io.safehold.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A network device: an asset of kind {@value DeviceDao#KIND} with its connection details.
 *
 * @param hostKey the expected {@code SHA256:...} fingerprint, or the pinned one; null until pinned
 * @param tags in the order tag credentials are resolved; null is stored as no tags
 * @param createdAt set by the catalog; ignored on insert and update
 */
public record DeviceRow(
    UUID id,
    String name,
    String host,
    int port,
    String deviceType,
    UUID credentialId,
    UUID jumpHostId,
    String hostKey,
    boolean pinOnFirstUse,
    List<String> tags,
    Instant createdAt) {}
