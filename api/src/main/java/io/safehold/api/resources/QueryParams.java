package io.safehold.api.resources;

import io.safehold.api.errors.ApiException;

/** Query parameters are read as text and checked here, so a bad one is a 400 naming it. */
final class QueryParams {

  private QueryParams() {}

  static int limit(String value, int defaultLimit, int max) {
    if (value == null || value.isBlank()) {
      return defaultLimit;
    }
    try {
      int limit = Integer.parseInt(value.trim());
      if (limit >= 1 && limit <= max) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.invalidField(
        "query parameter 'limit' must be an integer from 1 to " + max + ", got '" + value + "'");
  }

  static long positiveLong(String name, String value, long defaultValue) {
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.invalidField(
        "query parameter '" + name + "' must be a positive integer, got '" + value + "'");
  }
}
