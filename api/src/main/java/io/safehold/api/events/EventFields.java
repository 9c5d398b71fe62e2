package io.safehold.api.events;

import io.safehold.api.errors.ApiException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.regex.Pattern;

/** Checks of the fields events and awareness settings share, each failing with a 400 naming it. */
public final class EventFields {

  /** A scope: e.g. {@code db}, {@code files}, {@code etc}. */
  public static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  /** A tool's own run id. */
  public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}");

  private EventFields() {}

  /** An asset name: 1 to 200 characters, no control characters. */
  public static String assetName(String field, String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalidField("field '" + field + "' is required");
    }
    String trimmed = value.trim();
    if (trimmed.length() > 200 || trimmed.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.invalidField(
          "field '" + field + "' must be 1 to 200 characters without control characters");
    }
    return trimmed;
  }

  /** A scope, or {@code ""} (the whole asset) when absent. */
  public static String scope(String field, String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    if (!SCOPE.matcher(value).matches()) {
      throw ApiException.invalidField(
          "field '"
              + field
              + "' must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit (e.g. db or files), got '"
              + value
              + "'");
    }
    return value;
  }

  /** Optional free text of at most {@code max} characters. */
  public static String text(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > max) {
      throw ApiException.invalidField(
          "field '" + field + "' must be at most " + max + " characters");
    }
    return value.trim();
  }

  /** Optional run id chosen by the reporting tool. */
  public static String runId(String field, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (!RUN_ID.matcher(value).matches()) {
      throw ApiException.invalidField(
          "field '"
              + field
              + "' must be 1 to 200 letters, digits, '.', '_', ':', '@' or '-', got '"
              + value
              + "'");
    }
    return value;
  }

  /** Optional ISO-8601 time with an offset, not more than {@code slackSeconds} after now. */
  public static Instant time(String field, String value, Instant now, long slackSeconds) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeException e) {
      throw ApiException.invalidField(
          "field '"
              + field
              + "' must be an ISO-8601 time with an offset, e.g. 2026-11-23T02:00:00Z, got '"
              + value
              + "'");
    }
    if (at.isAfter(now.plusSeconds(slackSeconds))) {
      throw ApiException.invalidField(
          "field '"
              + field
              + "' is in the future ("
              + value
              + "); check the reporting host's clock");
    }
    return at;
  }
}
