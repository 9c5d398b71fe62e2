package io.safehold.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Samples heap use every 10 ms on a daemon thread and keeps the highest values since the last
 * reset: heap in use (live objects plus garbage not collected yet, so it depends on -Xmx and the
 * collector's pace), and heap in use right after a collection (what the program really holds).
 */
final class HeapPeak implements AutoCloseable {

  private static final double MIB = 1024.0 * 1024.0;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final List<MemoryPoolMXBean> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported())
          .toList();
  private long used;
  private long afterGc;
  private volatile boolean running = true;

  static HeapPeak start() {
    HeapPeak heap = new HeapPeak();
    Thread thread = new Thread(heap::sample, "heap-peak");
    thread.setDaemon(true);
    thread.start();
    return heap;
  }

  private void sample() {
    while (running) {
      long now = memory.getHeapMemoryUsage().getUsed();
      long collected = 0;
      for (MemoryPoolMXBean pool : heapPools) {
        collected += pool.getCollectionUsage() == null ? 0 : pool.getCollectionUsage().getUsed();
      }
      synchronized (this) {
        used = Math.max(used, now);
        afterGc = Math.max(afterGc, collected);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Collects garbage and starts a new peak from what is in use now. */
  synchronized void reset() {
    System.gc();
    used = memory.getHeapMemoryUsage().getUsed();
    afterGc = 0;
  }

  synchronized long peakMib() {
    return Math.round(used / MIB);
  }

  synchronized long peakAfterGcMib() {
    return Math.round(afterGc / MIB);
  }

  @Override
  public void close() {
    running = false;
  }
}
