package io.safehold.testbed.s3;

import io.safehold.testbed.ChildProcesses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible store for tests and the dev stack: S3Proxy on its filesystem backend, run as a
 * child process so its cloud SDKs never share our classpath.
 *
 * <p>Layout of the directory it is given: {@code s3proxy.jar} (extracted from our resources),
 * {@code s3proxy.properties} (holds the credentials; owner-only where the filesystem allows),
 * {@code s3proxy.log}, and {@code blobs/}, one folder per bucket. Starting again on the same
 * directory keeps every object.
 *
 * <p>{@link #close()} stops the process; a JVM shutdown hook stops it too, so none is orphaned when
 * the JVM exits without closing it.
 */
public final class S3ProxyProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(S3ProxyProcess.class);

  static final String JAR_RESOURCE = "s3proxy.jar.bin";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  public static final String DEFAULT_ACCESS_KEY = "safehold-local";
  public static final String DEFAULT_SECRET_KEY = "safehold-local-secret";

  private final Process process;
  private final URI endpoint;
  private final String accessKey;
  private final String secretKey;
  private final Path directory;
  private final Thread shutdownHook;

  private S3ProxyProcess(
      Process process, URI endpoint, String accessKey, String secretKey, Path directory) {
    this.process = process;
    this.endpoint = endpoint;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.directory = directory;
    this.shutdownHook = new Thread(this::stop, "s3proxy-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** {@link #start(Path, int, String, String)} with the default local credentials. */
  public static S3ProxyProcess start(Path directory, int port) {
    return start(directory, port, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY);
  }

  /**
   * Starts S3Proxy on {@code 127.0.0.1:port} and waits (at most 30 s) until it answers HTTP.
   *
   * @param directory holds the jar, the config, the log and the objects; created if missing
   * @param port 0 picks a free port
   * @throws IllegalStateException if it does not come up; the message quotes the end of its log
   */
  public static S3ProxyProcess start(Path directory, int port, String accessKey, String secretKey) {
    try {
      Files.createDirectories(directory);
      Path jar = extractJar(directory);
      Path blobs = Files.createDirectories(directory.resolve("blobs"));
      int chosenPort = port == 0 ? freePort() : requireFree(port);
      URI endpoint = URI.create("http://127.0.0.1:" + chosenPort);
      Path properties = writeProperties(directory, endpoint, blobs, accessKey, secretKey);
      Path logFile = directory.resolve("s3proxy.log");

      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process process =
          new ProcessBuilder(
                  List.of(
                      java.toString(),
                      "-Xmx256m",
                      "-jar",
                      jar.toString(),
                      "--properties",
                      properties.toString()))
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
      S3ProxyProcess proxy = new S3ProxyProcess(process, endpoint, accessKey, secretKey, directory);
      try {
        proxy.awaitReady(logFile);
      } catch (RuntimeException e) {
        proxy.close();
        throw e;
      }
      log.info("S3Proxy listening on {} with data in {}", endpoint, blobs);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not start S3Proxy in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return endpoint;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  public Path directory() {
    return directory;
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

  private void awaitReady(Path logFile) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "S3Proxy exited with code "
                + process.exitValue()
                + " at start-up. "
                + logTail(logFile));
      }
      if (answersHttp()) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for S3Proxy to start.", e);
      }
    }
    throw new IllegalStateException(
        "S3Proxy did not answer on "
            + endpoint
            + " within "
            + START_TIMEOUT.toSeconds()
            + " s. "
            + logTail(logFile));
  }

  private boolean answersHttp() {
    try {
      HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(1000);
      try {
        // Any status (403 without credentials) means the server is up.
        return connection.getResponseCode() > 0;
      } finally {
        connection.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static String logTail(Path logFile) {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      int from = Math.max(0, lines.size() - 20);
      return "Last lines of "
          + logFile
          + ":\n"
          + String.join("\n", lines.subList(from, lines.size()));
    } catch (IOException e) {
      return "See " + logFile + ".";
    }
  }

  /** Extracts the embedded jar unless an identical-size copy is already there. */
  private static Path extractJar(Path directory) throws IOException {
    Path jar = directory.resolve("s3proxy.jar");
    var resource = S3ProxyProcess.class.getResource(JAR_RESOURCE);
    if (resource == null) {
      throw new IllegalStateException(
          "The S3Proxy jar is missing from the classpath (resource io/safehold/testbed/s3/"
              + JAR_RESOURCE
              + "); build the testbed module with Maven so it is copied in.");
    }
    long expectedSize = resource.openConnection().getContentLengthLong();
    if (Files.exists(jar) && Files.size(jar) == expectedSize) {
      return jar;
    }
    Path partial = directory.resolve("s3proxy.jar.partial");
    try (InputStream in = resource.openStream()) {
      Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return jar;
  }

  private static Path writeProperties(
      Path directory, URI endpoint, Path blobs, String accessKey, String secretKey)
      throws IOException {
    Properties properties = new Properties();
    properties.setProperty("s3proxy.endpoint", endpoint.toString());
    properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    properties.setProperty("s3proxy.identity", accessKey);
    properties.setProperty("s3proxy.credential", secretKey);
    // The SDK sends headers S3Proxy does not know (e.g. x-amz-sdk-checksum-algorithm).
    properties.setProperty("s3proxy.ignore-unknown-headers", "true");
    properties.setProperty("jclouds.provider", "filesystem");
    properties.setProperty("jclouds.filesystem.basedir", blobs.toString());
    Path file = directory.resolve("s3proxy.properties");
    Files.deleteIfExists(file);
    Files.createFile(file);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX filesystem; the data directory's own permissions have to do.
    }
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      properties.store(writer, "Written by Safehold at each start; edits are overwritten.");
    }
    return file;
  }

  /** Refuses a busy port up front, so an old server there is not mistaken for the new one. */
  private static int requireFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Port "
              + port
              + " on 127.0.0.1 is already in use, so S3Proxy cannot listen there; stop what uses"
              + " it or choose another port.",
          e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
