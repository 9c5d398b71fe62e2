package io.safehold.activities.netdevice;

import java.time.Duration;
import java.util.Objects;

/**
 * Time limits of one device session.
 *
 * @param connect TCP connect and SSH handshake, per hop
 * @param read longest silence allowed while waiting for a device's answer or prompt
 */
public record SshTimeouts(Duration connect, Duration read) {

  public SshTimeouts {
    Objects.requireNonNull(connect, "connect");
    Objects.requireNonNull(read, "read");
    if (connect.isNegative() || connect.isZero() || read.isNegative() || read.isZero()) {
      throw new IllegalArgumentException("SSH timeouts must be positive");
    }
  }

  /** 10 s to connect, 30 s of silence at most while reading. */
  public static SshTimeouts defaults() {
    return new SshTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30));
  }
}
