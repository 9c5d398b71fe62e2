package io.safehold.activities.vsphere.transfer;

import io.safehold.activities.storage.BackupLayout;
import io.safehold.activities.storage.ObjectStore;
import io.safehold.activities.storage.ObjectStore.ObjectStoreException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Copies one disk of a snapshot from its datastore into the backup store as content-addressed
 * chunks, resumably.
 *
 * <p>The disk is cut into fixed chunks ({@link DiskTransferOptions#chunkSize()}). A chunk that
 * overlaps a requested extent is read (one streamed ranged GET per run of such chunks), hashed
 * while it arrives, and stored with one PUT at {@link BackupLayout#chunk} carrying its SHA-256,
 * which the store verifies; unless it is all zeros (not stored), or its content is already stored
 * (known from the base or this run, or found by HEAD). Every other chunk is inherited from the base
 * list, or is zero without a base. Each finished chunk is recorded in the {@link ChunkLog} before
 * the next heartbeat, in index order.
 *
 * <p>Crash bound: a chunk's buffer returns to the pool only after the chunk is recorded, and the
 * pool holds {@code 1 + readAhead} buffers; with the default {@code readAhead = 0}, at most one
 * chunk is ever read but not recorded, so a new attempt after a crash reads at most one chunk
 * again. Heap use is those buffers, whatever the disk's size.
 *
 * <p>Threads: the calling thread stores, records and heartbeats (so a Temporal heartbeat and
 * database writes stay on the activity's thread); one reader thread per transfer fills buffers. An
 * instance may run several transfers one after the other; {@link #bytesRead()} adds them up.
 */
public final class DiskTransfer {

  private static final String CHUNK_TYPE = "application/octet-stream";

  /** Bytes read and hashed per step: small enough to hash while the next bytes arrive. */
  private static final int STEP = 256 * 1024;

  private static final byte[] ZEROS = new byte[STEP];

  /** Inherited chunks recorded per call, so a huge unchanged disk is not one giant batch. */
  private static final int INHERITED_BATCH = 4096;

  private final HttpClient http;
  private final Consumer<HttpRequest.Builder> session;
  private final ObjectStore store;
  private final DiskTransferOptions options;
  private final AtomicLong bytesRead = new AtomicLong();

  /**
   * @param http the client that reads datastore files, trusting the host's certificate
   * @param session adds the vSphere session (cookie) to each request
   * @param store where chunks go
   */
  public DiskTransfer(
      HttpClient http,
      Consumer<HttpRequest.Builder> session,
      ObjectStore store,
      DiskTransferOptions options) {
    this.http = http;
    this.session = session;
    this.store = store;
    this.options = options;
  }

  /**
   * Disk bytes this instance has read so far, live: also while a transfer runs or after it failed.
   */
  public long bytesRead() {
    return bytesRead.get();
  }

  /**
   * Transfers one disk, continuing after the chunks {@code log} already holds.
   *
   * @param heartbeat called after each recorded chunk (or batch of inherited chunks); whatever it
   *     throws stops the transfer and is rethrown
   * @throws DiskTransferException when reading or storing failed; {@link
   *     DiskTransferException#retryable()} says whether a new attempt can help
   * @throws IllegalArgumentException when the base or the log do not fit this disk and chunk size
   */
  public DiskTransferResult run(
      DiskTransferRequest request, ChunkLog log, Consumer<DiskTransferProgress> heartbeat) {
    Plan plan = new Plan(request, options.chunkSize());
    List<ChunkRef> chunks = new ArrayList<>(plan.recordedPrefix(log.load()));
    long resumed = chunks.size();
    Set<String> stored = new HashSet<>();
    for (ChunkRef chunk : request.base()) {
      if (!chunk.isZero()) {
        stored.add(chunk.sha256());
      }
    }
    for (ChunkRef chunk : chunks) {
      if (!chunk.isZero()) {
        stored.add(chunk.sha256());
      }
    }

    Counters counters = new Counters();
    counters.resumed = resumed;
    long readStart = bytesRead.get();
    Reader reader = new Reader(plan, resumed, request.source());
    Thread thread = new Thread(reader, "disk-read " + request.source().name());
    thread.setDaemon(true);
    thread.start();
    try {
      List<ChunkRef> pending = new ArrayList<>();
      for (long index = resumed; index < plan.count; index++) {
        if (!plan.toRead.get((int) index)) {
          pending.add(plan.inherited(index));
          counters.inherited++;
          if (pending.size() == INHERITED_BATCH) {
            record(log, pending, chunks, counters, heartbeat, readStart);
          }
          continue;
        }
        record(log, pending, chunks, counters, heartbeat, readStart);
        ReadChunk read = reader.next(index);
        pending.add(store(request.source(), read, stored, counters));
        record(log, pending, chunks, counters, heartbeat, readStart);
        // Only now may the reader fill this buffer again: this is what bounds the unrecorded bytes.
        reader.release(read.buffer);
      }
      record(log, pending, chunks, counters, heartbeat, readStart);
    } finally {
      reader.stop(thread);
    }
    return new DiskTransferResult(
        List.copyOf(chunks),
        bytesRead.get() - readStart,
        counters.bytesStored,
        counters.read,
        counters.stored,
        counters.deduplicated,
        counters.zero,
        counters.inherited,
        counters.resumed);
  }

  private void record(
      ChunkLog log,
      List<ChunkRef> pending,
      List<ChunkRef> chunks,
      Counters counters,
      Consumer<DiskTransferProgress> heartbeat,
      long readStart) {
    if (pending.isEmpty()) {
      return;
    }
    log.record(List.copyOf(pending));
    chunks.addAll(pending);
    pending.clear();
    ChunkRef last = chunks.get(chunks.size() - 1);
    heartbeat.accept(
        new DiskTransferProgress(
            last.index() * options.chunkSize() + last.length(),
            chunks.size(),
            bytesRead.get() - readStart,
            counters.bytesStored));
  }

  /** Stores a read chunk unless it is zero or already stored, retrying a failing store. */
  private ChunkRef store(DiskSource source, ReadChunk read, Set<String> stored, Counters counters) {
    counters.read++;
    if (read.digest == null) {
      counters.zero++;
      return ChunkRef.zero(read.index, read.length);
    }
    String sha256 = HexFormat.of().formatHex(read.digest);
    ChunkRef chunk = new ChunkRef(read.index, sha256, read.length);
    if (stored.contains(sha256)) {
      counters.deduplicated++;
      return chunk;
    }
    String key = BackupLayout.chunk(sha256);
    RuntimeException last = null;
    for (int attempt = 1; attempt <= options.storeAttempts(); attempt++) {
      try {
        if (store.exists(key)) {
          counters.deduplicated++;
        } else {
          store.putVerified(key, read.buffer, 0, read.length, read.digest, CHUNK_TYPE);
          counters.stored++;
          counters.bytesStored += read.length;
        }
        stored.add(sha256);
        return chunk;
      } catch (ObjectStoreException e) {
        if (e.permanent()) {
          throw new DiskTransferException(
              "The store refused chunk "
                  + read.index
                  + " ("
                  + key
                  + ") of disk "
                  + source.name()
                  + " at offset "
                  + read.index * options.chunkSize()
                  + ": "
                  + e.getMessage(),
              false,
              e);
        }
        last = e;
      } catch (RuntimeException e) {
        last = e;
      }
      if (attempt < options.storeAttempts()) {
        sleep(options.storeBackoff().toMillis() << (attempt - 1));
      }
    }
    throw new DiskTransferException(
        "Could not store chunk "
            + read.index
            + " ("
            + key
            + ") of disk "
            + source.name()
            + " after "
            + options.storeAttempts()
            + " tries: "
            + last.getMessage()
            + " The next attempt resumes after the last stored chunk.",
        true,
        last);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DiskTransferException("Interrupted while waiting to retry the store.", true, e);
    }
  }

  /** Which chunks to read and what the others are. */
  private static final class Plan {
    final long capacity;
    final int chunkSize;
    final long count;
    final BitSet toRead;
    final List<ChunkRef> base;

    Plan(DiskTransferRequest request, int chunkSize) {
      this.capacity = request.source().capacity();
      this.chunkSize = chunkSize;
      this.count = (capacity + chunkSize - 1) / chunkSize;
      if (count > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "Disk " + request.source().name() + " has too many chunks; use larger chunks.");
      }
      this.base = request.base();
      this.toRead = new BitSet((int) count);
      for (DiskExtent extent : request.extents()) {
        toRead.set((int) (extent.offset() / chunkSize), (int) ((extent.end() - 1) / chunkSize) + 1);
      }
      for (int i = 0; i < base.size(); i++) {
        ChunkRef chunk = base.get(i);
        if (chunk.index() != i) {
          throw new IllegalArgumentException(
              "The base chunk list of disk "
                  + request.source().name()
                  + " is not in index order at position "
                  + i
                  + ".");
        }
      }
      if (!base.isEmpty()) {
        // Chunks the base does not describe with this chunk size (the disk grew) are read.
        for (long index = 0; index < count; index++) {
          if (index >= base.size() || base.get((int) index).length() != length(index)) {
            toRead.set((int) index);
          }
        }
      }
    }

    int length(long index) {
      return (int) Math.min(chunkSize, capacity - index * chunkSize);
    }

    ChunkRef inherited(long index) {
      return base.isEmpty() ? ChunkRef.zero(index, length(index)) : base.get((int) index);
    }

    /** The log's chunks, checked to be the disk's first chunks with this chunk size. */
    List<ChunkRef> recordedPrefix(List<ChunkRef> recorded) {
      for (int i = 0; i < recorded.size(); i++) {
        ChunkRef chunk = recorded.get(i);
        if (chunk.index() != i || i >= count || chunk.length() != length(i)) {
          throw new IllegalArgumentException(
              "The chunk log does not fit this disk and chunk size at chunk "
                  + i
                  + "; it belongs to another disk or chunk size.");
        }
      }
      return recorded;
    }
  }

  /** A chunk in a pooled buffer, with its digest, or a null digest when it is all zeros. */
  private record ReadChunk(long index, byte[] buffer, int length, byte[] digest) {}

  /** Per-run counts; only the calling thread touches them. */
  private static final class Counters {
    long read;
    long stored;
    long bytesStored;
    long deduplicated;
    long zero;
    long inherited;
    long resumed;
  }

  /** The reader thread: fills pooled buffers with the chunks to read, in index order. */
  private final class Reader implements Runnable {
    private final Plan plan;
    private final long from;
    private final DiskSource source;
    private final RangedDiskReader ranged;
    private final BlockingQueue<byte[]> free;
    private final BlockingQueue<Object> ready;

    Reader(Plan plan, long from, DiskSource source) {
      this.plan = plan;
      this.from = from;
      this.source = source;
      this.ranged = new RangedDiskReader(http, session, source, options);
      int buffers = 1 + options.readAhead();
      this.free = new ArrayBlockingQueue<>(buffers);
      this.ready = new ArrayBlockingQueue<>(buffers + 1);
      for (int i = 0; i < buffers; i++) {
        free.add(new byte[options.chunkSize()]);
      }
    }

    @Override
    public void run() {
      try {
        MessageDigest digest = sha256();
        int index = plan.toRead.nextSetBit((int) from);
        while (index >= 0) {
          int spanEnd = plan.toRead.nextClearBit(index);
          long spanStart = (long) index * plan.chunkSize;
          ranged.startSpan(spanStart, Math.min(plan.capacity, (long) spanEnd * plan.chunkSize));
          for (; index < spanEnd; index++) {
            byte[] buffer = free.take();
            // Waiting for a buffer (the store was busy) is not the host stalling.
            ranged.markProgress();
            ready.put(fill(index, buffer, digest));
          }
          index = plan.toRead.nextSetBit(spanEnd);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        ready.offer(e);
      } finally {
        ranged.release();
      }
    }

    /**
     * Reads one chunk, hashing as bytes arrive; a run of leading zeros is hashed only if needed.
     */
    private ReadChunk fill(long index, byte[] buffer, MessageDigest digest) {
      int length = plan.length(index);
      digest.reset();
      boolean allZero = true;
      int filled = 0;
      while (filled < length) {
        int n = ranged.read(buffer, filled, Math.min(STEP, length - filled));
        if (allZero) {
          if (Arrays.mismatch(buffer, filled, filled + n, ZEROS, 0, n) >= 0) {
            allZero = false;
            digest.update(buffer, 0, filled + n);
          }
        } else {
          digest.update(buffer, filled, n);
        }
        filled += n;
        bytesRead.addAndGet(n);
      }
      return new ReadChunk(index, buffer, length, allZero ? null : digest.digest());
    }

    /** The next read chunk, which must be {@code index}; watches for a stalled read. */
    ReadChunk next(long index) {
      long stallNanos = options.readStall().toNanos();
      while (true) {
        Object item;
        try {
          item = ready.poll(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new DiskTransferException(
              "Interrupted while reading disk " + source.name() + ".", true, e);
        }
        if (item instanceof ReadChunk chunk) {
          if (chunk.index != index) {
            throw new IllegalStateException("Read chunk " + chunk.index + " instead of " + index);
          }
          return chunk;
        }
        if (item instanceof RuntimeException e) {
          throw e;
        }
        if (System.nanoTime() - ranged.lastProgressNanos() > stallNanos) {
          throw new DiskTransferException(
              "No byte of disk "
                  + source.name()
                  + " came from "
                  + source.host()
                  + " for "
                  + options.readStall().toSeconds()
                  + " s at offset "
                  + ranged.position()
                  + "; the host may be overloaded or gone, and the next attempt resumes after the"
                  + " last stored chunk.",
              true,
              null);
        }
      }
    }

    void release(byte[] buffer) {
      free.add(buffer);
    }

    void stop(Thread thread) {
      ranged.close();
      thread.interrupt();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "This JVM lacks SHA-256, which every Java platform must provide.", e);
    }
  }
}
