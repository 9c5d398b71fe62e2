package io.safehold.api.dev;

import java.nio.file.Path;

/**
 * Where {@code dev} keeps its state and which ports it uses.
 *
 * @param temporalTarget an external Temporal frontend (host:port), or null to embed the test server
 *     on {@code temporalPort}
 */
public record DevOptions(
    Path dataDir, int httpPort, int adminPort, int temporalPort, String temporalTarget) {

  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final int DEFAULT_ADMIN_PORT = 8081;
  public static final int DEFAULT_TEMPORAL_PORT = 7233;
}
