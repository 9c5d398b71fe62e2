package io.safehold.activities.vsphere;

/**
 * One virtual disk of a VM or of a snapshot's configuration.
 *
 * @param key the device key, stable for the disk's life; CBT queries name the disk by it
 * @param label what the vSphere client shows, e.g. {@code Hard disk 1}
 * @param capacityBytes the disk's size
 * @param file the backing descriptor, e.g. {@code [LocalDS_0] DC0_H0_VM0/disk1.vmdk}
 * @param changeId the backing's CBT changeId, or null when tracking has not given one yet
 */
public record VmDisk(
    int key, String label, long capacityBytes, DatastorePath file, String changeId) {

  /** The datastore holding the disk. */
  public String datastore() {
    return file.datastore();
  }
}
