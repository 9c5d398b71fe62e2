package io.safehold.api.health;

import com.codahale.metrics.health.HealthCheck;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.concurrent.TimeUnit;

/**
 * The Temporal frontend answers GetSystemInfo within a few seconds. (The gRPC health service is not
 * offered by every Temporal server, e.g. the embedded test server.)
 */
public final class TemporalHealthCheck extends HealthCheck {

  private final WorkflowServiceStubs stubs;
  private final String target;

  public TemporalHealthCheck(WorkflowServiceStubs stubs, String target) {
    this.stubs = stubs;
    this.target = target;
  }

  @Override
  protected Result check() {
    try {
      var info =
          stubs
              .blockingStub()
              .withDeadlineAfter(5, TimeUnit.SECONDS)
              .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return Result.healthy("Temporal " + info.getServerVersion() + " at " + target);
    } catch (RuntimeException e) {
      return Result.unhealthy("Temporal at " + target + " does not answer: " + e.getMessage());
    }
  }
}
