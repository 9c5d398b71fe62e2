package io.safehold.activities.bacula;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which console commands Safehold passes to a director. Operators get read-only commands; admins
 * also get commands that act. Everything else ({@code .sql}, {@code sqlquery}, {@code query} run
 * arbitrary SQL; {@code restore} is interactive; {@code @input} reads files) is refused, and so is
 * any command holding a newline, {@code ;}, {@code @} or a shell metacharacter, even though the
 * command never goes through a shell: bconsole itself treats {@code @} and newlines specially.
 */
public final class BaculaConsolePolicy {

  /** Commands that only read: allowed to operators and admins. */
  public static final List<String> READ_ONLY =
      List.of(
          "list",
          "llist",
          "show",
          "status",
          "version",
          "time",
          ".jobs",
          ".clients",
          ".pools",
          ".storage",
          ".filesets",
          ".msgs",
          ".status");

  /** Commands that act: admins only. */
  public static final List<String> ADMIN =
      List.of(
          "run",
          "cancel",
          "label",
          "relabel",
          "update",
          "delete",
          "prune",
          "purge",
          "enable",
          "disable",
          "mount",
          "unmount",
          "release",
          "reload",
          "estimate",
          "messages");

  /** Characters refused anywhere in a command. */
  private static final Pattern FORBIDDEN = Pattern.compile("[\\r\\n\\x00;@|&$`<>\\\\!(){}'*?~#]");

  private static final int MAX_LENGTH = 512;

  private BaculaConsolePolicy() {}

  /** Why a command is refused. */
  public enum Refusal {
    /** Malformed: forbidden characters, empty or too long (400). */
    MALFORMED,
    /** Not on the caller's allow-list (403). */
    NOT_ALLOWED
  }

  /** A refusal and the sentence that explains it. */
  public record Verdict(Refusal refusal, String message) {}

  /**
   * Checks a command for a caller.
   *
   * @return empty when allowed
   */
  public static Optional<Verdict> check(String command, boolean admin) {
    if (command == null || command.isBlank()) {
      return Optional.of(new Verdict(Refusal.MALFORMED, "command is empty."));
    }
    if (command.length() > MAX_LENGTH) {
      return Optional.of(
          new Verdict(Refusal.MALFORMED, "command is longer than " + MAX_LENGTH + " characters."));
    }
    var bad = FORBIDDEN.matcher(command);
    if (bad.find()) {
      String shown =
          bad.group().equals("\n") || bad.group().equals("\r")
              ? "a line break"
              : bad.group().equals("\u0000") ? "a NUL byte" : "'" + bad.group() + "'";
      return Optional.of(
          new Verdict(
              Refusal.MALFORMED,
              "command contains "
                  + shown
                  + "; one command per request, without ; @ newlines or shell metacharacters."));
    }
    String verb = command.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    if (READ_ONLY.contains(verb) || (admin && ADMIN.contains(verb))) {
      return Optional.empty();
    }
    return Optional.of(
        new Verdict(
            Refusal.NOT_ALLOWED,
            "'"
                + verb
                + "' is not allowed"
                + (ADMIN.contains(verb) ? " for operators" : "")
                + "; allowed: "
                + allowed(admin)
                + "."));
  }

  /** The verbs a caller may use. */
  public static List<String> allowed(boolean admin) {
    if (!admin) {
      return READ_ONLY;
    }
    return Stream.concat(READ_ONLY.stream(), ADMIN.stream()).toList();
  }
}
