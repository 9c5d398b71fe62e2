package io.safehold.api.health;

import com.codahale.metrics.health.HealthCheck;
import org.jdbi.v3.core.Jdbi;

/** The catalog answers a trivial query. */
public final class DatabaseHealthCheck extends HealthCheck {

  private final Jdbi jdbi;

  public DatabaseHealthCheck(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  protected Result check() {
    int one = jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
    return one == 1 ? Result.healthy() : Result.unhealthy("SELECT 1 returned " + one);
  }
}
