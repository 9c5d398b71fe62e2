package io.safehold.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.safehold.activities.storage.ObjectStore;
import io.safehold.activities.storage.S3ObjectStore;
import io.safehold.activities.storage.S3Settings;
import io.safehold.activities.vsphere.VSphereEndpoint;
import io.safehold.activities.vsphere.VSphereTls;
import io.safehold.activities.vsphere.transfer.ChunkLog;
import io.safehold.activities.vsphere.transfer.ChunkRef;
import io.safehold.activities.vsphere.transfer.DiskSource;
import io.safehold.activities.vsphere.transfer.DiskTransfer;
import io.safehold.activities.vsphere.transfer.DiskTransferOptions;
import io.safehold.activities.vsphere.transfer.DiskTransferRequest;
import io.safehold.activities.vsphere.transfer.DiskTransferResult;
import io.safehold.testbed.s3.S3ProxyProcess;
import io.safehold.testbed.vcsim.DiskContent;
import io.safehold.testbed.vcsim.VcsimProcess;
import io.safehold.workflows.run.StoredObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.LoggerFactory;

/**
 * Measures a full disk transfer against what the machine can do at best, in one run: vcsim serves a
 * disk of random data with zero runs, S3Proxy stores it.
 *
 * <ol>
 *   <li>{@code curl} of the flat file over {@code /folder} into {@code openssl dgst -sha256}: the
 *       read+hash limit;
 *   <li>{@code curl -T} of the flat file into S3Proxy in one PUT: the store's write limit;
 *   <li>{@code rclone copyurl} of the same URL into S3Proxy, when rclone is installed;
 *   <li>the engine ({@link DiskTransfer}) with a few chunk sizes and pipeline shapes: MB/s, peak
 *       heap, and the ratio to the slower of (1) and (2).
 * </ol>
 *
 * <p>Usage: {@code bench/disk-transfer.sh [GiB]} (default 4). Not a test: it prints figures. Every
 * connection to vcsim trusts exactly the certificate whose thumbprint vcsim printed.
 */
public final class DiskTransferBenchmark {

  private static final double MIB = 1024.0 * 1024.0;

  /** Engine shapes to measure: chunk size in MiB and chunks of read-ahead. */
  private static final int[][] SHAPES = {{4, 0}, {8, 0}, {16, 0}, {8, 1}, {4, 1}};

  private DiskTransferBenchmark() {}

