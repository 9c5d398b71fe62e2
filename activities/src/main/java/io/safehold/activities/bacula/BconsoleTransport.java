package io.safehold.activities.bacula;

import java.util.List;

/**
 * Runs one bconsole session: sends {@code commands}, one per line, then end of input, and returns
 * everything bconsole printed. Implementations never go through a shell on our side and bound the
 * session by a timeout.
 */
public interface BconsoleTransport {

  /**
   * @throws BaculaException {@link BaculaException.Kind#UNAVAILABLE} when bconsole cannot be
   *     started, does not finish in time, or cannot reach the director
   */
  String run(List<String> commands) throws BaculaException;

  /** Where the session runs, for messages, e.g. "bconsole on this host (/etc/bacula/x.conf)". */
  String describe();
}
