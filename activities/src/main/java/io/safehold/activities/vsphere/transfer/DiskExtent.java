package io.safehold.activities.vsphere.transfer;

/**
 * A byte range of a disk that must be read: a changed area reported by changed block tracking, an
 * allocated area ({@code changeId="*"}), or the whole disk when tracking is off.
 *
 * @param offset first byte
 * @param length bytes, positive
 */
public record DiskExtent(long offset, long length) {

  public DiskExtent {
    if (offset < 0 || length <= 0) {
      throw new IllegalArgumentException(
          "A disk extent needs offset >= 0 and length > 0, not " + offset + "+" + length + ".");
    }
  }

  /** The whole disk, for a full backup without changed block tracking. */
  public static DiskExtent whole(long capacity) {
    return new DiskExtent(0, capacity);
  }

  /** One past the last byte. */
  public long end() {
    return offset + length;
  }
}
