package io.safehold.activities.netdevice;

import io.safehold.workflows.netdevice.DeviceFacts;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to talk to one device type, read from a JSON profile (see {@link DeviceProfiles}): how its
 * prompt and pager look, which commands disable paging, read facts and read the config, and which
 * config lines are volatile.
 *
 * @param session {@link Session#SHELL} drives an interactive CLI with a PTY; {@link Session#EXEC}
 *     runs each command on its own exec channel (Linux, RouterOS)
 * @param prompt the device prompt (SHELL only); a named group {@code hostname} names the device
 * @param pager the pager marker, such as {@code --More--}; null when the type never pages
 * @param pagerContinue what to send at the pager to get the next screen
 * @param newline what ends a command line
 * @param disablePaging commands sent first, whose output is ignored
 * @param facts commands whose output the fact patterns read, in order; the first match wins
 * @param configCommands commands whose output, concatenated, is the config
 * @param files files read with {@code cat} after the config commands (EXEC only)
 * @param volatileLines lines matching any of these are dropped before hashing
 */
public record DeviceProfile(
    String type,
    String description,
    Session session,
    Pattern prompt,
    Pattern pager,
    String pagerContinue,
    String newline,
    List<String> disablePaging,
    List<FactCommand> facts,
    List<String> configCommands,
    List<String> files,
    List<Pattern> volatileLines) {

  /** How commands reach the device. */
  public enum Session {
    SHELL,
    EXEC
  }

  /** A fact a profile can read. */
  public enum Fact {
    HOSTNAME,
    MODEL,
    OS_VERSION,
    SERIAL
  }

  /**
   * One fact command and, per fact, patterns tried in order; the first that matches gives the value
   * in its first group.
   */
  public record FactCommand(String command, Map<Fact, List<Pattern>> patterns) {}

  public DeviceProfile {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(session, "session");
    if (session == Session.SHELL && prompt == null) {
      throw new IllegalArgumentException("profile " + type + ": a shell profile needs a prompt");
    }
    if (session == Session.SHELL && !files.isEmpty()) {
      throw new IllegalArgumentException("profile " + type + ": files need an exec session");
    }
    if (configCommands.isEmpty() && files.isEmpty()) {
      throw new IllegalArgumentException(
          "profile " + type + ": needs at least one config command or file");
    }
    disablePaging = List.copyOf(disablePaging);
    facts = List.copyOf(facts);
    configCommands = List.copyOf(configCommands);
    files = List.copyOf(files);
    volatileLines = List.copyOf(volatileLines);
  }

  /**
   * Reads the facts from the outputs of this profile's fact commands.
   *
   * @param outputs command → its output; commands that failed are absent
   */
  public DeviceFacts parseFacts(Map<String, String> outputs) {
    Map<Fact, String> found = new EnumMap<>(Fact.class);
    for (FactCommand command : facts) {
      String output = outputs.get(command.command());
      if (output == null) {
        continue;
      }
      command
          .patterns()
          .forEach(
              (fact, patterns) -> {
                for (Pattern pattern : patterns) {
                  if (found.containsKey(fact)) {
                    return;
                  }
                  Matcher matcher = pattern.matcher(output);
                  if (matcher.find() && matcher.groupCount() >= 1 && matcher.group(1) != null) {
                    String value = matcher.group(1).strip();
                    if (!value.isEmpty()) {
                      found.put(fact, value);
                    }
                  }
                }
              });
    }
    return new DeviceFacts(
        found.get(Fact.HOSTNAME),
        found.get(Fact.MODEL),
        found.get(Fact.OS_VERSION),
        found.get(Fact.SERIAL));
  }

  /** The hostname shown in a prompt line, when the prompt pattern has a {@code hostname} group. */
  public String hostnameFromPrompt(String promptLine) {
    if (prompt == null || !prompt.pattern().contains("(?<hostname>")) {
      return null;
    }
    Matcher matcher = prompt.matcher(promptLine.strip());
    return matcher.matches() ? matcher.group("hostname") : null;
  }

  /** Whether a whole line (without its line end) is a prompt, possibly followed by an echo. */
  boolean startsWithPrompt(String line) {
    return prompt != null && prompt.matcher(line).lookingAt();
  }

  /** Whether a whole line is just the prompt. */
  boolean isPrompt(String line) {
    return prompt != null && prompt.matcher(line.strip()).matches();
  }
}
