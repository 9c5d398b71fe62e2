package io.safehold.activities.vsphere.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A {@link ChunkLog} in memory, for tests (production keeps it in PostgreSQL). It checks the
 * engine's promise (consecutive chunks in index order) and can fail a record, as a worker that dies
 * between storing a chunk and recording it would.
 */
final class InMemoryChunkLog implements ChunkLog {

  private final List<ChunkRef> recorded = new ArrayList<>();
  private Predicate<ChunkRef> failBefore = chunk -> false;

  /** The next record that contains a chunk matching {@code when} fails and records nothing. */
  void failOnce(Predicate<ChunkRef> when) {
    failBefore = when;
  }

  @Override
  public synchronized List<ChunkRef> load() {
    return List.copyOf(recorded);
  }

  @Override
  public synchronized void record(List<ChunkRef> chunks) {
    if (chunks.stream().anyMatch(failBefore)) {
      failBefore = chunk -> false;
      throw new IllegalStateException("worker killed before recording " + chunks);
    }
    for (ChunkRef chunk : chunks) {
      if (chunk.index() != recorded.size()) {
        throw new AssertionError("chunk " + chunk.index() + " recorded after " + recorded.size());
      }
      recorded.add(chunk);
    }
  }
}
