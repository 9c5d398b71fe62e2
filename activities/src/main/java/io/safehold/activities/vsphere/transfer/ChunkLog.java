package io.safehold.activities.vsphere.transfer;

import java.util.List;

/**
 * The durable record of one disk's transfer in one run: the chunks finished so far, so an attempt
 * that starts after a crash continues where the last one stopped instead of starting again.
 *
 * <p>An instance belongs to one run and one disk. {@link DiskTransfer} records chunks strictly in
 * index order and only after the chunk is safely in the store (or is known not to need storing), so
 * what is recorded is always a prefix {@code 0..n-1} of the disk and every recorded hash names an
 * object that exists. The production implementation is a table {@code backup_chunks(run_id,
 * disk_key, idx, sha256 null-for-zero, length)}.
 */
public interface ChunkLog {

  /** The chunks recorded for this run and disk, in index order; empty for a first attempt. */
  List<ChunkRef> load();

  /**
   * Durably records finished chunks (consecutive, in index order, following the ones recorded
   * before). When this returns, a crash must not lose them. Recording a chunk already recorded with
   * the same content is harmless.
   */
  void record(List<ChunkRef> chunks);
}
