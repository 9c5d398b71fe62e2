package io.safehold.testbed.vcsim;

import io.safehold.testbed.ChildProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VMware's vCenter simulator (our {@code testbed/vcsim} binary, with changed block tracking) as a
 * child process on a loopback port, for tests, benchmarks and the dev stack.
 *
 * <p>The binary prints {@code KEY=VALUE} lines once it listens; this class reads them. The default
 * inventory has the VMs {@code DC0_H0_VM0} and {@code DC0_H0_VM1}, each with one thin disk whose
 * bytes are {@link #flatFile(String)}: empty until a harness writes into it (see {@link
 * DiskContent}). {@link #close()} stops the process (it removes its datastore directories); a JVM
 * shutdown hook does the same if nobody closes it.
 */
public final class VcsimProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(VcsimProcess.class);

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

  /** Name of the datacenter in the default inventory ({@code dcPath} in {@code /folder} URLs). */
  public static final String DATACENTER = "DC0";

  private final Process process;
  private final Map<String, String> facts;
  private final String username;
  private final String password;
  private final Thread shutdownHook;

  private VcsimProcess(Process process, Map<String, String> facts, String username, String password) {
    this.process = process;
    this.facts = facts;
    this.username = username;
    this.password = password;
    this.shutdownHook = new Thread(this::stop, "vcsim-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** How to start it; see testbed/vcsim/README.md for what each flag does. */
  public record Options(String username, String password, int port, int vmsPerPool, int diskMib) {

    /** A fresh random password each time, so no fixed secret stands in the code. */
    public static Options defaults() {
      return new Options("safehold", UUID.randomUUID().toString(), 0, 2, 64);
    }

    public Options withDiskMib(int mib) {
      return new Options(username, password, port, vmsPerPool, mib);
    }

    public Options withPort(int chosen) {
      return new Options(username, password, chosen, vmsPerPool, diskMib);
    }

    public Options withVms(int perPool) {
      return new Options(username, password, port, perPool, diskMib);
    }

    public Options withCredentials(String user, String pass) {
      return new Options(user, pass, port, vmsPerPool, diskMib);
    }
  }

  /** Builds the binary if needed ({@link #binary()}) and starts it. */
  public static VcsimProcess start(Options options) {
    return start(binary(), options);
  }

  /**
   * Starts {@code binary} and waits (at most 20 s) for {@code VCSIM_READY=1}.
   *
   * @throws IllegalStateException if it exits or stays silent; the message quotes its stderr
   */
  public static VcsimProcess start(Path binary, Options options) {
    List<String> command =
        List.of(
            binary.toString(),
            "-port", Integer.toString(options.port()),
            "-username", options.username(),
            "-vm", Integer.toString(options.vmsPerPool()),
            "-disk-mib", Integer.toString(options.diskMib()));
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE);
      // In the environment rather than on the command line, where every local user could read it.
      builder.environment().put("VCSIM_PASSWORD", options.password());
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start vcsim from " + binary + ": " + e.getMessage(), e);
    }
    StderrTail stderr = StderrTail.follow(process);
    BlockingQueue<String> lines = new ArrayBlockingQueue<>(64);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  lines.offer(line);
                }
              } catch (IOException e) {
                // The process ended; the waiting side notices.
              }
            },
            "vcsim-stdout");
    reader.setDaemon(true);
    reader.start();

    Map<String, String> facts = new HashMap<>();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try {
      while (!"1".equals(facts.get("VCSIM_READY"))) {
        long left = deadline - System.nanoTime();
        String line = left <= 0 ? null : lines.poll(Math.min(left, 200_000_000L), TimeUnit.NANOSECONDS);
        if (line != null) {
          int eq = line.indexOf('=');
          if (eq > 0) {
            facts.put(line.substring(0, eq), line.substring(eq + 1));
          }
          continue;
        }
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "vcsim exited with code " + process.exitValue() + " at start-up: " + stderr.text());
        }
        if (System.nanoTime() >= deadline) {
          process.destroyForcibly();
          throw new IllegalStateException(
              "vcsim did not report ready within " + START_TIMEOUT.toSeconds() + " s: " + stderr.text());
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for vcsim to start.", e);
    }
    VcsimProcess vcsim = new VcsimProcess(process, Map.copyOf(facts), options.username(), options.password());
    log.info("vcsim listening on {} with datastore {}", vcsim.sdkUrl(), vcsim.datastoreDir());
    return vcsim;
  }

  /**
   * The vcsim binary, built by {@code testbed/vcsim/build.sh} when it is missing or older than its
   * sources (the script installs Go from apt when run as root). The system property {@code
   * safehold.vcsim} or the environment variable {@code SAFEHOLD_VCSIM} names a prebuilt binary
   * instead.
   */
  public static synchronized Path binary() {
    String given = System.getProperty("safehold.vcsim", System.getenv("SAFEHOLD_VCSIM"));
    if (given != null && !given.isBlank()) {
      return Path.of(given);
    }
    Path dir = sourceDirectory();
    Path script = dir.resolve("build.sh");
    try {
      Process build =
          new ProcessBuilder("bash", script.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(buildLog(dir).toFile()))
              .start();
      if (!build.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        build.destroyForcibly();
        throw new IllegalStateException("Building vcsim took longer than " + BUILD_TIMEOUT.toMinutes() + " min; see " + buildLog(dir));
      }
      if (build.exitValue() != 0) {
        throw new IllegalStateException(
            "Building vcsim failed (" + script + " exited " + build.exitValue() + "); see " + buildLog(dir));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while building vcsim.", e);
    }
    return dir.resolve("target").resolve("vcsim");
  }

  /** True when {@code testbed/vcsim/target/vcsim} exists under the working directory's checkout. */
  public static boolean isBuilt() {
    Path dir = findSourceDirectory();
    return dir != null && Files.isExecutable(dir.resolve("target").resolve("vcsim"));
  }

  /** {@code https://127.0.0.1:PORT/sdk}. */
  public URI sdkUrl() {
    return URI.create(facts.get("VCSIM_URL"));
  }

  /** SHA-1 thumbprint of its TLS certificate, colon-separated hex, as vSphere shows it. */
  public String thumbprint() {
    return facts.get("VCSIM_THUMBPRINT");
  }

  /** SHA-256 thumbprint of its TLS certificate, colon-separated hex. */
  public String thumbprintSha256() {
    return facts.get("VCSIM_THUMBPRINT_SHA256");
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  /** Name of the first datastore, e.g. {@code LocalDS_0}. */
  public String datastoreName() {
    return facts.get("VCSIM_DATASTORE");
  }

  /** Directory on this machine that holds the first datastore's files. */
  public Path datastoreDir() {
    return Path.of(facts.get("VCSIM_DATASTORE_DIR"));
  }

  /** The flat file that holds the bytes of {@code vmName}'s first disk. */
  public Path flatFile(String vmName) {
    return datastoreDir().resolve(vmName).resolve("disk1-flat.vmdk");
  }

  /** {@code /folder} URL of a datastore path such as {@code DC0_H0_VM0/disk1-flat.vmdk}. */
  public URI folderUrl(String datastorePath) {
    URI sdk = sdkUrl();
    String query =
        "dcPath=" + encode(DATACENTER) + "&dsName=" + encode(datastoreName());
    return URI.create(
        sdk.getScheme() + "://" + sdk.getAuthority() + "/folder/" + datastorePath + "?" + query);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook runs anyway and stop() is idempotent.
    }
  }

  private void stop() {
    ChildProcesses.stop(process, STOP_GRACE);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Path buildLog(Path dir) throws IOException {
    Path target = Files.createDirectories(dir.resolve("target"));
    return target.resolve("build.log");
  }

  private static Path sourceDirectory() {
    Path dir = findSourceDirectory();
    if (dir == null) {
      throw new IllegalStateException(
          "Cannot find testbed/vcsim/build.sh above " + Path.of("").toAbsolutePath()
              + "; run from a Safehold checkout or set -Dsafehold.vcsim=/path/to/vcsim.");
    }
    return dir;
  }

  private static Path findSourceDirectory() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("testbed").resolve("vcsim");
      if (Files.isRegularFile(candidate.resolve("build.sh"))) {
        return candidate;
      }
    }
    return null;
  }

  /** Keeps the last lines the process wrote to stderr, for error messages. */
  private static final class StderrTail {
    private final List<String> lines = new ArrayList<>();

    static StderrTail follow(Process process) {
      StderrTail tail = new StderrTail();
      Thread thread =
          new Thread(
              () -> {
                try (BufferedReader err =
                    new BufferedReader(
                        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = err.readLine()) != null) {
                    tail.add(line);
                  }
                } catch (IOException e) {
                  // The process ended.
                }
              },
              "vcsim-stderr");
      thread.setDaemon(true);
      thread.start();
      return tail;
    }

    private synchronized void add(String line) {
      lines.add(line);
      if (lines.size() > 20) {
        lines.remove(0);
      }
    }

    synchronized String text() {
      return lines.isEmpty() ? "(nothing on stderr)" : String.join("\n", lines);
    }
  }
}
