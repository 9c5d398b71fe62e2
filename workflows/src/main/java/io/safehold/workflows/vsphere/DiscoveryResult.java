package io.safehold.workflows.vsphere;

/**
 * What a discovery changed in the catalog.
 *
 * @param found VMs the vCenter reported
 * @param added VMs new to the catalog
 * @param updated VMs already known whose name, disks, power or CBT state changed
 * @param gone VMs the catalog knew that the vCenter no longer has (kept, marked removed)
 */
public record DiscoveryResult(int found, int added, int updated, int gone) {}
