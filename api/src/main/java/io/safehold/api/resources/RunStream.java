package io.safehold.api.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunEventRow;
import io.safehold.catalog.RunRow;
import io.safehold.workflows.run.RunStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.glassfish.jersey.server.ChunkedOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one run as server-sent events, from the catalog: {@code run} (the run, whenever it
 * changes), {@code log} (each new session-log entry) and a final {@code end} once the run is
 * terminal. The catalog is polled, so every API process can serve any run whichever worker updates
 * it. A follow ends at the latest after {@code maxDuration}; the client reconnects if it wants
 * more.
 *
 * <p>It runs on its own thread and writes through a {@link ChunkedOutput}, which sends each frame
 * at once (a plain streamed entity would sit in Jersey's response buffer).
 */
final class RunStream implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(RunStream.class);
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final RunDao runs;
  private final UUID runId;
  private final Function<RunRow, Object> view;
  private final ObjectMapper json;
  private final Duration pollInterval;
  private final Duration maxDuration;
  private final ChunkedOutput<String> out;

  RunStream(
      ChunkedOutput<String> out,
      RunDao runs,
      UUID runId,
      Function<RunRow, Object> view,
      ObjectMapper json,
      Duration pollInterval,
      Duration maxDuration) {
    this.out = out;
    this.runs = runs;
    this.runId = runId;
    this.view = view;
    this.json = json;
    this.pollInterval = pollInterval;
    this.maxDuration = maxDuration;
  }

  @Override
  public void run() {
    try (out) {
      follow();
    } catch (IOException | RuntimeException e) {
      // The client went away or the catalog failed mid-stream; the response is already under way,
      // so the stream just ends (the client sees no `end` event and may reconnect).
      LOG.debug("stream of run {} ended early: {}", runId, e.toString());
    }
  }

  private void follow() throws IOException {
    Instant deadline = Instant.now().plus(maxDuration);
    Instant lastWrite = Instant.now();
    long lastEventId = 0;
    String lastRun = null;
    while (true) {
      RunRow run = runs.find(runId).orElse(null);
      if (run == null) {
        send("end", "{\"status\":null,\"reason\":\"the run was deleted\"}");
        return;
      }
      boolean wrote = false;
      for (RunEventRow event : runs.events(runId)) {
        if (event.id() > lastEventId) {
          send(
              "log",
              json.writeValueAsString(
                  new RunResource.RunEventView(
                      event.id(), event.at(), event.type(), event.message())));
          lastEventId = event.id();
          wrote = true;
        }
      }
      String current = json.writeValueAsString(view.apply(run));
      if (!Objects.equals(current, lastRun)) {
        send("run", current);
        lastRun = current;
        wrote = true;
      }
      if (RunStatus.valueOf(run.status()).isTerminal()) {
        send("end", json.writeValueAsString(new End(run.status())));
        return;
      }
      Instant now = Instant.now();
      if (wrote) {
        lastWrite = now;
      } else if (Duration.between(lastWrite, now).compareTo(KEEP_ALIVE) >= 0) {
        // A comment line: keeps proxies from closing an idle stream, and finds gone clients.
        out.write(": keep-alive\n\n");
        lastWrite = now;
      }
      if (now.isAfter(deadline)) {
        return;
      }
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private record End(String status) {}

  private void send(String event, String data) throws IOException {
    out.write("event: " + event + "\ndata: " + data + "\n\n");
  }
}
