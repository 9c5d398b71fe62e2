package io.safehold.api.awareness;

import io.dropwizard.util.Duration;
import io.safehold.api.errors.ApiException;

/** Durations as the API writes them: {@code 6h}, {@code 1d}, {@code 90m}, or {@code -1} (off). */
public final class Durations {

  private Durations() {}

  /**
   * Seconds of {@code value} (null when absent); {@code -1} only where {@code allowOff}. At least a
   * minute.
   */
  public static Long seconds(String field, String value, boolean allowOff) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.trim();
    if (allowOff && AwarenessConfig.DISABLED.equals(trimmed)) {
      return -1L;
    }
    try {
      long seconds = Duration.parse(trimmed).toSeconds();
      if (seconds >= 60) {
        return seconds;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw ApiException.invalidField(
        "field '"
            + field
            + "' must be a duration of at least one minute such as 6h, 1d or 90m"
            + (allowOff ? ", or -1 to turn checking off" : "")
            + ", got '"
            + value
            + "'");
  }

  /** The shortest exact form: {@code 1d}, {@code 6h}, {@code 90m}, {@code 61s}, or {@code -1}. */
  public static String format(Long seconds) {
    if (seconds == null) {
      return null;
    }
    if (seconds < 0) {
      return AwarenessConfig.DISABLED;
    }
    if (seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds % 3_600 == 0) {
      return seconds / 3_600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
