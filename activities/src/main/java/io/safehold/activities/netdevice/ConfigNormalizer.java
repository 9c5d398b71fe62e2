package io.safehold.activities.netdevice;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns what a device printed into the config text Safehold stores and hashes, so that an unchanged
 * config always hashes the same: LF line ends, no terminal artefacts (ANSI escapes, backspaces,
 * carriage-return overwrites, pager markers), no prompt or command echo around the output, no
 * trailing spaces, no blank lines at either end, and none of the profile's volatile lines.
 */
public final class ConfigNormalizer {

  private static final Pattern ANSI =
      Pattern.compile(
          "\u001B(?:\\[[0-?]*["
              + " -/]*[@-~]|\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)|[()][0-9A-Za-z]|[=>78])");
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x07\\x0B\\x0C\\x0E-\\x1F\\x7F]");

  private ConfigNormalizer() {}

  /** The normalised text, ending with exactly one newline unless it is empty. */
  public static String normalize(String raw, DeviceProfile profile) {
    List<String> lines = new ArrayList<>(List.of(visibleText(raw, profile).split("\n", -1)));
    lines.removeIf(line -> isVolatile(line, profile));
    trimEnds(lines, profile);
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  /**
   * Facts and config both come from this: the output as a terminal would show it, with the prompt
   * and echo trimmed off both ends, but with volatile lines still present.
   */
  static String visibleText(String raw, DeviceProfile profile) {
    String text = ANSI.matcher(raw).replaceAll("").replace("\r\n", "\n");
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      String cleaned = cleanLine(line, profile);
      if (cleaned != null) {
        lines.add(cleaned);
      }
    }
    trimEnds(lines, profile);
    return String.join("\n", lines);
  }

  /** One line as a terminal would show it: no escapes, backspaces applied, CR overwrites done. */
  static String visibleLine(String raw) {
    String visible = overwriteCarriageReturns(applyBackspaces(ANSI.matcher(raw).replaceAll("")));
    return CONTROL.matcher(visible).replaceAll("");
  }

  /** One line as the terminal would show it; null when it was only a pager marker. */
  private static String cleanLine(String line, DeviceProfile profile) {
    String visible = overwriteCarriageReturns(applyBackspaces(line));
    if (profile.pager() != null) {
      String withoutPager = profile.pager().matcher(visible).replaceAll("");
      if (!withoutPager.equals(visible) && withoutPager.isBlank()) {
        return null;
      }
      visible = withoutPager;
    }
    visible = CONTROL.matcher(visible).replaceAll("");
    return visible.stripTrailing();
  }

  private static String applyBackspaces(String line) {
    if (line.indexOf('\b') < 0) {
      return line;
    }
    StringBuilder out = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\b') {
        if (out.length() > 0) {
          out.setLength(out.length() - 1);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A bare CR returns the cursor: what follows overwrites the start of the line. */
  private static String overwriteCarriageReturns(String line) {
    String trimmed = line;
    while (trimmed.endsWith("\r")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    int cr = trimmed.lastIndexOf('\r');
    if (cr < 0) {
      return trimmed;
    }
    StringBuilder screen = new StringBuilder();
    for (String segment : trimmed.split("\r", -1)) {
      for (int i = 0; i < segment.length(); i++) {
        if (i < screen.length()) {
          screen.setCharAt(i, segment.charAt(i));
        } else {
          screen.append(segment.charAt(i));
        }
      }
    }
    return screen.toString();
  }

  /** Drops blank lines, prompts and command echoes at the start and end of the output. */
  private static void trimEnds(List<String> lines, DeviceProfile profile) {
    while (!lines.isEmpty() && (lines.get(0).isBlank() || profile.startsWithPrompt(lines.get(0)))) {
      lines.remove(0);
    }
    while (!lines.isEmpty()
        && (lines.get(lines.size() - 1).isBlank()
            || profile.startsWithPrompt(lines.get(lines.size() - 1)))) {
      lines.remove(lines.size() - 1);
    }
  }

  private static boolean isVolatile(String line, DeviceProfile profile) {
    for (Pattern pattern : profile.volatileLines()) {
      if (pattern.matcher(line).find()) {
        return true;
      }
    }
    return false;
  }
}
