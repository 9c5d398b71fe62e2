package io.safehold.testbed;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** How the testbed stops the peers it runs as child processes (S3Proxy, vcsim). */
public final class ChildProcesses {

  private ChildProcesses() {}

  /**
   * Asks {@code process} to stop (SIGTERM), waits up to {@code grace}, then kills it and waits as
   * long again. Does nothing if it has already exited; an interrupt kills it at once.
   */
  public static void stop(Process process, Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
