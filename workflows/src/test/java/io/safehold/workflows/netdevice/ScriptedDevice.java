package io.safehold.workflows.netdevice;

import io.safehold.workflows.run.StoredObject;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/** A device whose answer per attempt (1-based) is scripted by the test; records every request. */
final class ScriptedDevice implements NetDeviceActivities {

  static final DeviceFacts FACTS =
      new DeviceFacts("sw-core-1", "WS-C3850-24T", "16.9.4", "FCW2233L0AB");
  static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  static final StoredObject STORED =
      new StoredObject("configs/dev-1/sw-core-1_20260101_000000.txt", 2048, SHA);

  final List<CaptureRequest> requests = new CopyOnWriteArrayList<>();
  final CountDownLatch started = new CountDownLatch(1);
  private final IntFunction<CapturedConfig> script;

  private ScriptedDevice(IntFunction<CapturedConfig> script) {
    this.script = script;
  }

  static ScriptedDevice answering(IntFunction<CapturedConfig> script) {
    return new ScriptedDevice(script);
  }

  /** Stores a new config on every attempt. */
  static ScriptedDevice storing() {
    return new ScriptedDevice(attempt -> new CapturedConfig(FACTS, SHA, STORED.size(), STORED));
  }

  /** Fails with {@code type} on every attempt. */
  static ScriptedDevice failing(String type, String message) {
    return new ScriptedDevice(
        attempt -> {
          throw ApplicationFailure.newFailure(message, type);
        });
  }

  /** Never answers, but keeps heartbeating until Temporal gives up on the attempt. */
  static ScriptedDevice hanging() {
    return new ScriptedDevice(
        attempt -> {
          ActivityExecutionContext context = Activity.getExecutionContext();
          // Bounded: time skipping reaches the attempt timeout long before this ends.
          for (int i = 0; i < 6000; i++) {
            try {
              context.heartbeat(i);
              Thread.sleep(10);
            } catch (ActivityCompletionException e) {
              throw e;
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
          }
          throw new IllegalStateException("the hanging device was never timed out or cancelled");
        });
  }

  int attempts() {
    return requests.size();
  }

  @Override
  public CapturedConfig captureConfig(CaptureRequest request) {
    requests.add(request);
    started.countDown();
    return script.apply(Activity.getExecutionContext().getInfo().getAttempt());
  }
}
