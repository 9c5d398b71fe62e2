package io.safehold.activities.storage;

import java.net.URI;

/**
 * Where the backup store lives and how to sign in to it.
 *
 * @param endpoint the S3 service, e.g. {@code http://127.0.0.1:9000}; null for AWS itself
 * @param region signing region; S3-compatible stores accept any, e.g. {@code us-east-1}
 * @param bucket the one bucket Safehold writes to
 * @param accessKeyId null to use the AWS default credential chain
 * @param secretAccessKey never printed by {@link #toString()}
 * @param pathStyle true for stores that want {@code endpoint/bucket/key} (S3Proxy, MinIO)
 */
public record S3Settings(
    URI endpoint,
    String region,
    String bucket,
    String accessKeyId,
    String secretAccessKey,
    boolean pathStyle) {

  public S3Settings {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("S3 bucket must be set.");
    }
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException(
          "S3 region must be set (any value, e.g. us-east-1, for S3-compatible stores).");
    }
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException(
          "S3 accessKeyId and secretAccessKey must be set together, or both left out to use the AWS"
              + " default credentials.");
    }
  }

  /** Where the store is, for messages: the endpoint, or "AWS S3" when none is set. */
  public String location() {
    return endpoint == null ? "AWS S3 (" + region + ")" : endpoint.toString();
  }

  @Override
  public String toString() {
    return "S3Settings[endpoint="
        + endpoint
        + ", region="
        + region
        + ", bucket="
        + bucket
        + ", accessKeyId="
        + accessKeyId
        + ", secretAccessKey="
        + (secretAccessKey == null ? "null" : "****")
        + ", pathStyle="
        + pathStyle
        + "]";
  }
}
