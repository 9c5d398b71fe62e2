package io.safehold.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;

/** Follows a run until it ends, redrawing one progress line, and says how it ended. */
final class RunWatcher {

  static final Set<String> SUCCESS = Set.of("COMPLETED", "COMPLETED_WITH_WARNINGS");
  private static final Set<String> TERMINAL =
      Set.of("COMPLETED", "COMPLETED_WITH_WARNINGS", "FAILED", "CANCELLED", "ABANDONED");

  private final SafeholdClient client;
  private final PrintStream out;
  private final Duration pollEvery;

  RunWatcher(SafeholdClient client, PrintStream out, Duration pollEvery) {
    this.client = client;
    this.out = out;
    this.pollEvery = pollEvery;
  }

  /** Returns the run's final JSON, or throws when {@code timeout} passes first. */
  JsonNode follow(String runId, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastLine = "";
    while (true) {
      JsonNode run = client.get("api/v1/runs/" + SafeholdClient.segment(runId));
      String line = progressLine(run);
      if (!line.equals(lastLine)) {
        out.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
        out.flush();
        lastLine = line;
      }
      if (TERMINAL.contains(run.path("status").asText())) {
        out.println();
        return run;
      }
      if (System.nanoTime() > deadline) {
        out.println();
        throw new SafeholdClient.ClientException(
            "run " + runId + " has not ended after " + timeout.toSeconds()
                + " s; it goes on in the background (safehold runs show " + runId + ")");
      }
      Thread.sleep(pollEvery.toMillis());
    }
  }

  static String progressLine(JsonNode run) {
    StringBuilder line = new StringBuilder("run " + run.path("id").asText() + "  " + run.path("status").asText());
    String phase = run.path("phase").asText("");
    if (!phase.isEmpty()) {
      line.append("  ").append(phase);
    }
    JsonNode progress = run.path("progress");
    long done = progress.path("done").asLong(-1);
    long total = progress.path("total").asLong(-1);
    if (done >= 0 && total > 0) {
      line.append(String.format("  %d%% (%d/%d)", done * 100 / total, done, total));
    }
    return line.toString();
  }
}
