package io.safehold.workflows.vsphere;

/**
 * One virtual disk as the snapshot froze it.
 *
 * @param key the device key vSphere gives the disk (stable for the VM's life)
 * @param fileName datastore path of the disk's descriptor, e.g. {@code [LocalDS_0] vm/disk1.vmdk}
 * @param changeId the CBT change id the snapshot handed out for this disk, null when CBT is off
 */
public record VmDisk(int key, String label, long capacityBytes, String fileName, String changeId) {}
