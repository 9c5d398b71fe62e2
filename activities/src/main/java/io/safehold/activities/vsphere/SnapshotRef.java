package io.safehold.activities.vsphere;

/**
 * One snapshot of a VM's snapshot tree, as the cleanup and the catalog see it.
 *
 * @param moref the snapshot's managed object id
 * @param name its name, e.g. the one Safehold gave it
 * @param description its description, empty when none
 * @param createTime when vSphere took it, ISO-8601 as vSphere answered it
 * @param parentMoref the snapshot it was taken on top of, or null for a root snapshot
 */
public record SnapshotRef(
    String moref, String name, String description, String createTime, String parentMoref) {}
