package io.safehold.workflows.netdevice;

/** A stored config version of a device. */
public record ConfigVersionRef(int version, String objectKey, long size, String sha256) {}
