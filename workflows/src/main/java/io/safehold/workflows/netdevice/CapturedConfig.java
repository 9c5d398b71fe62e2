package io.safehold.workflows.netdevice;

import io.safehold.workflows.run.StoredObject;

/**
 * Result of {@link NetDeviceActivities#captureConfig}.
 *
 * @param sha256 SHA-256 of the normalised config text
 * @param stored where the config was written, or null when it was unchanged and nothing was written
 */
public record CapturedConfig(DeviceFacts facts, String sha256, long size, StoredObject stored) {

  public boolean unchanged() {
    return stored == null;
  }
}
