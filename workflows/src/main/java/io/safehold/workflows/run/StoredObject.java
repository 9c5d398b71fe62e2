package io.safehold.workflows.run;

/** An object written to the backup store: its key, its size in bytes and the hex SHA-256 of its bytes. */
public record StoredObject(String key, long size, String sha256) {}
