package io.safehold.activities.vsphere.transfer;

import java.util.List;

/**
 * What one disk transfer reads and what it inherits.
 *
 * @param source the disk to read
 * @param extents the byte ranges to read: changed areas since the base, allocated areas for a full
 *     backup with changed block tracking, or {@link DiskExtent#whole} without it. Every chunk that
 *     overlaps one is read; every other chunk is taken from {@code base}, or is zero when there is
 *     no base.
 * @param base the complete chunk list of the backup these extents are relative to, made with the
 *     same chunk size; empty for a full backup
 */
public record DiskTransferRequest(
    DiskSource source, List<DiskExtent> extents, List<ChunkRef> base) {

  public DiskTransferRequest {
    if (source == null) {
      throw new IllegalArgumentException("A disk transfer needs a source.");
    }
    extents = List.copyOf(extents);
    base = List.copyOf(base);
    for (DiskExtent extent : extents) {
      if (extent.end() > source.capacity()) {
        throw new IllegalArgumentException(
            "Extent "
                + extent.offset()
                + "+"
                + extent.length()
                + " reaches past the end of disk "
                + source.name()
                + " ("
                + source.capacity()
                + " bytes).");
      }
    }
  }

  /** A full backup of the whole disk, for a disk without changed block tracking. */
  public static DiskTransferRequest whole(DiskSource source) {
    return new DiskTransferRequest(source, List.of(DiskExtent.whole(source.capacity())), List.of());
  }
}
