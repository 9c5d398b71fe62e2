package io.safehold.activities.vsphere.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.safehold.activities.storage.BackupLayout;
import io.safehold.activities.storage.ObjectStore;
import io.safehold.activities.storage.S3ObjectStore;
import io.safehold.activities.storage.S3Settings;
import io.safehold.activities.vsphere.VSphereEndpoint;
import io.safehold.activities.vsphere.VSphereTls;
import io.safehold.testbed.net.ConnectionCuttingProxy;
import io.safehold.testbed.s3.S3ProxyProcess;
import io.safehold.testbed.vcsim.DiskContent;
import io.safehold.testbed.vcsim.VcsimProcess;
import io.safehold.workflows.run.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DiskTransfer} from a real vcsim datastore ({@code /folder} over pinned TLS) into a real
 * S3Proxy bucket.
 */
class DiskTransferTest {

  private static final int DISK_MIB = 64;
  private static final long CAPACITY = DISK_MIB * 1024L * 1024L;

  /** 12 CBT blocks: not a divisor of the disk, so the last chunk is short. */
  private static final int CHUNK = 768 * 1024;

  private static final String VM = "DC0_H0_VM0";

  @TempDir static Path s3Dir;
  private static S3ProxyProcess s3;
  private static VcsimProcess vcsim;
  private static HttpClient http;
  private static final AtomicInteger buckets = new AtomicInteger();

  private S3ObjectStore store;
  private String bucket;

  /** Counts the requests the engine sends to vcsim: it adds the session to each. */
  private final AtomicInteger requests = new AtomicInteger();

  private final Consumer<HttpRequest.Builder> session =
      request -> {
        // vcsim's /folder does not check the session; the count shows one GET per span.
        requests.incrementAndGet();
        request.header("Cookie", "vmware_soap_session=\"test-session\"");
      };

  @BeforeAll
  static void startPeers() throws Exception {
    s3 = S3ProxyProcess.start(s3Dir, 0);
    vcsim = VcsimProcess.start(VcsimProcess.Options.defaults().withDiskMib(DISK_MIB));
    http = pinnedClient(vcsim);
  }

