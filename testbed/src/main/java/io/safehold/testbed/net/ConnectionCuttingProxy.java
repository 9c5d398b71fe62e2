package io.safehold.testbed.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a loopback port that forwards to one target and breaks connections on purpose: the
 * first {@code connectionsToCut} connections are reset (RST) once the client has sent {@code
 * cutAfterBytes} bytes through them, as a network that drops a connection mid-upload does. Later
 * connections pass untouched.
 *
 * <p>Test infrastructure: plain threads, two per connection. {@link #close()} stops it and drops
 * every open connection.
 */
public final class ConnectionCuttingProxy implements AutoCloseable {

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final int connectionsToCut;
  private final long cutAfterBytes;
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger cut = new AtomicInteger();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  private ConnectionCuttingProxy(
      ServerSocket server, InetSocketAddress target, int connectionsToCut, long cutAfterBytes) {
    this.server = server;
    this.target = target;
    this.connectionsToCut = connectionsToCut;
    this.cutAfterBytes = cutAfterBytes;
  }

  /** Starts forwarding a free port on 127.0.0.1 to {@code target}. */
  public static ConnectionCuttingProxy start(
      InetSocketAddress target, int connectionsToCut, long cutAfterBytes) {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      ConnectionCuttingProxy proxy =
          new ConnectionCuttingProxy(server, target, connectionsToCut, cutAfterBytes);
      Thread acceptor = new Thread(proxy::acceptLoop, "cutting-proxy-accept");
      acceptor.setDaemon(true);
      acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open a loopback port for the proxy", e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Connections accepted so far. */
  public int connections() {
    return accepted.get();
  }

  /** Connections reset on purpose so far. */
  public int connectionsCut() {
    return cut.get();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // Closing anyway.
    }
    for (Socket socket : open) {
      closeQuietly(socket);
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      int number = accepted.incrementAndGet();
      Socket upstream = new Socket();
      try {
        upstream.connect(target, 5000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      open.add(client);
      open.add(upstream);
      long limit = number <= connectionsToCut ? cutAfterBytes : Long.MAX_VALUE;
      pump(client, upstream, limit, "cutting-proxy-up-" + number);
      pump(upstream, client, Long.MAX_VALUE, "cutting-proxy-down-" + number);
    }
  }

  private void pump(Socket from, Socket to, long limit, String name) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              long sent = 0;
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  if (sent + n >= limit) {
                    out.write(buffer, 0, (int) (limit - sent));
                    out.flush();
                    cut.incrementAndGet();
                    reset(from);
                    reset(to);
                    return;
                  }
                  out.write(buffer, 0, n);
                  sent += n;
                }
              } catch (IOException e) {
                // One side went away; close both below.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Closes with SO_LINGER 0, so the peer sees a reset rather than a clean end. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException e) {
      // Already closed.
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing left to release.
    }
  }
}
