package io.safehold.activities.bacula;

import io.safehold.activities.bacula.BaculaException.Kind;
import io.safehold.catalog.BaculaDirectorRow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Opens a {@link BaculaDirector} for a catalog row: {@code local} runs bconsole on this host;
 * {@code ssh} runs it on the director host through {@link SshBconsole}.
 */
public final class BaculaDirectors {

  /** bconsole may take this long per session: {@code wait}-free commands answer in seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  private final Path bconsole;
  private final Duration timeout;
  private final SshBconsole.Factory ssh;
  private final Clock clock;

  /**
   * @param ssh builds SSH transports (it resolves the credential); null when this process does not
   *     reach directors over SSH
   */
  public BaculaDirectors(Path bconsole, Duration timeout, SshBconsole.Factory ssh, Clock clock) {
    this.bconsole = Objects.requireNonNull(bconsole);
    this.timeout = Objects.requireNonNull(timeout);
    this.ssh = ssh;
    this.clock = Objects.requireNonNull(clock);
  }

  /** Local bconsole at Debian's path, the default timeout, no SSH. */
  public static BaculaDirectors local() {
    return new BaculaDirectors(
        LocalBconsole.DEFAULT_BINARY, DEFAULT_TIMEOUT, null, Clock.systemUTC());
  }

  public BaculaDirector open(BaculaDirectorRow row) throws BaculaException {
    ZoneId zone;
    try {
      zone = row.timeZone() == null ? ZoneId.systemDefault() : ZoneId.of(row.timeZone());
    } catch (DateTimeException e) {
      throw new BaculaException(
          Kind.BAD_INPUT,
          "Director " + row.name() + " has an unknown time zone '" + row.timeZone() + "'.");
    }
    BconsoleTransport transport =
        switch (row.mode()) {
          case "local" -> new LocalBconsole(bconsole, Path.of(row.bconsoleConfig()), timeout);
          case "ssh" -> {
            if (ssh == null) {
              throw new BaculaException(
                  Kind.BAD_INPUT,
                  "Director " + row.name() + " is reached over SSH, which this process cannot do.");
            }
            yield ssh.open(row, timeout);
          }
          default ->
              throw new BaculaException(
                  Kind.BAD_INPUT,
                  "Director " + row.name() + " has unknown mode " + row.mode() + ".");
        };
    return new BaculaDirector(transport, zone, clock);
  }
}
