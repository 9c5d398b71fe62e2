package io.safehold.activities.vsphere.transfer;

import java.net.URI;

/**
 * Where a disk's bytes are read from: the HTTPS {@code /folder/<path>?dcPath=..&dsName=..} URL of
 * its flat file (of the snapshot being backed up), its capacity, and its name for messages.
 *
 * @param flatFileUrl the datastore file to read with HTTP {@code Range}
 * @param capacity the disk's size in bytes; a flat file shorter than this reads as zeros past its
 *     end (thin disks)
 * @param name what an operator calls the disk, e.g. {@code [LocalDS_0] DC0_H0_VM0/disk1.vmdk}
 */
public record DiskSource(URI flatFileUrl, long capacity, String name) {

  public DiskSource {
    if (flatFileUrl == null || name == null || name.isBlank()) {
      throw new IllegalArgumentException("A disk source needs a flat-file URL and a name.");
    }
    if (capacity <= 0) {
      throw new IllegalArgumentException(
          "Disk " + name + " has capacity " + capacity + "; it must be positive.");
    }
  }

  /** {@code host:port} of the URL, for messages (never the query, which is harmless anyway). */
  public String host() {
    return flatFileUrl.getPort() < 0
        ? flatFileUrl.getHost()
        : flatFileUrl.getHost() + ":" + flatFileUrl.getPort();
  }
}
