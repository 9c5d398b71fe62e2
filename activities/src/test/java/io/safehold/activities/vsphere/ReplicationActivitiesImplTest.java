package io.safehold.activities.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safehold.activities.storage.BackupLayout;
import io.safehold.activities.storage.ObjectStore;
import io.safehold.activities.storage.ObjectStore.ObjectStoreException;
import io.safehold.activities.storage.ReplicationTargets;
import io.safehold.activities.storage.S3ObjectStore;
import io.safehold.activities.storage.S3Settings;
import io.safehold.testbed.net.ConnectionCuttingProxy;
import io.safehold.testbed.s3.S3ProxyProcess;
import io.safehold.workflows.run.StoredObject;
import io.safehold.workflows.vsphere.ReplicationActivities;
import io.safehold.workflows.vsphere.ReplicationResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ReplicationActivitiesImpl} through Temporal's activity test environment, from one bucket
 * of a real S3Proxy to another, with a backup written in the manifest's documented shape.
 */
class ReplicationActivitiesImplTest {

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static final int SMALL = 16 * 1024;
  private static final int LARGE = 256 * 1024;

  @TempDir static Path dataDir;
  private static S3ProxyProcess s3;

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private S3ObjectStore primary;
  private S3ObjectStore offsite;
  private TestActivityEnvironment env;
  private Backup backup;

  /** What the test wrote to the primary: every key with its bytes, the manifest last. */
  private record Backup(
      String runId, String manifestKey, Map<String, byte[]> objects, String largeChunkKey) {}