  @AfterAll
  static void stopPeers() {
    if (vcsim != null) {
      vcsim.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @BeforeEach
  void openStore() {
    bucket = "disks-" + buckets.incrementAndGet();
    store = new S3ObjectStore(settings(s3.endpoint()));
    store.createBucketIfMissing();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void aFullTransferStoresEveryNonZeroChunkUnderItsOwnHash() throws Exception {
    Path disk = vcsim.flatFile(VM);
    DiskContent.writeRandomWithZeroRuns(disk, CAPACITY, 0.4, 1);
    List<DiskTransferProgress> beats = new ArrayList<>();

    DiskTransferResult result =
        transfer(options()).run(wholeDisk(), new InMemoryChunkLog(), beats::add);

    assertThat(assembledSha256(result.chunks())).isEqualTo(DiskContent.sha256(disk, CAPACITY));
    assertThat(result.chunks()).hasSize(86);
    assertThat(result.chunks().get(85).length()).isEqualTo(256 * 1024);
    assertThat(result.bytesRead()).isEqualTo(CAPACITY);
    assertThat(requests.get()).as("one GET for the one span").isEqualTo(1);

    List<ChunkRef> zeros = result.chunks().stream().filter(ChunkRef::isZero).toList();
    assertThat(zeros).isNotEmpty();
    assertThat(result.zeroChunksRead()).isEqualTo(zeros.size());
    for (ChunkRef zero : zeros) {
      assertThat(store.exists(BackupLayout.chunk(sha256Hex(new byte[zero.length()])))).isFalse();
    }

    Set<String> expectedKeys = new HashSet<>();
    long expectedBytes = 0;
    for (ChunkRef chunk : result.chunks()) {
      if (!chunk.isZero() && expectedKeys.add(BackupLayout.chunk(chunk.sha256()))) {
        expectedBytes += chunk.length();
      }
    }
    assertThat(storedChunkKeys()).isEqualTo(expectedKeys);
    assertThat(result.bytesStored()).isEqualTo(expectedBytes);
    assertThat(beats).hasSize(86);
    assertThat(beats.get(85))
        .isEqualTo(new DiskTransferProgress(CAPACITY, 86, CAPACITY, expectedBytes));
  }

  @Test
  void aSecondFullTransferOfAnUnchangedDiskStoresNothing() throws Exception {
    DiskContent.writeRandomWithZeroRuns(vcsim.flatFile(VM), CAPACITY, 0.3, 2);
    DiskTransferResult first =
        transfer(options()).run(wholeDisk(), new InMemoryChunkLog(), b -> {});
    Set<String> keysAfterFirst = storedChunkKeys();

    DiskTransferResult again =
        transfer(options()).run(wholeDisk(), new InMemoryChunkLog(), b -> {});
    DiskTransferResult withBase =
        transfer(options())
            .run(
                new DiskTransferRequest(
                    wholeDisk().source(), wholeDisk().extents(), first.chunks()),
                new InMemoryChunkLog(),
                b -> {});

    assertThat(first.bytesStored()).isPositive();
    for (DiskTransferResult second : List.of(again, withBase)) {
      assertThat(second.bytesStored()).isZero();
      assertThat(second.chunksStored()).isZero();
      assertThat(second.bytesRead()).isEqualTo(CAPACITY);
      assertThat(second.chunks()).isEqualTo(first.chunks());
    }
    assertThat(storedChunkKeys()).isEqualTo(keysAfterFirst);
  }

  @Test
  void aNewAttemptAfterACrashReadsAtMostOneChunkAgain() throws Exception {
    Path disk = vcsim.flatFile(VM);
    DiskContent.writeRandomWithZeroRuns(disk, CAPACITY, 0.2, 3);
    InMemoryChunkLog log = new InMemoryChunkLog();
    // The worker dies after storing chunk 20 and before recording it: the worst moment.
    log.failOnce(chunk -> chunk.index() == 20);
    DiskTransfer killed = transfer(options());

    catchThrowableOfType(IllegalStateException.class, () -> killed.run(wholeDisk(), log, b -> {}));
    assertThat(log.load()).hasSize(20);

    DiskTransfer next = transfer(options());
    DiskTransferResult resumed = next.run(wholeDisk(), log, b -> {});

    assertThat(resumed.chunksResumed()).isEqualTo(20);
    assertThat(resumed.chunks()).hasSize(86);
    assertThat(log.load()).isEqualTo(resumed.chunks());
    assertThat(assembledSha256(resumed.chunks())).isEqualTo(DiskContent.sha256(disk, CAPACITY));
    long readAgain = killed.bytesRead() + next.bytesRead() - CAPACITY;
    assertThat(readAgain).isBetween(0L, (long) CHUNK);
  }

  @Test
  void aHeartbeatThatStopsTheWorkerLosesNoRecordedChunk() throws Exception {
    Path disk = vcsim.flatFile(VM);
    DiskContent.writeRandomWithZeroRuns(disk, CAPACITY, 0.2, 4);
    InMemoryChunkLog log = new InMemoryChunkLog();
    DiskTransfer killed = transfer(options());

    catchThrowableOfType(
        IllegalStateException.class,
        () ->
            killed.run(
                wholeDisk(),
                log,
                progress -> {
                  if (progress.chunksDone() == 33) {
                    throw new IllegalStateException("worker killed");
                  }
                }));
    DiskTransfer next = transfer(options());
    DiskTransferResult resumed = next.run(wholeDisk(), log, b -> {});

    assertThat(resumed.chunksResumed()).isEqualTo(33);
    assertThat(assembledSha256(resumed.chunks())).isEqualTo(DiskContent.sha256(disk, CAPACITY));
    assertThat(killed.bytesRead() + next.bytesRead() - CAPACITY).isBetween(0L, (long) CHUNK);
  }

  @Test
  void anIncrementalReadsOnlyTheChunksItsExtentsTouch() throws Exception {
    Path disk = vcsim.flatFile(VM);
    DiskContent.writeRandomWithZeroRuns(disk, CAPACITY, 0.3, 5);
    DiskTransferResult base = transfer(options()).run(wholeDisk(), new InMemoryChunkLog(), b -> {});
    List<DiskExtent> changed =
        List.of(
            new DiskExtent(5 * 1024 * 1024 + 100, 4000), // inside chunk 6
            new DiskExtent(20L * 1024 * 1024, 3 * 1024 * 1024), // 19.5 MiB..23.25 MiB: chunks 26..30
            new DiskExtent(CAPACITY - 1000, 1000)); // the short last chunk, 85
    for (DiskExtent extent : changed) {
      DiskContent.overwrite(disk, extent.offset(), (int) extent.length(), extent.offset());
    }
    requests.set(0);

    DiskTransferResult incremental =
        transfer(options())
            .run(
                new DiskTransferRequest(wholeDisk().source(), changed, base.chunks()),
                new InMemoryChunkLog(),
                b -> {});

    assertThat(assembledSha256(incremental.chunks())).isEqualTo(DiskContent.sha256(disk, CAPACITY));
    assertThat(incremental.chunksRead()).isEqualTo(1 + 5 + 1);
    assertThat(incremental.bytesRead()).isEqualTo(6L * CHUNK + 256 * 1024);
    assertThat(incremental.chunksInherited()).isEqualTo(86 - 7);
    assertThat(incremental.bytesStored()).isEqualTo(6L * CHUNK + 256 * 1024);
    assertThat(requests.get()).as("one GET per run of chunks").isEqualTo(3);
    for (int index = 0; index < 86; index++) {
      if (index != 6 && (index < 26 || index > 30) && index != 85) {
        assertThat(incremental.chunks().get(index)).isEqualTo(base.chunks().get(index));
      }
    }
  }

  @Test
  void aFlatFileShorterThanTheDiskReadsAsZerosUpToTheCapacity() throws Exception {
    Path disk = vcsim.flatFile(VM);
    long written = 10L * 1024 * 1024 + 512 * 1024 + 7;
    DiskContent.writeRandomWithZeroRuns(disk, written, 0.0, 6);
    Path empty = vcsim.flatFile("DC0_H0_VM1");
    Files.write(empty, new byte[0]);

    DiskTransferResult result =
        transfer(options()).run(wholeDisk(), new InMemoryChunkLog(), b -> {});
    DiskTransferResult emptyResult =
        transfer(options())
            .run(
                DiskTransferRequest.whole(
                    new DiskSource(
                        vcsim.folderUrl("DC0_H0_VM1/disk1-flat.vmdk"), CAPACITY, "[ds] VM1")),
                new InMemoryChunkLog(),
                b -> {});

    assertThat(Files.size(disk)).isEqualTo(written);
    assertThat(assembledSha256(result.chunks())).isEqualTo(DiskContent.sha256(disk, CAPACITY));
    assertThat(result.bytesRead()).isEqualTo(CAPACITY);
    long firstChunkPastTheFile = written / CHUNK + 1;
    assertThat(result.chunks().subList((int) firstChunkPastTheFile, 86)).allMatch(ChunkRef::isZero);
    assertThat(result.chunks().get((int) (written / CHUNK)).isZero()).isFalse();
    assertThat(emptyResult.chunks()).hasSize(86).allMatch(ChunkRef::isZero);
    assertThat(emptyResult.bytesStored()).isZero();
  }

  @Test
  void connectionsToTheStoreDroppedMidUploadAreRetried() throws Exception {
    Path disk = vcsim.flatFile(VM);
    DiskContent.writeRandomWithZeroRuns(disk, CAPACITY, 0.2, 7);
    try (ConnectionCuttingProxy cutter =
            ConnectionCuttingProxy.start(
                new InetSocketAddress("127.0.0.1", s3.endpoint().getPort()), 3, 300 * 1024);
        S3ObjectStore flaky =
            new S3ObjectStore(settings(URI.create("http://127.0.0.1:" + cutter.port())))) {
      DiskTransfer transfer =
          new DiskTransfer(
              http, session, flaky, options().withStoreRetries(4, Duration.ofMillis(50)));

      DiskTransferResult result = transfer.run(wholeDisk(), new InMemoryChunkLog(), b -> {});

      assertThat(cutter.connectionsCut()).isEqualTo(3);
      assertThat(assembledSha256(result.chunks())).isEqualTo(DiskContent.sha256(disk, CAPACITY));
      for (String key : storedChunkKeys()) {
        assertThat(key).endsWith(sha256Hex(read(key)));
      }
    }
  }

  @Test
  void aStoreThatRejectsAChunksChecksumStopsTheTransferNamingTheChunk() throws Exception {
    DiskContent.writeRandomWithZeroRuns(vcsim.flatFile(VM), CAPACITY, 0.0, 8);
    ObjectStore lying = new DigestFlippingStore(store);

    DiskTransferException e =
        catchThrowableOfType(
            DiskTransferException.class,
            () ->
                new DiskTransfer(http, session, lying, options())
                    .run(wholeDisk(), new InMemoryChunkLog(), b -> {}));

    assertThat(e).isNotNull();
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("chunk 0 (chunks/sha256/")
        .contains("[LocalDS_0] " + VM)
        .contains("BadDigest");
    assertThat(storedChunkKeys()).isEmpty();
  }

  @Test
  void vcsimStoppedMidReadIsARetryableErrorNamingDiskOffsetAndHost() throws Exception {
    try (VcsimProcess own =
        VcsimProcess.start(VcsimProcess.Options.defaults().withDiskMib(DISK_MIB))) {
      DiskContent.writeRandomWithZeroRuns(own.flatFile(VM), CAPACITY, 0.0, 9);
      DiskSource source =
          new DiskSource(own.folderUrl(VM + "/disk1-flat.vmdk"), CAPACITY, "[LocalDS_0] " + VM);
      String host = "127.0.0.1:" + own.sdkUrl().getPort();
      InMemoryChunkLog log = new InMemoryChunkLog();
      DiskTransfer transfer =
          new DiskTransfer(
              pinnedClient(own),
              session,
              store,
              options().withReadRetries(2, Duration.ofMillis(100)));

      DiskTransferException e =
          catchThrowableOfType(
              DiskTransferException.class,
              () ->
                  transfer.run(
                      DiskTransferRequest.whole(source),
                      log,
                      progress -> {
                        if (progress.chunksDone() == 3) {
                          own.close();
                        }
                      }));

      assertThat(e).isNotNull();
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage())
          .startsWith("Could not read disk [LocalDS_0] " + VM + " at offset ")
          .contains("from " + host);
      long offset = Long.parseLong(e.getMessage().replaceAll(".* at offset (\\d+) from .*", "$1"));
      assertThat(offset).isGreaterThanOrEqualTo(3L * CHUNK).isLessThan(CAPACITY);
      assertThat(log.load().size()).isGreaterThanOrEqualTo(3);
    }
  }

  private DiskTransfer transfer(DiskTransferOptions options) {
    return new DiskTransfer(http, session, store, options);
  }

  /** The client production uses for datastore reads, trusting exactly vcsim's certificate. */
  private static HttpClient pinnedClient(VcsimProcess vcsim) {
    return VSphereTls.httpClient(VSphereEndpoint.pinned(vcsim.sdkUrl(), vcsim.thumbprint()));
  }

  private static DiskTransferOptions options() {
    return DiskTransferOptions.defaults()
        .withChunkSize(CHUNK)
        .withStoreRetries(3, Duration.ofMillis(50));
  }

  private static DiskTransferRequest wholeDisk() {
    return DiskTransferRequest.whole(
        new DiskSource(vcsim.folderUrl(VM + "/disk1-flat.vmdk"), CAPACITY, "[LocalDS_0] " + VM));
  }

  private S3Settings settings(URI endpoint) {
    return new S3Settings(endpoint, "us-east-1", bucket, s3.accessKey(), s3.secretKey(), true);
  }

  /** The disk as a restore would rebuild it from the chunk list: stored chunks and zeros. */
  private String assembledSha256(List<ChunkRef> chunks) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    long expectedIndex = 0;
    for (ChunkRef chunk : chunks) {
      assertThat(chunk.index()).isEqualTo(expectedIndex++);
      if (chunk.isZero()) {
        digest.update(new byte[chunk.length()]);
      } else {
        byte[] content = read(BackupLayout.chunk(chunk.sha256()));
        assertThat(content).hasSize(chunk.length());
        digest.update(content);
      }
    }
    return hex(digest.digest());
  }

  private byte[] read(String key) throws IOException {
    Optional<InputStream> stream = store.open(key);
    assertThat(stream).as(key).isPresent();
    try (InputStream in = stream.get()) {
      return in.readAllBytes();
    }
  }

  /** Every chunk key in the bucket, from S3Proxy's filesystem backend (one file per object). */
  private Set<String> storedChunkKeys() throws IOException {
    Path root = s3.directory().resolve("blobs").resolve(bucket);
    Path chunks = root.resolve("chunks");
    if (!Files.isDirectory(chunks)) {
      return Set.of();
    }
    Set<String> keys = new HashSet<>();
    try (Stream<Path> files = Files.walk(chunks)) {
      files
          .filter(Files::isRegularFile)
          .forEach(file -> keys.add(root.relativize(file).toString().replace('\\', '/')));
    }
    return keys;
  }

  private static String sha256Hex(byte[] content) throws Exception {
    return hex(MessageDigest.getInstance("SHA-256").digest(content));
  }

  private static String hex(byte[] digest) {
    return java.util.HexFormat.of().formatHex(digest);
  }

  /** Passes every chunk to the real store with a wrong SHA-256, as a corrupting path would. */
  private static final class DigestFlippingStore implements ObjectStore {
    private final ObjectStore real;

    DigestFlippingStore(ObjectStore real) {
      this.real = real;
    }

    @Override
    public StoredObject putVerified(
        String key, byte[] buffer, int offset, int length, byte[] sha256, String contentType) {
      byte[] wrong = sha256.clone();
      wrong[0] ^= 1;
      return real.putVerified(key, buffer, offset, length, wrong, contentType);
    }

    @Override
    public StoredObject put(String key, byte[] content, String contentType) {
      return real.put(key, content, contentType);
    }

    @Override
    public Optional<InputStream> open(String key) throws IOException {
      return real.open(key);
    }

    @Override
    public boolean exists(String key) {
      return real.exists(key);
    }

    @Override
    public void delete(String key) {
      real.delete(key);
    }

    @Override
    public void ping() {
      real.ping();
    }
  }
}
