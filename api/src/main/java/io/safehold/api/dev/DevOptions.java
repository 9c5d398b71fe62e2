package io.safehold.api.dev;

import java.nio.file.Path;

/**
 * Where {@code dev} keeps its state and which ports it uses.
 *
 * @param temporalTarget an external Temporal frontend (host:port), or null to embed the test server
 *     on {@code temporalPort}
 * @param demoDiskMib capacity of each demo VM's disk in MiB (benchmarks ask for GiBs); {@link
 *     #DEFAULT_DEMO_DISK_MIB} unless a benchmark says otherwise
 */
public record DevOptions(
    Path dataDir,
    int httpPort,
    int adminPort,
    int temporalPort,
    String temporalTarget,
    int demoDiskMib) {

  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final int DEFAULT_ADMIN_PORT = 8081;
  public static final int DEFAULT_TEMPORAL_PORT = 7233;
  public static final int DEFAULT_DEMO_DISK_MIB = 256;

  public DevOptions {
    if (demoDiskMib <= 0) {
      throw new IllegalArgumentException("The demo disk size must be positive, not " + demoDiskMib);
    }
  }

  /** The options of {@code dev}: demo disks of {@link #DEFAULT_DEMO_DISK_MIB}. */
  public DevOptions(
      Path dataDir, int httpPort, int adminPort, int temporalPort, String temporalTarget) {
    this(dataDir, httpPort, adminPort, temporalPort, temporalTarget, DEFAULT_DEMO_DISK_MIB);
  }

  /** The same options with demo VM disks of {@code mib} MiB. */
  public DevOptions withDemoDiskMib(int mib) {
    return new DevOptions(dataDir, httpPort, adminPort, temporalPort, temporalTarget, mib);
  }
}
