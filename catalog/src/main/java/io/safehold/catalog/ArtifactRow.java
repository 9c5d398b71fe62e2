package io.safehold.catalog;

import java.util.UUID;

public record ArtifactRow(UUID runId, String objectKey, long size, String sha256) {}
