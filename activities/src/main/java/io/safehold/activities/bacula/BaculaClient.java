package io.safehold.activities.bacula;

/** A file daemon as the catalog knows it ({@code list clients}); retentions in seconds. */
public record BaculaClient(
    long clientId, String name, long fileRetentionSeconds, long jobRetentionSeconds) {}
