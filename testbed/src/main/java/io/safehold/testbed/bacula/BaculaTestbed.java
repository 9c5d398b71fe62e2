package io.safehold.testbed.bacula;

import io.safehold.testbed.ChildProcesses;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Bacula 9.6 installation for tests: Debian's {@code bacula-dir}, {@code bacula-sd} and
 * {@code bacula-fd} run in the foreground as child processes on free loopback ports, with a fresh
 * SQLite catalog, a file storage device and every config file in one directory of their own.
 *
 * <p>Jobs it defines: {@link #BACKUP_JOB} saves {@link #source()}; {@link #MISSING_PATH_JOB} names
 * a path that does not exist and ends {@code T} with {@code JobErrors=1} ("Backup OK -- with
 * warnings"); {@link #SLOW_JOB} sends 4 MiB of random bytes at 32 kB/s, so it runs about two
 * minutes and can be cancelled; {@link #RESTORE_JOB} restores into {@link #restoreTarget()}. Pools:
 * {@code Default} (the jobs' pool, volumes labelled automatically), {@code Labelled} (for labelling
 * by hand) and {@code Spare} (never used). See {@code testbed/bacula/README.md}.
 *
 * <p>Started as root, the daemons drop to the {@code bacula} user the Debian package creates
 * ({@code -u bacula -g bacula}) and the directory is handed to that user; started as anyone else
 * they simply run as that user. {@link #close()} stops all three and deletes the directory; a JVM
 * shutdown hook stops them too, so none is orphaned.
 */
public final class BaculaTestbed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BaculaTestbed.class);

  public static final String DIRECTOR_NAME = "safehold-dir";
  public static final String CLIENT_NAME = "safehold-fd";
  public static final String STORAGE_NAME = "FileStorage";
  public static final String BACKUP_JOB = "BackupSource";
  public static final String MISSING_PATH_JOB = "BackupMissing";
  public static final String SLOW_JOB = "BackupSlow";
  public static final String RESTORE_JOB = "RestoreFiles";
  public static final String BACKUP_POOL = "Default";
  public static final String LABEL_POOL = "Labelled";
  public static final String SPARE_POOL = "Spare";

  static final Path DIRECTOR = Path.of("/usr/sbin/bacula-dir");
  static final Path STORAGE_DAEMON = Path.of("/usr/sbin/bacula-sd");
  static final Path FILE_DAEMON = Path.of("/usr/sbin/bacula-fd");
  static final Path BCONSOLE = Path.of("/usr/sbin/bconsole");
  static final Path SQLITE = Path.of("/usr/bin/sqlite3");

  /** Debian ships the SQLite schema twice: plain SQL for dbconfig, and inside a shell script. */
  private static final Path SCHEMA_SQL =
      Path.of("/usr/share/dbconfig-common/data/bacula-director-sqlite3/install/sqlite3");

  private static final Path SCHEMA_SCRIPT =
      Path.of("/usr/share/bacula-director/make_sqlite3_tables");
  private static final String DAEMON_USER = "bacula";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final int SLOW_JOB_BYTES = 4 * 1024 * 1024;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");

  private final Path directory;
  private final int directorPort;
  private final List<Daemon> daemons = new ArrayList<>();
  private final Thread shutdownHook;

  private record Daemon(String name, Process process, int port) {}

  private BaculaTestbed(Path directory, int directorPort) {
    this.directory = directory;
    this.directorPort = directorPort;
    this.shutdownHook = new Thread(this::stopDaemons, "bacula-testbed-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Whether the Debian packages this testbed needs are installed ({@code bacula-director}, {@code
   * bacula-director-sqlite3}, {@code bacula-sd}, {@code bacula-fd}, {@code bacula-console}, {@code
   * sqlite3}); tests skip with this when they are not.
   */
  public static boolean installed() {
    return Files.isExecutable(DIRECTOR)
        && Files.isExecutable(STORAGE_DAEMON)
        && Files.isExecutable(FILE_DAEMON)
        && Files.isExecutable(BCONSOLE)
        && Files.isExecutable(SQLITE)
        && (Files.isReadable(SCHEMA_SQL) || Files.isReadable(SCHEMA_SCRIPT));
  }

  /**
   * Writes the configs into a new temporary directory, creates the catalog, starts the three
   * daemons and waits (at most 30 s) until each listens on its port.
   *
   * @throws IllegalStateException if Bacula is not installed or a daemon does not come up; the
   *     message quotes the end of that daemon's output
   */
  public static BaculaTestbed start() {
    if (!installed()) {
      throw new IllegalStateException(
          "Bacula is not installed; run `apt-get install -y bacula-director bacula-director-sqlite3"
              + " bacula-sd bacula-fd bacula-console sqlite3` (as .ci/run does).");
    }
    Path directory;
    try {
      // Under the system temp dir (mode 1777), so the bacula user can reach it; a JUnit @TempDir
      // is private to its owner.
      directory = Files.createTempDirectory("safehold-bacula-");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a directory for Bacula: " + e, e);
    }
    try {
      return startIn(directory);
    } catch (RuntimeException e) {
      deleteTree(directory);
      throw e;
    }
  }

  private static BaculaTestbed startIn(Path directory) {
    try {
      for (String sub : List.of("working", "logs", "volumes", "source", "restore", "slow")) {
        Files.createDirectories(directory.resolve(sub));
      }
      writeRandomFile(directory.resolve("slow").resolve("random.bin"), SLOW_JOB_BYTES);
      Files.writeString(directory.resolve("query.sql"), "");
      int dirPort = freePort();
      int sdPort = freePort();
      int fdPort = freePort();
      Map<String, String> values = new LinkedHashMap<>();
      values.put("WORK", directory.toString());
      values.put("DIRECTOR_NAME", DIRECTOR_NAME);
      values.put("CLIENT_NAME", CLIENT_NAME);
      values.put("STORAGE_NAME", STORAGE_NAME);
      values.put("SD_NAME", "safehold-sd");
      values.put("DIR_PORT", Integer.toString(dirPort));
      values.put("SD_PORT", Integer.toString(sdPort));
      values.put("FD_PORT", Integer.toString(fdPort));
      values.put("CONSOLE_PASSWORD", randomPassword());
      values.put("SD_PASSWORD", randomPassword());
      values.put("FD_PASSWORD", randomPassword());
      values.put("SOURCE", directory.resolve("source").toString());
      values.put("MISSING", directory.resolve("missing-path").toString());
      values.put("SLOW_SOURCE", directory.resolve("slow").toString());
      values.put("RESTORE", directory.resolve("restore").toString());
      values.put("VOLUMES", directory.resolve("volumes").toString());
      values.put("BACKUP_JOB", BACKUP_JOB);
      values.put("MISSING_PATH_JOB", MISSING_PATH_JOB);
      values.put("SLOW_JOB", SLOW_JOB);
      values.put("RESTORE_JOB", RESTORE_JOB);
      for (String name : List.of("bacula-dir.conf", "bacula-sd.conf", "bacula-fd.conf")) {
        writeConfig(directory, name, values, "rw-r-----");
      }
      // Read by bconsole, which runs as the caller, never as the daemon user.
      writeConfig(directory, "bconsole.conf", values, "rw-------");
      createCatalog(directory.resolve("working").resolve("bacula.db"));

      Optional<UserPrincipal[]> daemonUser = daemonUser();
      if (daemonUser.isPresent()) {
        handOver(directory, daemonUser.get());
      }
      BaculaTestbed testbed = new BaculaTestbed(directory, dirPort);
      try {
        testbed.launch("bacula-sd", STORAGE_DAEMON, sdPort, daemonUser.isPresent());
        testbed.launch("bacula-fd", FILE_DAEMON, fdPort, daemonUser.isPresent());
        testbed.launch("bacula-dir", DIRECTOR, dirPort, daemonUser.isPresent());
        for (Daemon daemon : testbed.daemons) {
          testbed.awaitListening(daemon);
        }
      } catch (RuntimeException e) {
        testbed.close();
        throw e;
      }
      log.info(
          "Bacula director {} on 127.0.0.1:{}, configs in {}", DIRECTOR_NAME, dirPort, directory);
      return testbed;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not prepare Bacula in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** The file to pass to {@code bconsole -c}: talks to this director on its loopback port. */
  public Path bconsoleConfig() {
    return directory.resolve("bconsole.conf");
  }

  /** The directory {@link #BACKUP_JOB} backs up; tests fill it. */
  public Path source() {
    return directory.resolve("source");
  }

  /**
   * Where {@link #RESTORE_JOB} restores: Bacula recreates the full original path below it, so a
   * file {@code source()/a.txt} comes back as {@code restoreTarget() + source() + "/a.txt"}.
   */
  public Path restoreTarget() {
    return directory.resolve("restore");
  }

  /** The path {@link #MISSING_PATH_JOB} tries to back up; it never exists. */
  public Path missingPath() {
    return directory.resolve("missing-path");
  }

  /** The directory holding the volume files. */
  public Path volumes() {
    return directory.resolve("volumes");
  }

  /** The SQLite catalog the director writes. */
  public Path catalogDatabase() {
    return directory.resolve("working").resolve("bacula.db");
  }

  /** The job log every daemon appends to (what {@code messages} would show). */
  public Path jobLog() {
    return directory.resolve("logs").resolve("bacula.log");
  }

  public Path directory() {
    return directory;
  }

  public int directorPort() {
    return directorPort;
  }

  /** Whether all three daemons are still running. */
  public boolean isAlive() {
    return !daemons.isEmpty() && daemons.stream().allMatch(d -> d.process().isAlive());
  }

  /**
   * Makes a file or directory the test created under {@link #source()} readable by the daemons
   * (they run as {@code bacula} when the test runs as root).
   */
  public void handOverToDaemons(Path path) {
    Optional<UserPrincipal[]> user = daemonUser();
    if (user.isPresent()) {
      try {
        handOver(path, user.get());
      } catch (IOException e) {
        throw new UncheckedIOException("Could not give " + path + " to the Bacula user: " + e, e);
      }
    }
  }

  /** Stops the daemons (director first) and deletes the directory. */
  @Override
  public void close() {
    stopDaemons();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook runs anyway and stopDaemons() is idempotent.
    }
    deleteTree(directory);
  }

  private synchronized void stopDaemons() {
    // Director first, so it does not log the other two vanishing under a running job.
    for (int i = daemons.size() - 1; i >= 0; i--) {
      ChildProcesses.stop(daemons.get(i).process(), STOP_GRACE);
    }
  }

  private void launch(String name, Path binary, int port, boolean dropPrivileges)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "-f"));
    if (dropPrivileges) {
      command.addAll(List.of("-u", DAEMON_USER, "-g", DAEMON_USER));
    }
    // An absolute path: Bacula resolves a relative -c against /etc/bacula, not the working dir.
    command.addAll(List.of("-c", directory.resolve(name + ".conf").toString()));
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(
                    directory.resolve("logs").resolve(name + ".out").toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    daemons.add(new Daemon(name, process, port));
  }

  private void awaitListening(Daemon daemon) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!daemon.process().isAlive()) {
        throw new IllegalStateException(
            daemon.name()
                + " exited with code "
                + daemon.process().exitValue()
                + " at start-up. "
                + outputTail(daemon.name()));
      }
      if (listening(daemon.port())) {
        return;
      }
      try {
        daemon.process().waitFor(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + daemon.name(), e);
      }
    }
    throw new IllegalStateException(
        daemon.name()
            + " did not listen on 127.0.0.1:"
            + daemon.port()
            + " within "
            + START_TIMEOUT.toSeconds()
            + " s. "
            + outputTail(daemon.name()));
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String outputTail(String name) {
    Path file = directory.resolve("logs").resolve(name + ".out");
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return "Last lines of "
          + file
          + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "See " + file + ".";
    }
  }

  private static void writeConfig(
      Path directory, String name, Map<String, String> values, String permissions)
      throws IOException {
    String template;
    try (InputStream in = BaculaTestbed.class.getResourceAsStream(name + ".template")) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + name + ".template");
      }
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalStateException(
            name + ".template uses unknown ${" + matcher.group(1) + "}");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    Path file = directory.resolve(name);
    Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
  }

  /** Creates the catalog tables with Debian's schema through the sqlite3 shell. */
  private static void createCatalog(Path database) throws IOException {
    String schema;
    if (Files.isReadable(SCHEMA_SQL)) {
      schema = Files.readString(SCHEMA_SQL, StandardCharsets.UTF_8);
    } else {
      String script = Files.readString(SCHEMA_SCRIPT, StandardCharsets.UTF_8);
      int start = script.indexOf("<<END-OF-DATA");
      int end = script.indexOf("\nEND-OF-DATA", start);
      if (start < 0 || end < 0) {
        throw new IllegalStateException("Cannot find the schema in " + SCHEMA_SCRIPT);
      }
      schema = script.substring(script.indexOf('\n', start) + 1, end);
    }
    Path schemaFile = database.resolveSibling("schema.sql");
    Files.writeString(schemaFile, schema, StandardCharsets.UTF_8);
    Process sqlite =
        new ProcessBuilder(SQLITE.toString(), database.toString())
            .redirectErrorStream(true)
            .redirectInput(schemaFile.toFile())
            .start();
    try {
      byte[] output = sqlite.getInputStream().readAllBytes();
      if (!sqlite.waitFor(30, TimeUnit.SECONDS)) {
        sqlite.destroyForcibly();
        throw new IllegalStateException("sqlite3 did not finish creating " + database);
      }
      if (sqlite.exitValue() != 0) {
        throw new IllegalStateException(
            "sqlite3 could not create the Bacula catalog "
                + database
                + ": "
                + new String(output, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      sqlite.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating the Bacula catalog", e);
    } finally {
      Files.deleteIfExists(schemaFile);
    }
  }

  /** The bacula user and group when we run as root and the package created them. */
  private static Optional<UserPrincipal[]> daemonUser() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.empty();
    }
    UserPrincipalLookupService lookup =
        Path.of("/").getFileSystem().getUserPrincipalLookupService();
    try {
      return Optional.of(
          new UserPrincipal[] {
            lookup.lookupPrincipalByName(DAEMON_USER),
            lookup.lookupPrincipalByGroupName(DAEMON_USER)
          });
    } catch (UserPrincipalNotFoundException e) {
      throw new IllegalStateException(
          "Running as root, but there is no '"
              + DAEMON_USER
              + "' user to run the Bacula daemons as; the Debian packages create it.",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void handOver(Path root, UserPrincipal[] userAndGroup) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            chown(dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            chown(file);
            return FileVisitResult.CONTINUE;
          }

          private void chown(Path path) throws IOException {
            PosixFileAttributeView view =
                Files.getFileAttributeView(path, PosixFileAttributeView.class);
            view.setOwner(userAndGroup[0]);
            view.setGroup((GroupPrincipal) userAndGroup[1]);
          }
        });
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      log.warn("Could not delete the Bacula testbed directory {}: {}", root, e.toString());
    }
  }

  /** Random, so the client's line compression cannot shrink it below the bandwidth limit. */
  private static void writeRandomFile(Path file, int size) throws IOException {
    byte[] bytes = new byte[size];
    new SecureRandom().nextBytes(bytes);
    Files.write(file, bytes);
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
