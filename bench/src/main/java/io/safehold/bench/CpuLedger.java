package io.safehold.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the CPU went between {@link #start()} and {@link #stop()}: this JVM's threads, grouped by
 * name with numbers stripped (so the forty {@code sshd-...-nio2-thread-N} count as one), and the
 * child processes (S3Proxy, vcsim) and the processes run from a given directory with theirs
 * (embedded PostgreSQL, which detaches from this JVM), from {@code /proc}. With every part of a
 * benchmark on one small machine, this says what the machine's cores were spent on, including the
 * parts that are not Safehold (the emulated devices, the store).
 *
 * <p>Threads that start and end inside the window are missed; the pools that matter here live
 * across it, and {@link #stop()} reports the JVM's total beside the sum so the gap is visible.
 */
final class CpuLedger {

  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final long CLOCK_TICK_NANOS = 10_000_000; // USER_HZ is 100 on Linux

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final List<Path> alsoUnder;
  private Map<Long, Long> threadStart;
  private Map<Long, Long> processStart;
  private long jvmStart;

  /** What a group of threads or processes used, in CPU nanoseconds. */
  record Share(String name, long nanos) {}

  /** The window's spending, largest first; {@code jvmNanos} is this JVM's total for the window. */
  record Spending(long jvmNanos, List<Share> threadGroups, List<Share> processes) {
    long totalNanos() {
      return jvmNanos + processes.stream().mapToLong(Share::nanos).sum();
    }
  }

  private CpuLedger(List<Path> alsoUnder) {
    this.alsoUnder = alsoUnder;
  }

  /**
   * @param alsoUnder directories whose programs count too, with their children, although they are
   *     not this JVM's descendants
   */
  static CpuLedger start(Path... alsoUnder) {
    CpuLedger ledger = new CpuLedger(List.of(alsoUnder));
    ledger.threadStart = ledger.threadTimes();
    ledger.processStart = ledger.processTimes();
    ledger.jvmStart = ledger.os.getProcessCpuTime();
    return ledger;
  }

  Spending stop() {
    long jvm = os.getProcessCpuTime() - jvmStart;
    Map<String, Long> groups = new HashMap<>();
    Map<Long, String> names = threadNames();
    threadTimes()
        .forEach(
            (id, nanos) -> {
              long used = nanos - threadStart.getOrDefault(id, 0L);
              groups.merge(DIGITS.matcher(names.getOrDefault(id, "?")).replaceAll("N"), used, Long::sum);
            });
    Map<String, Long> processes = new HashMap<>();
    Map<Long, Long> now = processTimes();
    now.forEach(
        (pid, nanos) ->
            processes.merge(command(pid), nanos - processStart.getOrDefault(pid, 0L), Long::sum));
    return new Spending(jvm, sorted(groups), sorted(processes));
  }

  private static List<Share> sorted(Map<String, Long> byName) {
    List<Share> shares = new ArrayList<>();
    byName.forEach((name, nanos) -> shares.add(new Share(name, nanos)));
    shares.sort((a, b) -> Long.compare(b.nanos(), a.nanos()));
    return shares;
  }

  private Map<Long, Long> threadTimes() {
    Map<Long, Long> times = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long nanos = threads.getThreadCpuTime(id);
      if (nanos >= 0) {
        times.put(id, nanos);
      }
    }
    return times;
  }

  private Map<Long, String> threadNames() {
    Map<Long, String> names = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null) {
        names.put(info.getThreadId(), info.getThreadName());
      }
    }
    return names;
  }

  /** CPU time of every counted process, with the time of its own reaped children. */
  private Map<Long, Long> processTimes() {
    Map<Long, Long> times = new HashMap<>();
    Stream.concat(
            ProcessHandle.current().descendants(),
            ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(this::counted).orElse(false))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants())))
        .forEach(
            p -> {
              try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                // Fields after the command name (which may hold spaces) in parentheses.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks =
                    Long.parseLong(f[11])
                        + Long.parseLong(f[12])
                        + Long.parseLong(f[13])
                        + Long.parseLong(f[14]);
                times.put(p.pid(), ticks * CLOCK_TICK_NANOS);
              } catch (IOException | RuntimeException e) {
                // The process ended between listing and reading: its time is lost to the ledger.
              }
            });
    return times;
  }

  private boolean counted(String command) {
    return alsoUnder.stream().anyMatch(dir -> Path.of(command).startsWith(dir));
  }

  private static String command(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(p -> p.info().command())
        .map(c -> Path.of(c).getFileName().toString())
        .orElse("pid " + pid);
  }
}
