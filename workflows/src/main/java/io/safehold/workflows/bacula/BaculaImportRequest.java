package io.safehold.workflows.bacula;

/**
 * Import a director's finished jobs in cycles.
 *
 * @param cyclesBeforeContinueAsNew cycles one workflow run does before it continues as new, so its
 *     history stays short
 */
public record BaculaImportRequest(String directorId, int cyclesBeforeContinueAsNew) {

  /** 50 cycles per history: about 400 events. */
  public static BaculaImportRequest of(String directorId) {
    return new BaculaImportRequest(directorId, 50);
  }
}
