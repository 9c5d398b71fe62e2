package io.safehold.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import net.sourceforge.argparse4j.inf.Subparsers;

/** {@code safehold backup device <name>}: starts a backup and follows it until it ends. */
public final class BackupCommand extends ClientCommand {

  public BackupCommand() {
    super("backup", "Start a backup and follow it until it ends (exit code 1 if it fails)");
  }

  @Override
  void configureArguments(Subparser subparser) {
    Subparsers targets = subparser.addSubparsers().dest("target").title("what to back up");
    Subparser device = targets.addParser("device").help("a network device, by name or id");
    device.addArgument("name").help("device name or id");
    subparser
        .addArgument("--timeout")
        .type(Integer.class)
        .setDefault(900)
        .help("seconds to follow the run before giving up watching (default 900)");
  }

  @Override
  int run(SafeholdClient client, Namespace namespace) throws Exception {
    String name = namespace.getString("name");
    JsonNode started =
        client.post("api/v1/devices/" + SafeholdClient.segment(name) + "/backups", Map.of());
    String runId = started.path("runId").asText();
    System.out.println("started run " + runId + " (workflow " + started.path("workflowId").asText() + ")");
    JsonNode run =
        new RunWatcher(client, System.out, Duration.ofMillis(500))
            .follow(runId, Duration.ofSeconds(namespace.getInt("timeout")));
    String status = run.path("status").asText();
    if (!RunWatcher.SUCCESS.contains(status)) {
      System.out.println(status + ": " + run.path("error").asText("no reason recorded"));
      return 1;
    }
    for (JsonNode artifact : run.path("artifacts")) {
      System.out.println(
          "  " + artifact.path("key").asText() + "  " + artifact.path("size").asLong() + " bytes  sha256 "
              + artifact.path("sha256").asText());
    }
    JsonNode result = run.path("result");
    if (result.path("unchanged").asBoolean(false)) {
      System.out.println("config unchanged since version " + result.path("configVersion").asText());
    } else if (result.has("configVersion")) {
      System.out.println("stored config version " + result.path("configVersion").asText());
    }
    return 0;
  }
}
