package io.safehold.activities.cove;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The statistics columns Safehold asks Cove for, and how a returned row becomes a record. */
final class CoveColumns {

  static final String DEVICE_NAME = "I1";
  static final String COMPUTER_NAME = "I18";
  static final String LAST_SESSION_STATUS = "D9F00";
  static final String ERROR_COUNT = "D9F06";
  static final String LAST_SUCCESSFUL_SESSION_TIME = "D9F09";
  static final String DURATION = "D9F12";
  static final String LAST_SESSION_TIME = "D9F15";
  static final String LAST_COMPLETED_STATUS = "D9F17";
  static final String LAST_COMPLETED_TIME = "D9F18";

  static final List<String> REQUESTED =
      List.of(
          DEVICE_NAME,
          COMPUTER_NAME,
          LAST_SESSION_STATUS,
          ERROR_COUNT,
          LAST_SUCCESSFUL_SESSION_TIME,
          DURATION,
          LAST_SESSION_TIME,
          LAST_COMPLETED_STATUS,
          LAST_COMPLETED_TIME);

  /** Above this an epoch value is in milliseconds: 10^12 seconds is beyond the year 33000. */
  private static final long MILLISECONDS_THRESHOLD = 1_000_000_000_000L;

  /** A row that cannot be read; the caller skips it and logs why. */
  static final class MalformedRowException extends Exception {
    MalformedRowException(String message) {
      super(message, null, false, false);
    }
  }

  private CoveColumns() {}

  /**
   * Reads one element of {@code result.result}: {@code {AccountId, PartnerId, Settings: [{code:
   * value}, ...]}}. A missing column or an empty value is null; a value that is there but not a
   * number where one is expected makes the row malformed.
   *
   * @param queriedPartnerId used when the row carries no PartnerId
   */
  static CoveDeviceStatistics parse(JsonNode row, long queriedPartnerId)
      throws MalformedRowException {
    if (!row.isObject()) {
      throw new MalformedRowException("a row is not an object");
    }
    Long accountId = integer(row.get("AccountId"), "AccountId");
    if (accountId == null) {
      throw new MalformedRowException("a row has no AccountId");
    }
    Long partnerId = integer(row.get("PartnerId"), "PartnerId");
    Map<String, JsonNode> values = settings(row.get("Settings"), accountId);
    try {
      return new CoveDeviceStatistics(
          accountId,
          partnerId == null ? queriedPartnerId : partnerId,
          text(values.get(DEVICE_NAME)),
          text(values.get(COMPUTER_NAME)),
          smallInteger(values, LAST_SESSION_STATUS),
          smallInteger(values, ERROR_COUNT),
          instant(values, LAST_SUCCESSFUL_SESSION_TIME),
          duration(values, DURATION),
          instant(values, LAST_SESSION_TIME),
          smallInteger(values, LAST_COMPLETED_STATUS),
          instant(values, LAST_COMPLETED_TIME));
    } catch (MalformedRowException e) {
      throw new MalformedRowException("device " + accountId + ": " + e.getMessage());
    }
  }

  private static Map<String, JsonNode> settings(JsonNode settings, long accountId)
      throws MalformedRowException {
    Map<String, JsonNode> values = new HashMap<>();
    if (settings == null || settings.isNull()) {
      return values;
    }
    if (!settings.isArray()) {
      throw new MalformedRowException("device " + accountId + ": Settings is not a list");
    }
    for (JsonNode entry : settings) {
      if (!entry.isObject()) {
        throw new MalformedRowException(
            "device " + accountId + ": a Settings entry is not an object");
      }
      entry.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue()));
    }
    return values;
  }

  private static String text(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    String text = value.asText().strip();
    return text.isEmpty() ? null : text;
  }

  private static Long integer(JsonNode value, String column) throws MalformedRowException {
    String text = text(value);
    if (text == null) {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new MalformedRowException(column + " is not an integer: '" + shorten(text) + "'");
    }
  }

  private static Integer smallInteger(Map<String, JsonNode> values, String column)
      throws MalformedRowException {
    Long value = integer(values.get(column), column);
    if (value == null) {
      return null;
    }
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new MalformedRowException(column + " is out of range: " + value);
    }
    return value.intValue();
  }

  /** Unix time; 0 means "never" in Cove's columns. */
  private static Instant instant(Map<String, JsonNode> values, String column)
      throws MalformedRowException {
    Long value = integer(values.get(column), column);
    if (value == null || value == 0) {
      return null;
    }
    if (value < 0) {
      throw new MalformedRowException(column + " is a negative time: " + value);
    }
    return value >= MILLISECONDS_THRESHOLD
        ? Instant.ofEpochMilli(value)
        : Instant.ofEpochSecond(value);
  }

  private static Duration duration(Map<String, JsonNode> values, String column)
      throws MalformedRowException {
    Long seconds = integer(values.get(column), column);
    if (seconds == null) {
      return null;
    }
    if (seconds < 0) {
      throw new MalformedRowException(column + " is a negative duration: " + seconds);
    }
    return Duration.ofSeconds(seconds);
  }

  private static String shorten(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
