package io.safehold.activities.catalog;

import io.temporal.failure.ApplicationFailure;
import java.util.UUID;

/**
 * Parses the string ids that workflows pass into catalog UUIDs, failing for good when malformed.
 */
public final class CatalogIds {

  private CatalogIds() {}

  /**
   * @param failureType the non-retryable failure type to raise, e.g. {@link
   *     RunActivitiesImpl#RUN_NOT_FOUND}
   * @param what what the id names, for the message ("run", "device")
   */
  public static UUID parse(String id, String what, String failureType) {
    if (id == null) {
      throw ApplicationFailure.newNonRetryableFailure("no " + what + " id was given", failureType);
    }
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          what + " id '" + id + "' is not a UUID, so no such " + what + " exists", failureType);
    }
  }

  public static ApplicationFailure runNotFound(UUID runId) {
    return ApplicationFailure.newNonRetryableFailure(
        "run " + runId + " does not exist in the catalog", RunActivitiesImpl.RUN_NOT_FOUND);
  }
}
