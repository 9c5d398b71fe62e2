package io.safehold.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.safehold.activities.storage.ObjectStore.ObjectStoreException;
import io.safehold.testbed.s3.S3ProxyProcess;
import io.safehold.workflows.run.StoredObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link S3ObjectStore} against a real S3-compatible server: S3Proxy on its filesystem backend. */
class S3ObjectStoreContractTest {

  private static final String BUCKET = "safehold-test";

  @TempDir static Path dataDir;
  private static S3ProxyProcess proxy;

  private S3ObjectStore store;

  @BeforeAll
  static void startProxy() {
    proxy = S3ProxyProcess.start(dataDir, 0);
  }

  @AfterAll
  static void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @BeforeEach
  void openStore() {
    store = new S3ObjectStore(settings(BUCKET, proxy.secretKey()));
    store.createBucketIfMissing();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void whatIsPutReadsBackWithItsSizeAndSha256() throws Exception {
    byte[] content =
        "hostname sw-core-1\ninterface Gi0/1\n description uplink\n"
            .getBytes(StandardCharsets.UTF_8);

    StoredObject stored =
        store.put("configs/dev-1/sw-core-1_20260101_000000.txt", content, "text/plain");

    assertThat(stored.key()).isEqualTo("configs/dev-1/sw-core-1_20260101_000000.txt");
    assertThat(stored.size()).isEqualTo(content.length);
    assertThat(stored.sha256()).isEqualTo(hexSha256(content));
    assertThat(readAll(store.open(stored.key()))).isEqualTo(content);
    assertThat(store.exists(stored.key())).isTrue();
  }

  @Test
  void overwritingWithTheSameBytesIsHarmless() throws Exception {
    byte[] content = "same".getBytes(StandardCharsets.UTF_8);
    StoredObject first = store.put("configs/dev-1/same.txt", content, "text/plain");
    StoredObject second = store.put("configs/dev-1/same.txt", content, "text/plain");

    assertThat(second).isEqualTo(first);
    assertThat(readAll(store.open("configs/dev-1/same.txt"))).isEqualTo(content);
  }

  @Test
  void theStoreRejectsBytesThatDoNotMatchTheSentSha256() throws Exception {
    byte[] content = "hostname sw-core-1\n".getBytes(StandardCharsets.UTF_8);
    byte[] otherDigest = MessageDigest.getInstance("SHA-256").digest("something else".getBytes());

    ObjectStoreException e =
        catchThrowableOfType(
            ObjectStoreException.class,
            () -> store.put("configs/dev-1/damaged.txt", content, "text/plain", otherDigest));

    assertThat(e).isNotNull();
    assertThat(e.permanent()).isTrue();
    assertThat(e.getMessage()).contains("BadDigest").contains(BUCKET);
    assertThat(store.exists("configs/dev-1/damaged.txt")).isFalse();
  }

  @Test
  void aSliceOfABufferIsStoredAsItsOwnObject() throws Exception {
    byte[] buffer = "xxxxchunk bytesyyyy".getBytes(StandardCharsets.UTF_8);
    byte[] slice = "chunk bytes".getBytes(StandardCharsets.UTF_8);
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(slice);
    String key = BackupLayout.chunk(hexSha256(slice));

    StoredObject stored =
        store.putVerified(key, buffer, 4, slice.length, digest, "application/octet-stream");

    assertThat(key).isEqualTo("chunks/sha256/" + key.substring(14, 16) + "/" + hexSha256(slice));
    assertThat(stored).isEqualTo(new StoredObject(key, slice.length, hexSha256(slice)));
    assertThat(readAll(store.open(key))).isEqualTo(slice);
  }

  @Test
  void aSliceWhoseDigestDoesNotMatchIsRejectedPermanently() throws Exception {
    byte[] buffer = "xxxxchunk bytesyyyy".getBytes(StandardCharsets.UTF_8);
    byte[] digestOfWholeBuffer = MessageDigest.getInstance("SHA-256").digest(buffer);

    ObjectStoreException e =
        catchThrowableOfType(
            ObjectStoreException.class,
            () ->
                store.putVerified(
                    "chunks/sha256/00/damaged", buffer, 4, 11, digestOfWholeBuffer, "text/plain"));

    assertThat(e).isNotNull();
    assertThat(e.permanent()).isTrue();
    assertThat(e.getMessage()).contains("BadDigest");
    assertThat(store.exists("chunks/sha256/00/damaged")).isFalse();
  }

  @Test
  void chunkKeysAcceptOnlyALowerCaseSha256() {
    assertThatThrownBy(() -> BackupLayout.chunk("ABC"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BackupLayout.chunk("../".repeat(21) + "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMissingKeyIsEmptyNotAnError() throws Exception {
    assertThat(store.open("configs/nope/none.txt")).isEmpty();
    assertThat(store.exists("configs/nope/none.txt")).isFalse();
  }

  @Test
  void deletingTwiceIsFine() throws Exception {
    store.put("configs/dev-1/gone.txt", new byte[] {1, 2, 3}, "application/octet-stream");

    store.delete("configs/dev-1/gone.txt");
    store.delete("configs/dev-1/gone.txt");

    assertThat(store.exists("configs/dev-1/gone.txt")).isFalse();
    assertThat(store.open("configs/dev-1/gone.txt")).isEmpty();
  }

  @Test
  void aMissingBucketIsPermanentAndNamed() {
    try (S3ObjectStore missing = new S3ObjectStore(settings("no-such-bucket", proxy.secretKey()))) {
      ObjectStoreException ping = catchThrowableOfType(ObjectStoreException.class, missing::ping);
      ObjectStoreException put =
          catchThrowableOfType(
              ObjectStoreException.class, () -> missing.put("k", new byte[] {1}, "text/plain"));
      ObjectStoreException exists =
          catchThrowableOfType(ObjectStoreException.class, () -> missing.exists("k"));

      for (ObjectStoreException e : new ObjectStoreException[] {ping, put, exists}) {
        assertThat(e).isNotNull();
        assertThat(e.permanent()).isTrue();
        assertThat(e.getMessage())
            .contains(proxy.endpoint().toString())
            .contains("no-such-bucket")
            .contains("NoSuchBucket");
      }
    }
  }

  @Test
  void aWrongSecretIsPermanentAndDoesNotLeakTheSecret() {
    try (S3ObjectStore wrong = new S3ObjectStore(settings(BUCKET, "not-the-secret"))) {
      ObjectStoreException put =
          catchThrowableOfType(
              ObjectStoreException.class, () -> wrong.put("k", new byte[] {1}, "text/plain"));
      ObjectStoreException ping = catchThrowableOfType(ObjectStoreException.class, wrong::ping);

      for (ObjectStoreException e : new ObjectStoreException[] {put, ping}) {
        assertThat(e).isNotNull();
        assertThat(e.permanent()).isTrue();
        assertThat(e.getMessage())
            .contains(BUCKET)
            .contains("credentials")
            .doesNotContain("not-the-secret");
      }
    }
  }

  @Test
  void anUnreachableStoreIsTransient() {
    S3Settings nowhere =
        new S3Settings(
            java.net.URI.create("http://127.0.0.1:1"), "us-east-1", BUCKET, "a", "b", true);
    try (S3ObjectStore unreachable = new S3ObjectStore(nowhere)) {
      ObjectStoreException e = catchThrowableOfType(ObjectStoreException.class, unreachable::ping);

      assertThat(e).isNotNull();
      assertThat(e.permanent()).isFalse();
      assertThat(e.getMessage()).contains("http://127.0.0.1:1").contains(BUCKET);
    }
  }

  @Test
  void objectsSurviveARestartOnTheSameDirectory(@TempDir Path ownDir) throws Exception {
    byte[] content = "kept".getBytes(StandardCharsets.UTF_8);
    try (S3ProxyProcess first = S3ProxyProcess.start(ownDir, 0);
        S3ObjectStore before = new S3ObjectStore(settingsFor(first))) {
      before.createBucketIfMissing();
      before.put("configs/dev-1/kept.txt", content, "text/plain");
    }
    try (S3ProxyProcess second = S3ProxyProcess.start(ownDir, 0);
        S3ObjectStore after = new S3ObjectStore(settingsFor(second))) {
      assertThat(readAll(after.open("configs/dev-1/kept.txt"))).isEqualTo(content);
    }
  }

  @Test
  void aBusyPortIsRefusedWithAClearMessage(@TempDir Path ownDir) {
    int busyPort = proxy.endpoint().getPort();

    assertThatThrownBy(() -> S3ProxyProcess.start(ownDir, busyPort))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Port " + busyPort + " on 127.0.0.1 is already in use");
  }

  @Test
  void settingsNeverPrintTheSecret() {
    assertThat(settings(BUCKET, "s3cr3t-value").toString())
        .doesNotContain("s3cr3t-value")
        .contains(BUCKET);
  }

  private static S3Settings settings(String bucket, String secret) {
    return new S3Settings(proxy.endpoint(), "us-east-1", bucket, proxy.accessKey(), secret, true);
  }

  private static S3Settings settingsFor(S3ProxyProcess process) {
    return new S3Settings(
        process.endpoint(), "us-east-1", BUCKET, process.accessKey(), process.secretKey(), true);
  }

  private static byte[] readAll(Optional<InputStream> stream) throws Exception {
    assertThat(stream).isPresent();
    try (InputStream in = stream.get()) {
      return in.readAllBytes();
    }
  }

  private static String hexSha256(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }
}