  public static void main(String[] args) throws Exception {
    // The shaded jar's logback logs at DEBUG by default; wire logging would be the benchmark.
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    int gib = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    long capacity = gib * 1024L * 1024L * 1024L;
    Path work = Files.createTempDirectory("safehold-disk-bench-");
    HeapPeak heap = HeapPeak.start();
    try (S3ProxyProcess s3 = S3ProxyProcess.start(work.resolve("s3"), 0);
        VcsimProcess vcsim =
            VcsimProcess.start(VcsimProcess.Options.defaults().withDiskMib(gib * 1024))) {
      Path flat = vcsim.flatFile("DC0_H0_VM0");
      long start = System.nanoTime();
      DiskContent.writeRandomWithZeroRuns(flat, capacity, 0.25, 42);
      System.out.printf(
          "disk: %d GiB, 25%% zero MiB blocks, written in %.1f s%n", gib, secs(start));
      start = System.nanoTime();
      String expected = DiskContent.sha256(flat, capacity);
      System.out.printf("local file read+SHA-256 (page cache): %s%n", rate(capacity, start));

      URI url = vcsim.folderUrl("DC0_H0_VM0/disk1-flat.vmdk");
      HttpClient http =
          VSphereTls.httpClient(VSphereEndpoint.pinned(vcsim.sdkUrl(), vcsim.thumbprint()));
      Path pem = work.resolve("vcsim.pem");
      Files.writeString(pem, PinnedTls.certificatePem(vcsim.sdkUrl(), vcsim.thumbprint()));
      S3Settings s3Settings = settings(s3, "unused");

      Baselines.Timed read = Baselines.readAndHash(url, pem);
      double readSecs = read.seconds();
      System.out.printf(
          "(1) curl /folder | openssl dgst -sha256: %.0f MiB/s%s%n",
          capacity / MIB / readSecs,
          read.output().equals(expected) ? "" : "  (DIGEST MISMATCH " + read.output() + ")");

      double writeSecs = Baselines.singlePut(s3Settings, "put-probe", flat);
      System.out.printf(
          "(2) curl -T, one %d GiB PUT into S3Proxy: %.0f MiB/s%n",
          gib, capacity / MIB / writeSecs);

      OptionalDouble rclone = Baselines.rcloneCopyUrl(url, pem, s3Settings, "rclone", work);
      System.out.println(
          rclone.isPresent()
              ? String.format("(3) rclone copyurl: %.0f MiB/s", capacity / MIB / rclone.getAsDouble())
              : "(3) rclone copyurl: skipped, rclone is not installed");

      double limit = capacity / MIB / Math.max(readSecs, writeSecs);
      System.out.printf("limit = slower of (1) and (2): %.0f MiB/s%n", limit);
      DiskSource source = new DiskSource(url, capacity, "[LocalDS_0] DC0_H0_VM0/disk1.vmdk");
      heap.reset();
      start = System.nanoTime();
      new DiskTransfer(http, request -> {}, new DiscardingStore(), DiskTransferOptions.defaults())
          .run(DiskTransferRequest.whole(source), new DiscardingLog(), progress -> {});
      System.out.printf(
          "(5) engine read+hash only (8 MiB chunks, store discards): %s, peak heap %d MiB%n",
          rate(capacity, start), heap.peakMib());
      try (S3ObjectStore store = new S3ObjectStore(settings(s3, "put-only"))) {
        store.createBucketIfMissing();
        byte[] chunk = new byte[8 * 1024 * 1024];
        new SecureRandom().nextBytes(chunk);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        int count = (int) Math.min(64, capacity / chunk.length);
        start = System.nanoTime();
        for (int i = 0; i < count; i++) {
          chunk[0] = (byte) i;
          byte[] digest = sha.digest(chunk);
          store.putVerified("p/" + i, chunk, 0, chunk.length, digest, "application/octet-stream");
        }
        System.out.printf(
            "(6) SDK putVerified only, %d x 8 MiB one after the other: %s%n",
            count, rate((long) count * chunk.length, start));
      }
      Baselines.deleteTree(s3.directory().resolve("blobs").resolve("put-only"));
      for (int[] shape : SHAPES) {
        String bucketName = "engine-" + shape[0] + "m-ra" + shape[1];
        try (S3ObjectStore store = new S3ObjectStore(settings(s3, bucketName))) {
          store.createBucketIfMissing();
          DiskTransferOptions options =
              DiskTransferOptions.defaults()
                  .withChunkSize(shape[0] * 1024 * 1024)
                  .withReadAhead(shape[1]);
          heap.reset();
          start = System.nanoTime();
          DiskTransferResult result =
              new DiskTransfer(http, request -> {}, store, options)
                  .run(DiskTransferRequest.whole(source), new DiscardingLog(), progress -> {});
          double seconds = secs(start);
          double mibs = capacity / MIB / seconds;
          System.out.printf(
              "(4) engine chunk %2d MiB, read-ahead %d: %4.0f MiB/s, %.2f of limit, peak heap %4d"
                  + " MiB, read %d MiB, stored %d MiB in %d chunks, %d zero chunks%n",
              shape[0],
              shape[1],
              mibs,
              mibs / limit,
              heap.peakMib(),
              Math.round(result.bytesRead() / MIB),
              Math.round(result.bytesStored() / MIB),
              result.chunksStored(),
              result.zeroChunksRead());
        }
        Baselines.deleteTree(s3.directory().resolve("blobs").resolve(bucketName));
      }
    } finally {
      heap.close();
      Baselines.deleteTree(work);
    }
  }

  /** Records nothing: the benchmark measures the transfer, not PostgreSQL. */
  private static final class DiscardingLog implements ChunkLog {
    @Override
    public List<ChunkRef> load() {
      return List.of();
    }

    @Override
    public void record(List<ChunkRef> chunks) {}
  }

  /** Stores nothing: isolates reading and hashing. */
  private static final class DiscardingStore implements ObjectStore {
    @Override
    public StoredObject putVerified(
        String key, byte[] buffer, int offset, int length, byte[] sha256, String contentType) {
      return new StoredObject(key, length, HexFormat.of().formatHex(sha256));
    }

    @Override
    public StoredObject put(String key, byte[] content, String contentType) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<InputStream> open(String key) {
      return Optional.empty();
    }

    @Override
    public boolean exists(String key) {
      return false;
    }

    @Override
    public void delete(String key) {}

    @Override
    public void ping() {}
  }

  private static S3Settings settings(S3ProxyProcess s3, String bucket) {
    return new S3Settings(s3.endpoint(), "us-east-1", bucket, s3.accessKey(), s3.secretKey(), true);
  }

  private static double secs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String rate(long bytes, long startNanos) {
    return String.format("%.0f MiB/s", bytes / MIB / secs(startNanos));
  }
}
