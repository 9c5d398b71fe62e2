package io.safehold.activities.vsphere;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies what is written to {@code System.err} (where the test binding slf4j-simple logs) while it
 * is open, so a test can check what the client logged.
 */
final class StderrCapture implements AutoCloseable {

  private final PrintStream original = System.err;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

  private StderrCapture() {
    OutputStream tee =
        new OutputStream() {
          @Override
          public void write(int b) {
            original.write(b);
            copy.write(b);
          }

          @Override
          public void write(byte[] bytes, int offset, int length) {
            original.write(bytes, offset, length);
            copy.write(bytes, offset, length);
          }
        };
    System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
  }

  /**
   * Turns on debug logging of this package; call from a test class's static initializer, before the
   * client's classes create their loggers.
   */
  static void debugThisPackage() {
    System.setProperty("org.slf4j.simpleLogger.log.io.safehold.activities.vsphere", "debug");
  }

  static StderrCapture start() {
    return new StderrCapture();
  }

  String text() {
    System.err.flush();
    return copy.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
