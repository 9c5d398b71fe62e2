package io.safehold.api.resources;

import io.safehold.api.errors.ApiException;
import java.util.Optional;
import java.util.UUID;

/** Parsing of ids in paths: a malformed id names nothing, so it is a 404. */
final class Ids {

  private Ids() {}

  static UUID parse(String id, String thing) {
    return tryParse(id).orElseThrow(() -> ApiException.notFound("no " + thing + " with id " + id));
  }

  static Optional<UUID> tryParse(String id) {
    if (id == null || id.length() != 36) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
