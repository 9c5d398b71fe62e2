package io.safehold.activities.vsphere;

import java.util.List;

/**
 * The areas of one disk that changed since a changeId (or, for {@code "*"}, that are allocated),
 * from {@code startOffset} to the end of the disk.
 *
 * @param deviceKey the disk
 * @param startOffset where the query started
 * @param length the bytes the answer covers from {@code startOffset}: up to the end of the disk
 * @param extents the changed areas, in order, not overlapping
 */
public record DiskChanges(int deviceKey, long startOffset, long length, List<Extent> extents) {

  public DiskChanges {
    extents = List.copyOf(extents);
  }

  /** Bytes in all extents. */
  public long changedBytes() {
    long total = 0;
    for (Extent extent : extents) {
      total += extent.length();
    }
    return total;
  }

  /** {@code length} bytes from byte {@code start} of the disk. */
  public record Extent(long start, long length) {}
}
