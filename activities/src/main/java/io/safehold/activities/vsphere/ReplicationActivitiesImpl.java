package io.safehold.activities.vsphere;

import io.safehold.activities.storage.ObjectStore;
import io.safehold.activities.storage.ObjectStore.ObjectStoreException;
import io.safehold.activities.storage.ReplicationTargets;
import io.safehold.activities.vsphere.VmManifestReader.BackupObject;
import io.safehold.activities.vsphere.VmManifestReader.InvalidManifestException;
import io.safehold.workflows.vsphere.ReplicationActivities;
import io.safehold.workflows.vsphere.ReplicationResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Copies a finished VM backup from the primary store to a named secondary target: every distinct
 * stored chunk and every config file its manifest names, then the manifest itself, under the same
 * keys.
 *
 * <p>Each object is read from the primary into one buffer (the largest chunk of the backup, 8 MiB
 * by default; at most {@value #MAX_OBJECT_BYTES} bytes), hashed, compared with the SHA-256 the
 * manifest records, and only then PUT with that SHA-256 so the target verifies the bytes it
 * received. A primary object that does not match is corruption: the replication stops non-retryably
 * ({@link #SOURCE_CORRUPT}) naming it, and the target never gets the manifest. The manifest is read
 * three times as a stream (check and hash, walk, copy) and never held.
 *
 * <p>Objects the target already holds are not copied: chunks are named by their hash and every
 * object of a run is written once, so presence means the same bytes. That makes a retry cheap, and
 * the heartbeat ({@link ReplicationProgress}) lets it skip even the HEADs of what an earlier
 * attempt finished.
 */
public final class ReplicationActivitiesImpl implements ReplicationActivities, AutoCloseable {

  /** The manifest, or an object it names, is not in the primary store. */
  public static final String SOURCE_MISSING = "ReplicationSourceMissing";

  /** A primary object's bytes do not have the SHA-256 or size the manifest records. */
  public static final String SOURCE_CORRUPT = "ReplicationSourceCorrupt";

  /** The manifest key or the manifest itself is not one of a VM backup. */
  public static final String INVALID_MANIFEST = "ReplicationManifestInvalid";

  /** The primary or target store failed; retryable unless the store says it is permanent. */
  public static final String STORE_FAILED = "ReplicationStoreFailed";

  /** The largest chunk a VM backup may have ({@code vmChunkSizeMib} at most 256), or file. */
  static final int MAX_OBJECT_BYTES = 256 << 20;

  private static final String OCTETS = "application/octet-stream";

  private final ObjectStore primary;
  private final ReplicationTargets targets;

  /**
   * @param primary where backups are written; not closed by {@link #close()}
   * @param targets the configured secondary targets; {@link #close()} closes them
   */
  public ReplicationActivitiesImpl(ObjectStore primary, ReplicationTargets targets) {
    this.primary = Objects.requireNonNull(primary, "primary");
    this.targets = Objects.requireNonNull(targets, "targets");
  }

  @Override
  public ReplicationResult replicate(String runId, String manifestKey, String target) {
    ObjectStore store = targets.get(target).orElseThrow(() -> unknownTarget(target));
    if (runId == null
        || manifestKey == null
        || !Pattern.matches(
            "vms/[^/]+/" + Pattern.quote(runId) + "/manifest\\.json", manifestKey)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Cannot replicate run "
              + runId
              + ": "
              + manifestKey
              + " is not the manifest of a VM backup of that run (vms/{vmId}/"
              + runId
              + "/manifest.json).",
          INVALID_MANIFEST);
    }
    return new Copy(runId, manifestKey, target, store, Activity.getExecutionContext()).run();
  }

  /** Closes the target stores (their connection pools); the primary belongs to the caller. */
  @Override
  public void close() {
    targets.close();
  }

  private ApplicationFailure unknownTarget(String target) {
    String configured =
        targets.names().isEmpty()
            ? "none are configured"
            : "the configured ones are " + String.join(", ", targets.names());
    return ApplicationFailure.newNonRetryableFailure(
        "Replication target '"
            + target
            + "' is not configured ("
            + configured
            + "); add it under replication.targets or fix the name.",
        UNKNOWN_TARGET);
  }

  /** One replication of one backup to one target: its buffer, its counters. */
  private final class Copy {
    private final String runId;
    private final String manifestKey;
    private final String targetName;
    private final ObjectStore target;
    private final ActivityExecutionContext context;
    private final VmManifestReader reader;
    private final Set<String> chunksSeen = new HashSet<>();
    private byte[] buffer = new byte[0];
    private long entries;
    private long entriesDone;
    private long copied;
    private long present;
    private long bytes;

    Copy(
        String runId,
        String manifestKey,
        String targetName,
        ObjectStore target,
        ActivityExecutionContext context) {
      this.runId = runId;
      this.manifestKey = manifestKey;
      this.targetName = targetName;
      this.target = target;
      this.context = context;
      this.reader = new VmManifestReader(manifestKey, MAX_OBJECT_BYTES);
    }

    ReplicationResult run() {
      checkTargetBucket();
      Measured manifest = scanManifest();
      ReplicationProgress earlier =
          context
              .getHeartbeatDetails(ReplicationProgress.class)
              .filter(p -> p.entries() == entries)
              .orElse(ReplicationProgress.NONE);
      copied = earlier.objectsCopied();
      present = earlier.objectsPresent();
      bytes = earlier.bytesCopied();
      long[] index = {0};
      readManifest(
          object -> {
            long i = index[0]++;
            boolean first = !object.chunk() || chunksSeen.add(object.sha256());
            if (i < earlier.entriesDone()) {
              return; // finished by an earlier attempt
            }
            if (first) {
              copyObject(object);
            }
            entriesDone = i + 1;
            context.heartbeat(progress());
          });
      copyManifest(manifest);
      return new ReplicationResult(targetName, copied, present, bytes);
    }

    private ReplicationProgress progress() {
      return new ReplicationProgress(entries, entriesDone, copied, present, bytes);
    }

    /** A missing target bucket is a configuration error: said once, before any copy. */
    private void checkTargetBucket() {
      try {
        target.ping();
      } catch (ObjectStoreException e) {
        if (e.permanent()) {
          throw ApplicationFailure.newNonRetryableFailure(
              "Replication target '"
                  + targetName
                  + "' cannot be used: "
                  + e.getMessage()
                  + " Safehold never creates a target bucket; fix replication.targets."
                  + targetName
                  + ".",
              STORE_FAILED);
        }
        throw failure("reaching the target", e);
      } catch (RuntimeException e) {
        throw failure("reaching the target", e);
      }
    }

    /** First pass: checks the manifest and counts its entries, measures and hashes it. */
    private Measured scanManifest() {
      try (Measured in = new Measured(openPrimary(manifestKey))) {
        reader.read(in, object -> entries++);
        in.transferTo(OutputStream.nullOutputStream());
        return in;
      } catch (InvalidManifestException e) {
        throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), INVALID_MANIFEST);
      } catch (IOException e) {
        throw failure("reading manifest " + manifestKey + " from the primary store", e);
      }
    }

    private void readManifest(Consumer<BackupObject> each) {
      try (InputStream in = openPrimary(manifestKey)) {
        reader.read(in, each);
      } catch (InvalidManifestException e) {
        throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), INVALID_MANIFEST);
      } catch (IOException e) {
        throw failure("reading manifest " + manifestKey + " from the primary store", e);
      }
    }

    private void copyObject(BackupObject object) {
      if (targetHas(object.key())) {
        present++;
        return;
      }
      int length = (int) object.size();
      if (buffer.length < length) {
        buffer = new byte[length];
      }
      try (InputStream in = openPrimary(object.key())) {
        int read = in.readNBytes(buffer, 0, length);
        if (read < length) {
          throw corrupt(object, "holds " + read + " bytes where the manifest records " + length);
        }
        if (in.read() >= 0) {
          throw corrupt(object, "holds more than the " + length + " bytes the manifest records");
        }
      } catch (IOException e) {
        throw failure("reading " + object.key() + " from the primary store", e);
      }
      String actual = HexFormat.of().formatHex(digestOf(buffer, length));
      if (!actual.equals(object.sha256())) {
        throw corrupt(
            object, "has SHA-256 " + actual + " where the manifest records " + object.sha256());
      }
      byte[] expected = HexFormat.of().parseHex(object.sha256());
      onTarget(
          "writing " + object.key(),
          () -> target.putVerified(object.key(), buffer, 0, length, expected, OCTETS));
      copied++;
      bytes += length;
    }

    /** Last: only once every object is there does the target hold a backup. */
    private void copyManifest(Measured manifest) {
      if (targetHas(manifestKey)) {
        present++;
        return;
      }
      onTarget(
          "writing " + manifestKey,
          () ->
              target.putVerified(
                  manifestKey,
                  () -> openPrimary(manifestKey),
                  manifest.size(),
                  manifest.digest(),
                  "application/json"));
      copied++;
      bytes += manifest.size();
    }

    private boolean targetHas(String key) {
      return onTarget("checking " + key, () -> target.exists(key));
    }

    private <T> T onTarget(String action, Supplier<T> call) {
      try {
        return call.get();
      } catch (ApplicationFailure e) {
        throw e;
      } catch (RuntimeException e) {
        throw failure(action + " on the target", e);
      }
    }

    private InputStream openPrimary(String key) {
      try {
        return primary
            .open(key)
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "Cannot replicate run "
                            + runId
                            + " to target '"
                            + targetName
                            + "': "
                            + key
                            + " is missing from the primary store, so the backup is incomplete"
                            + " there; verify it or take a new backup.",
                        SOURCE_MISSING));
      } catch (ApplicationFailure e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw failure("opening " + key + " in the primary store", e);
      }
    }

    private ApplicationFailure corrupt(BackupObject object, String problem) {
      return ApplicationFailure.newNonRetryableFailure(
          "Not replicating run "
              + runId
              + " to target '"
              + targetName
              + "': "
              + (object.chunk() ? "chunk " : "file ")
              + object.key()
              + " in the primary store "
              + problem
              + ", so the primary copy is damaged; the target gets no manifest for this run.",
          SOURCE_CORRUPT);
    }

    /** Retryable unless the store said retrying cannot help. */
    private ApplicationFailure failure(String action, Exception e) {
      String message =
          "Replicating run "
              + runId
              + " to target '"
              + targetName
              + "' failed "
              + action
              + ": "
              + e.getMessage();
      return e instanceof ObjectStoreException s && s.permanent()
          ? ApplicationFailure.newNonRetryableFailure(message, STORE_FAILED)
          : ApplicationFailure.newFailure(message, STORE_FAILED);
    }
  }

  private static byte[] digestOf(byte[] buffer, int length) {
    MessageDigest sha = sha256();
    sha.update(buffer, 0, length);
    return sha.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "This JVM lacks SHA-256, which every Java platform must provide.", e);
    }
  }

  /** A stream that counts and hashes what is read through it. */
  private static final class Measured extends FilterInputStream {
    private final MessageDigest sha = sha256();
    private long size;
    private byte[] digest;

    Measured(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        sha.update((byte) b);
        size++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        sha.update(b, off, n);
        size += n;
      }
      return n;
    }

    @Override
    public long skip(long n) {
      return 0; // every byte must pass through read to be hashed
    }

    long size() {
      return size;
    }

    byte[] digest() {
      if (digest == null) {
        digest = sha.digest();
      }
      return digest;
    }
  }
}
