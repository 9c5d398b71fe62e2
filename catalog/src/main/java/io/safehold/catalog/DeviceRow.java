package io.safehold.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A network device: an asset of kind {@value DeviceDao#KIND} with its connection details. */
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
