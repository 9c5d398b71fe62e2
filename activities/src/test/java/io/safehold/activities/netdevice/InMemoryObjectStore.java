package io.safehold.activities.netdevice;

import io.safehold.activities.storage.ObjectStore;
import io.safehold.workflows.run.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A test fake of the backup store: keeps objects in memory; the S3 store has its own tests. */
final class InMemoryObjectStore implements ObjectStore {

  private final Map<String, byte[]> objects = new TreeMap<>();
  private volatile boolean refusingWrites;

  /** From now on every put fails as a store that lost its bucket would: permanently. */
  void refuseWrites() {
    refusingWrites = true;
  }

  @Override
  public synchronized StoredObject put(String key, byte[] content, String contentType) {
    if (refusingWrites) {
      throw new ObjectStoreException("bucket safehold-test does not exist", true, null);
    }
    objects.put(key, content.clone());
    return new StoredObject(key, content.length, NetDeviceActivitiesImpl.sha256Hex(content));
  }

  @Override
  public synchronized Optional<InputStream> open(String key) {
    byte[] content = objects.get(key);
    return content == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(content));
  }

  @Override
  public synchronized boolean exists(String key) {
    return objects.containsKey(key);
  }

  @Override
  public synchronized void delete(String key) {
    objects.remove(key);
  }

  @Override
  public void ping() {}

  synchronized Map<String, byte[]> objects() {
    return Map.copyOf(objects);
  }
}
