package io.safehold.activities.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The secondary stores backups are replicated to, by the name the configuration gives them ({@code
 * replication.targets}). Workflows name a target; only this class knows its endpoint and
 * credentials, so no secret crosses a workflow.
 *
 * <p>Owns its stores: {@link #close()} closes those that are {@link AutoCloseable}.
 */
public final class ReplicationTargets implements AutoCloseable {

  private final Map<String, ObjectStore> stores;

  /** Takes ownership of {@code stores}, keyed by target name. */
  public ReplicationTargets(Map<String, ? extends ObjectStore> stores) {
    this.stores = Collections.unmodifiableMap(new TreeMap<>(stores));
  }

  /** One {@link S3ObjectStore} per configured target; no connection is made until first use. */
  public static ReplicationTargets s3(Map<String, S3Settings> settings) {
    Map<String, ObjectStore> stores = new LinkedHashMap<>();
    settings.forEach((name, s3) -> stores.put(name, new S3ObjectStore(s3)));
    return new ReplicationTargets(stores);
  }

  /** No targets: every replication fails as an unknown target. */
  public static ReplicationTargets none() {
    return new ReplicationTargets(Map.of());
  }

  public Optional<ObjectStore> get(String name) {
    return Optional.ofNullable(name == null ? null : stores.get(name));
  }

  /** The configured names, sorted, for messages that list them. */
  public SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(stores.keySet()));
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (ObjectStore store : stores.values()) {
      if (store instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          if (first == null) {
            first = new IllegalStateException("Could not close a replication target store.", e);
          }
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
