package io.safehold.bench;

import io.safehold.activities.storage.S3ObjectStore;
import io.safehold.activities.storage.S3Settings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * What the machine does at best with the same disk and the same store, with standard tools: the
 * figures a transfer is compared against. Each method returns the seconds it took.
 */
final class Baselines {

  private Baselines() {}

  /** The SHA-256 a command printed and how long it took. */
  record Timed(double seconds, String output) {}

  /** (1) {@code curl} of the flat file over {@code /folder} into {@code openssl dgst -sha256}. */
  static Timed readAndHash(URI url, Path pem) throws Exception {
    long start = System.nanoTime();
    String out =
        run(
            Map.of(),
            "curl -sS --fail --ciphers DEFAULT@SECLEVEL=1 --cacert "
                + pem
                + " '"
                + url
                + "' | openssl dgst -sha256 -r | cut -d' ' -f1");
    return new Timed(secs(start), out.strip());
  }

  /**
   * (2) {@code curl -T}: the whole file in one SigV4-signed PUT (UNSIGNED-PAYLOAD, as curl cannot
   * hash a body before sending it) into {@code bucket}, removed afterwards.
   */
  static double singlePut(S3Settings s3, String bucket, Path file) throws Exception {
    try (S3ObjectStore probe = new S3ObjectStore(in(s3, bucket))) {
      probe.createBucketIfMissing();
      long start = System.nanoTime();
      run(
          Map.of(),
          "curl -sS --fail -o /dev/null --aws-sigv4 aws:amz:"
              + s3.region()
              + ":s3 --user '"
              + s3.accessKeyId()
              + ":"
              + s3.secretAccessKey()
              + "' -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' -T "
              + file
              + " "
              + s3.endpoint()
              + "/"
              + bucket
              + "/disk.bin");
      double seconds = secs(start);
      probe.delete("disk.bin");
      return seconds;
    }
  }

  /**
   * (4) The three at once, as a backup must run them: {@code curl} of the flat file, {@code tee}
   * into {@code openssl dgst -sha256}, and the same bytes streamed by a second {@code curl -T} into
   * one PUT. On a small machine the three compete for the same cores, so this is the fastest any
   * tool could read, hash and store the disk here. Returns the seconds and the digest.
   */
  static Timed readHashAndWrite(URI url, Path pem, long size, S3Settings s3, String bucket)
      throws Exception {
    try (S3ObjectStore probe = new S3ObjectStore(in(s3, bucket))) {
      probe.createBucketIfMissing();
      Path digest = Files.createTempFile("safehold-bench", ".sha256");
      long start = System.nanoTime();
      run(
          Map.of(),
          "curl -sS --fail --ciphers DEFAULT@SECLEVEL=1 --cacert "
              + pem
              + " '"
              + url
              + "' | tee >(openssl dgst -sha256 -r | cut -d' ' -f1 > "
              + digest
              + ") | curl -sS --fail -o /dev/null --aws-sigv4 aws:amz:"
              + s3.region()
              + ":s3 --user '"
              + s3.accessKeyId()
              + ":"
              + s3.secretAccessKey()
              + "' -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' -H 'Transfer-Encoding:'"
              + " -H 'Content-Length: "
              + size
              + "' -T - "
              + s3.endpoint()
              + "/"
              + bucket
              + "/disk.bin; wait");
      double seconds = secs(start);
      boolean stored = probe.exists("disk.bin");
      probe.delete("disk.bin");
      String sha = Files.readString(digest).strip();
      Files.delete(digest);
      if (!stored) {
        throw new IllegalStateException("The piped PUT stored nothing");
      }
      return new Timed(seconds, sha);
    }
  }

  /** (3) {@code rclone copyurl} of {@code url} into {@code bucket}; empty without rclone. */
  static OptionalDouble rcloneCopyUrl(URI url, Path pem, S3Settings s3, String bucket, Path work)
      throws Exception {
    if (!onPath("rclone")) {
      return OptionalDouble.empty();
    }
    try (S3ObjectStore target = new S3ObjectStore(in(s3, bucket))) {
      target.createBucketIfMissing();
      long start = System.nanoTime();
      run(
          Map.of(
              "RCLONE_CONFIG", work.resolve("no-rclone.conf").toString(),
              // rclone's --ca-cert does not reach its S3 backend; Go reads this instead.
              "SSL_CERT_FILE", pem.toString(),
              "SSL_CERT_DIR", pem.getParent().toString(),
              "RCLONE_CONFIG_BENCH_TYPE", "s3",
              "RCLONE_CONFIG_BENCH_PROVIDER", "Other",
              "RCLONE_CONFIG_BENCH_ENDPOINT", s3.endpoint().toString(),
              "RCLONE_CONFIG_BENCH_ACCESS_KEY_ID", s3.accessKeyId(),
              "RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY", s3.secretAccessKey()),
          "rclone copyurl -q '" + url + "' bench:" + bucket + "/disk.bin");
      double seconds = secs(start);
      target.delete("disk.bin");
      return OptionalDouble.of(seconds);
    }
  }

  static S3Settings in(S3Settings s3, String bucket) {
    return new S3Settings(
        s3.endpoint(),
        s3.region(),
        bucket,
        s3.accessKeyId(),
        s3.secretAccessKey(),
        s3.pathStyle());
  }

  static boolean onPath(String tool) throws Exception {
    return new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor() == 0;
  }

  static String run(Map<String, String> env, String command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", "-o", "pipefail", "-c", command);
    // An inherited AWS_CA_BUNDLE breaks rclone's S3 backend (LoadCustomCABundleError).
    builder.environment().remove("AWS_CA_BUNDLE");
    builder.environment().putAll(env);
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("Failed (" + process.exitValue() + "): " + command);
    }
    return out;
  }

  static double secs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
