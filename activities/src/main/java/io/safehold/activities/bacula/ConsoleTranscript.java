package io.safehold.activities.bacula;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits what one bconsole session printed into the output of each command. In {@code -n} mode
 * bconsole echoes every command line before its output, so the echoes are the boundaries. Some
 * outputs ({@code .sql}) end without a newline, so an echo may follow output on the same line.
 */
final class ConsoleTranscript {

  /** What the director prints, unasked, whenever job messages are waiting. */
  private static final String NOTICE = "You have messages.";

  private ConsoleTranscript() {}

  /**
   * @return one output per command, in order, without the echo lines, the connection banner and the
   *     "You have messages." notices
   * @throws BaculaException UNAVAILABLE when the session never logged in to the director, FAILED
   *     when a command's echo is missing (the director dropped the session)
   */
  static List<String> split(String raw, List<String> commands, String where)
      throws BaculaException {
    String text = raw.replace("\r\n", "\n");
    int login = text.indexOf("\n1000 OK");
    if (login < 0 && !text.startsWith("1000 OK")) {
      throw new BaculaException(
          BaculaException.Kind.UNAVAILABLE,
          "Could not log in to the Bacula director through "
              + where
              + ": "
              + firstLines(text)
              + " Check that the director runs and the bconsole config's address, port and"
              + " password.");
    }
    int position = text.indexOf('\n', login + 1);
    position = position < 0 ? text.length() : position + 1;
    List<Integer> starts = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    for (String command : commands) {
      int found = findEcho(text, command, position);
      if (found < 0) {
        throw new BaculaException(
            BaculaException.Kind.FAILED,
            "The Bacula director ended the session before answering '"
                + command
                + "' ("
                + where
                + "): "
                + firstLines(text.substring(position)));
      }
      if (!ends.isEmpty()) {
        ends.set(ends.size() - 1, found);
      }
      starts.add(found + command.length());
      ends.add(text.length());
      position = found + command.length();
    }
    List<String> outputs = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      String output = text.substring(starts.get(i), ends.get(i));
      if (output.startsWith("\n")) {
        output = output.substring(1);
      }
      outputs.add(withoutNotices(output));
    }
    return outputs;
  }

  /** Finds {@code command} standing at the end of a line, at or after {@code from}. */
  private static int findEcho(String text, String command, int from) {
    int at = text.indexOf(command, from);
    while (at >= 0) {
      int after = at + command.length();
      if (after == text.length() || text.charAt(after) == '\n') {
        return at;
      }
      at = text.indexOf(command, at + 1);
    }
    return -1;
  }

  private static String withoutNotices(String output) {
    StringBuilder kept = new StringBuilder(output.length());
    for (String line : output.split("\n", -1)) {
      if (line.equals(NOTICE)) {
        continue;
      }
      // .sql output ends without a newline, so the notice can follow its last field directly.
      kept.append(line.endsWith(NOTICE) ? line.substring(0, line.length() - NOTICE.length()) : line)
          .append('\n');
    }
    return kept.length() == 0 ? "" : kept.substring(0, kept.length() - 1);
  }

  private static String firstLines(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return "bconsole printed nothing.";
    }
    String[] lines = trimmed.split("\n");
    return String.join(" ", List.of(lines).subList(0, Math.min(lines.length, 4)));
  }
}
