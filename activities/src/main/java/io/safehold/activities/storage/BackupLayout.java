package io.safehold.activities.storage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/** The one place that decides where each kind of backup lives in the store. */
public final class BackupLayout {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** How {@link #chunk} names a chunk, for readers of a manifest. */
  public static final String CHUNK_KEY_PATTERN = "chunks/sha256/{sha256[0:2]}/{sha256}";

  private BackupLayout() {}

  /** {@code configs/{deviceId}/{hostname}_{YYYYMMDD_HHMMSS}.txt}, UTC. */
  public static String deviceConfig(String deviceId, String hostname, Instant capturedAt) {
    return "configs/" + deviceId + "/" + safeSegment(hostname) + "_" + STAMP.format(capturedAt) + ".txt";
  }

  /**
   * {@code chunks/sha256/{first 2 hex}/{64 hex}}: one disk chunk, named by the SHA-256 of its
   * bytes, so equal chunks of any disk, VM or backup are stored once. The two-character folder
   * keeps a directory-backed store (S3Proxy's filesystem backend) from holding millions of files
   * in one folder.
   *
   * @throws IllegalArgumentException unless {@code sha256Hex} is 64 lower-case hex characters
   */
  public static String chunk(String sha256Hex) {
    if (sha256Hex == null || !SHA256_HEX.matcher(sha256Hex).matches()) {
      throw new IllegalArgumentException(
          "A chunk is named by its SHA-256 as 64 lower-case hex characters, not "
              + sha256Hex
              + ".");
    }
    return "chunks/sha256/" + sha256Hex.substring(0, 2) + "/" + sha256Hex;
  }

  /** {@code vms/{vmId}/{runId}/manifest.json}: written last; a backup without it is not one. */
  public static String vmManifest(String vmId, String runId) {
    return "vms/" + vmId + "/" + runId + "/manifest.json";
  }

  /** {@code vms/{vmId}/{runId}/files/{name}}: a VM's .vmx or .nvram as the backup found it. */
  public static String vmFile(String vmId, String runId, String fileName) {
    return "vms/" + vmId + "/" + runId + "/files/" + safeSegment(fileName);
  }

  /** Keeps a device-reported name from escaping its folder or breaking the key. */
  static String safeSegment(String name) {
    String cleaned = name == null ? "" : name.replaceAll("[^A-Za-z0-9._-]", "_");
    cleaned = cleaned.replaceAll("^\\.+", "_");
    return cleaned.isEmpty() ? "device" : cleaned;
  }
}
