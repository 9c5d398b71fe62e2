package io.safehold.api.health;

import com.codahale.metrics.health.HealthCheck;
import io.safehold.activities.storage.ObjectStore;

/** The backup store's bucket exists and answers. */
public final class ObjectStoreHealthCheck extends HealthCheck {

  private final ObjectStore store;

  public ObjectStoreHealthCheck(ObjectStore store) {
    this.store = store;
  }

  @Override
  protected Result check() {
    try {
      store.ping();
      return Result.healthy();
    } catch (RuntimeException e) {
      return Result.unhealthy("the backup store does not answer: " + e.getMessage());
    }
  }
}
