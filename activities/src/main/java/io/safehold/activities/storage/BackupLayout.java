package io.safehold.activities.storage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one place that decides where each kind of backup lives in the store. */
public final class BackupLayout {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

  private BackupLayout() {}

  /** {@code configs/{deviceId}/{hostname}_{YYYYMMDD_HHMMSS}.txt}, UTC. */
  public static String deviceConfig(String deviceId, String hostname, Instant capturedAt) {
    return "configs/" + deviceId + "/" + safeSegment(hostname) + "_" + STAMP.format(capturedAt) + ".txt";
  }

  /** Keeps a device-reported name from escaping its folder or breaking the key. */
  static String safeSegment(String name) {
    String cleaned = name == null ? "" : name.replaceAll("[^A-Za-z0-9._-]", "_");
    cleaned = cleaned.replaceAll("^\\.+", "_");
    return cleaned.isEmpty() ? "device" : cleaned;
  }
}