  @BeforeAll
  static void startS3() {
    s3 = S3ProxyProcess.start(dataDir, 0);
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    int n = BUCKETS.incrementAndGet();
    primary = bucket(s3.endpoint(), "primary-" + n);
    primary.createBucketIfMissing();
    offsite = bucket(s3.endpoint(), "offsite-" + n);
    offsite.createBucketIfMissing();
    backup = writeBackup(primary);
    env = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void tearDown() throws Exception {
    env.close();
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  @Test
  void everyObjectReachesTheTargetWithIdenticalBytesAndTheManifestLast() throws Exception {
    RecordingStore target = new RecordingStore(offsite);

    ReplicationResult result = replicate(Map.of("offsite", target), "offsite");

    // 4 distinct stored chunks (a zero chunk and 2 repeats are not copied), 2 files, the manifest.
    assertThat(result).isEqualTo(new ReplicationResult("offsite", 7, 0, totalBytes()));
    for (Map.Entry<String, byte[]> object : backup.objects().entrySet()) {
      assertThat(read(offsite, object.getKey())).as(object.getKey()).isEqualTo(object.getValue());
    }
    assertThat(target.puts).hasSize(7).endsWith(backup.manifestKey());
  }

  @Test
  void replicatingAgainCopiesNothing() throws Exception {
    RecordingStore target = new RecordingStore(offsite);
    ReplicationActivities activities = stub(Map.of("offsite", target));
    replicate(activities);
    target.puts.clear();

    ReplicationResult again = replicate(activities);

    assertThat(again).isEqualTo(new ReplicationResult("offsite", 0, 7, 0));
    assertThat(target.puts).isEmpty();
  }

  @Test
  void aTargetThatDropsConnectionsFailsRetryablyAndTheRetryResumesFromTheHeartbeat()
      throws Exception {
    // Every connection of the first four is reset after 100 KiB: the two small chunks get through
    // on the first, the 256 KiB chunk never does until the cut connections are used up.
    try (ConnectionCuttingProxy cutter =
        ConnectionCuttingProxy.start(
            new InetSocketAddress("127.0.0.1", s3.endpoint().getPort()), 4, 100 * 1024)) {
      S3ObjectStore flaky =
          bucket(URI.create("http://127.0.0.1:" + cutter.port()), offsite.settings().bucket());
      AtomicReference<ReplicationProgress> last = new AtomicReference<>();
      env.setActivityHeartbeatListener(ReplicationProgress.class, last::set);
      ReplicationActivities activities = stub(Map.of("offsite", flaky));

      ApplicationFailure first = failure(() -> replicate(activities));

      assertThat(first.isNonRetryable()).isFalse();
      assertThat(first.getType()).isEqualTo(ReplicationActivitiesImpl.STORE_FAILED);
      assertThat(first.getOriginalMessage())
          .contains("target 'offsite'")
          .contains(backup.largeChunkKey());
      // Heartbeats are throttled: the last one recorded names one or both small chunks.
      ReplicationProgress recorded = last.get();
      assertThat(recorded.entriesDone()).isBetween(1L, 2L);
      assertThat(recorded)
          .isEqualTo(
              new ReplicationProgress(
                  8,
                  recorded.entriesDone(),
                  recorded.entriesDone(),
                  0,
                  recorded.entriesDone() * SMALL));
      assertThat(read(offsite, backup.manifestKey())).isNull();

      ReplicationResult result = null;
      for (int attempt = 2; result == null && attempt <= 5; attempt++) {
        env.setHeartbeatDetails(last.get());
        try {
          result = replicate(activities);
        } catch (ActivityFailure e) {
          assertThat(((ApplicationFailure) e.getCause()).isNonRetryable()).isFalse();
        }
      }

      assertThat(cutter.connectionsCut()).isEqualTo(4);
      // The recorded entries were skipped with their counts; only a small chunk copied after the
      // last recorded heartbeat was checked again, and found present.
      long unrecorded = 2 - recorded.entriesDone();
      assertThat(result)
          .isEqualTo(
              new ReplicationResult(
                  "offsite", 7 - unrecorded, unrecorded, totalBytes() - unrecorded * SMALL));
      for (Map.Entry<String, byte[]> object : backup.objects().entrySet()) {
        assertThat(read(offsite, object.getKey())).as(object.getKey()).isEqualTo(object.getValue());
      }
    }
  }

  @Test
  void aCorruptedPrimaryChunkStopsReplicationNamingItAndTheTargetGetsNoManifest() throws Exception {
    byte[] damaged = backup.objects().get(backup.largeChunkKey()).clone();
    damaged[1000] ^= 0x01;
    primary.put(backup.largeChunkKey(), damaged, "application/octet-stream");

    ApplicationFailure failure = failure(() -> replicate(Map.of("offsite", offsite), "offsite"));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(ReplicationActivitiesImpl.SOURCE_CORRUPT);
    assertThat(failure.getOriginalMessage())
        .contains(backup.largeChunkKey())
        .contains(backup.runId())
        .contains("'offsite'");
    assertThat(read(offsite, backup.largeChunkKey())).isNull();
    assertThat(read(offsite, backup.manifestKey())).isNull();
  }

  @Test
  void anUnknownTargetIsRefusedListingTheConfiguredOnes() {
    ApplicationFailure failure =
        failure(() -> replicate(Map.of("offsite", offsite, "dr", primary), "elsewhere"));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(ReplicationActivities.UNKNOWN_TARGET);
    assertThat(failure.getOriginalMessage())
        .contains("'elsewhere'")
        .contains("dr, offsite")
        .contains("replication.targets");
  }

  @Test
  void aMissingTargetBucketIsAConfigurationErrorAndIsNotCreated() throws Exception {
    S3ObjectStore missing = bucket(s3.endpoint(), "not-created-" + BUCKETS.incrementAndGet());

    ApplicationFailure failure = failure(() -> replicate(Map.of("offsite", missing), "offsite"));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("'offsite'")
        .contains(missing.settings().bucket())
        .contains("NoSuchBucket")
        .contains("never creates");
    assertThatThrownBy(missing::ping).isInstanceOf(ObjectStoreException.class);
  }

  @Test
  void aManifestOfAnotherFormatIsRefusedBeforeAnyCopy() throws Exception {
    primary.put(
        backup.manifestKey(),
        "{\"format\":\"safehold-vm-backup/9\",\"disks\":[]}".getBytes(StandardCharsets.UTF_8),
        "application/json");
    RecordingStore target = new RecordingStore(offsite);

    ApplicationFailure failure = failure(() -> replicate(Map.of("offsite", target), "offsite"));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(ReplicationActivitiesImpl.INVALID_MANIFEST);
    assertThat(failure.getOriginalMessage()).contains("safehold-vm-backup/9");
    assertThat(target.puts).isEmpty();
  }

  private ReplicationResult replicate(Map<String, ObjectStore> targets, String target) {
    return stub(targets).replicate(backup.runId(), backup.manifestKey(), target);
  }

  private ReplicationResult replicate(ReplicationActivities activities) {
    return activities.replicate(backup.runId(), backup.manifestKey(), "offsite");
  }

  private ReplicationActivities stub(Map<String, ObjectStore> targets) {
    env.registerActivitiesImplementations(
        new ReplicationActivitiesImpl(primary, new ReplicationTargets(targets)));
    return env.newActivityStub(
        ReplicationActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  /** The application failure {@code call} ends with, or null when it does not fail. */
  private static ApplicationFailure failure(Runnable call) {
    try {
      call.run();
      return null;
    } catch (ActivityFailure e) {
      assertThat(e.getCause()).isInstanceOf(ApplicationFailure.class);
      return (ApplicationFailure) e.getCause();
    } catch (RuntimeException e) {
      return ApplicationFailure.newFailure(e.getMessage(), e.getClass().getName());
    }
  }

  private long totalBytes() {
    return backup.objects().values().stream().mapToLong(b -> b.length).sum();
  }

  private S3ObjectStore bucket(URI endpoint, String bucket) {
    S3ObjectStore store =
        new S3ObjectStore(
            new S3Settings(endpoint, "us-east-1", bucket, s3.accessKey(), s3.secretKey(), true));
    toClose.add(store);
    return store;
  }

  private static byte[] read(ObjectStore store, String key) throws IOException {
    Optional<InputStream> in = store.open(key);
    if (in.isEmpty()) {
      return null;
    }
    try (InputStream stream = in.get()) {
      return stream.readAllBytes();
    }
  }

  /**
   * A two-disk backup in the documented shape: disk 2000 holds chunks a, b, a zero chunk, c and a
   * again; disk 2001 holds d and c again; then a .vmx and an .nvram.
   */
  private static Backup writeBackup(ObjectStore store) throws Exception {
    String vmId = UUID.randomUUID().toString();
    String runId = UUID.randomUUID().toString();
    Random random = new Random(42);
    byte[] a = bytes(random, SMALL);
    byte[] b = bytes(random, SMALL);
    byte[] c = bytes(random, LARGE);
    byte[] d = bytes(random, 200 * 1024);
    Map<String, byte[]> objects = new LinkedHashMap<>();
    for (byte[] chunk : List.of(a, b, c, d)) {
      StoredObject stored = store.put(BackupLayout.chunk(sha256(chunk)), chunk, "x/y");
      objects.put(stored.key(), chunk);
    }

    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = json.createObjectNode();
    manifest.put("format", VmCatalogActivitiesImpl.FORMAT);
    manifest.put("safeholdVersion", "test");
    manifest.put("runId", runId);
    manifest.putObject("vm").put("id", vmId).put("name", "web");
    manifest.put("chunkSize", LARGE);
    manifest.put("chunkKey", BackupLayout.CHUNK_KEY_PATTERN);
    ArrayNode disks = manifest.putArray("disks");
    ObjectNode first = disks.addObject().put("key", 2000).put("label", "Hard disk 1");
    ArrayNode firstChunks = first.putArray("chunks");
    chunk(firstChunks, a);
    chunk(firstChunks, b);
    firstChunks.addArray().addNull().add(LARGE);
    chunk(firstChunks, c);
    chunk(firstChunks, a);
    first.put("bytesStored", 3 * SMALL + LARGE);
    ObjectNode second = disks.addObject().put("key", 2001).put("label", "Hard disk 2");
    ArrayNode secondChunks = second.putArray("chunks");
    chunk(secondChunks, d);
    chunk(secondChunks, c);
    ArrayNode files = manifest.putArray("files");
    for (Map.Entry<String, byte[]> file :
        Map.of(
                "web.vmx", "displayName = \"web\"\n".getBytes(StandardCharsets.UTF_8),
                "web.nvram", bytes(random, 8192))
            .entrySet()) {
      StoredObject stored =
          store.put(BackupLayout.vmFile(vmId, runId, file.getKey()), file.getValue(), "x/y");
      objects.put(stored.key(), file.getValue());
      files
          .addObject()
          .put("key", stored.key())
          .put("size", stored.size())
          .put("sha256", stored.sha256());
    }
    byte[] manifestBytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
    String manifestKey = BackupLayout.vmManifest(vmId, runId);
    store.put(manifestKey, manifestBytes, "application/json");
    objects.put(manifestKey, manifestBytes);
    return new Backup(runId, manifestKey, objects, BackupLayout.chunk(sha256(c)));
  }

  private static void chunk(ArrayNode chunks, byte[] content) throws Exception {
    chunks.addArray().add(sha256(content)).add(content.length);
  }

  private static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }

  /** The target, recording the keys written to it in order. */
  private static final class RecordingStore implements ObjectStore {
    private final ObjectStore delegate;
    final List<String> puts = new ArrayList<>();

    RecordingStore(ObjectStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public StoredObject put(String key, byte[] content, String contentType) {
      puts.add(key);
      return delegate.put(key, content, contentType);
    }

    @Override
    public StoredObject putVerified(
        String key, byte[] buffer, int offset, int length, byte[] sha256, String contentType) {
      puts.add(key);
      return delegate.putVerified(key, buffer, offset, length, sha256, contentType);
    }

    @Override
    public StoredObject putVerified(
        String key, Content content, long length, byte[] sha256, String contentType) {
      puts.add(key);
      return delegate.putVerified(key, content, length, sha256, contentType);
    }

    @Override
    public Optional<InputStream> open(String key) throws IOException {
      return delegate.open(key);
    }

    @Override
    public boolean exists(String key) {
      return delegate.exists(key);
    }

    @Override
    public void delete(String key) {
      delegate.delete(key);
    }

    @Override
    public void ping() {
      delegate.ping();
    }
  }
}
