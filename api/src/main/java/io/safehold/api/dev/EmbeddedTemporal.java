package io.safehold.api.dev;

import io.temporal.testserver.TestServer;

/**
 * Temporal's test server bound to a port, as in {@code dev}. Time skipping stays locked, so timers
 * run in real time. State lives in memory only: runs it loses on restart are marked ABANDONED.
 */
final class EmbeddedTemporal implements AutoCloseable {

  private final TestServer.PortBoundTestServer server;
  private final int port;

  private EmbeddedTemporal(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  static EmbeddedTemporal start(int port) {
    return new EmbeddedTemporal(TestServer.createPortBoundServer(port, true), port);
  }

  String target() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.close();
  }
}
