package io.safehold.activities.bacula;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bconsole -n -c <config>} on this host as a child process (an argument list, never a
 * shell), writes the commands to its standard input and reads its output, capped at {@link
 * #MAX_OUTPUT_BYTES}, until it exits or {@code timeout} passes.
 */
public final class LocalBconsole implements BconsoleTransport {

  /** Debian's location; {@code bconsole} is in /usr/sbin, often not on a service's PATH. */
  public static final Path DEFAULT_BINARY = Path.of("/usr/sbin/bconsole");

  /** What one session may print; `llist jobs` of a large catalog fits, a runaway does not. */
  static final int MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

  private final Path binary;
  private final Path config;
  private final Duration timeout;

  public LocalBconsole(Path binary, Path config, Duration timeout) {
    this.binary = Objects.requireNonNull(binary);
    this.config = Objects.requireNonNull(config);
    this.timeout = Objects.requireNonNull(timeout);
  }

  @Override
  public String run(List<String> commands) throws BaculaException {
    if (!Files.isReadable(config)) {
      throw new BaculaException(
          BaculaException.Kind.UNAVAILABLE,
          "The bconsole config " + config + " does not exist or is not readable on this host.");
    }
    Process process;
    try {
      process =
          new ProcessBuilder(binary.toString(), "-n", "-c", config.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new BaculaException(
          BaculaException.Kind.UNAVAILABLE,
          "Could not start " + binary + " (is bacula-console installed?): " + e.getMessage(),
          e);
    }
    OutputCollector output = new OutputCollector(process.getInputStream());
    Thread reader = new Thread(output, "bconsole-output");
    reader.setDaemon(true);
    reader.start();
    try {
      try (OutputStream in = process.getOutputStream()) {
        in.write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // bconsole exited before reading its input (e.g. it could not connect): its output says
        // why.
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new BaculaException(
            BaculaException.Kind.UNAVAILABLE,
            describe() + " did not finish within " + timeout.toSeconds() + " s.");
      }
      reader.join(TimeUnit.SECONDS.toMillis(5));
      if (output.overflowed()) {
        throw new BaculaException(
            BaculaException.Kind.FAILED,
            describe() + " printed more than " + MAX_OUTPUT_BYTES / (1024 * 1024) + " MiB.");
      }
      return output.text();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BaculaException(
          BaculaException.Kind.UNAVAILABLE, "Interrupted while waiting for bconsole.", e);
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  @Override
  public String describe() {
    return "bconsole on this host (" + config + ")";
  }

  /** Reads a stream to its end, keeping at most {@link #MAX_OUTPUT_BYTES}. */
  private static final class OutputCollector implements Runnable {
    private final InputStream in;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private volatile boolean overflowed;

    OutputCollector(InputStream in) {
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[16 * 1024];
      try (in) {
        int read;
        while ((read = in.read(buffer)) >= 0) {
          synchronized (bytes) {
            if (bytes.size() + read > MAX_OUTPUT_BYTES) {
              overflowed = true;
              continue;
            }
            bytes.write(buffer, 0, read);
          }
        }
      } catch (IOException e) {
        // The process was killed; what was read so far is all there is.
      }
    }

    boolean overflowed() {
      return overflowed;
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
