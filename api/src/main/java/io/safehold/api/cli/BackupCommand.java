package io.safehold.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import net.sourceforge.argparse4j.inf.Subparsers;

/**
 * {@code safehold backup device <name>} and {@code safehold backup vm <vcenter>/<vm> [--mode full]}:
 * starts a backup and follows it until it ends.
 */
public final class BackupCommand extends ClientCommand {

  public BackupCommand() {
    super("backup", "Start a backup and follow it until it ends (exit code 1 if it fails)");
  }

  @Override
  void configureArguments(Subparser subparser) {
    Subparsers targets = subparser.addSubparsers().dest("target").title("what to back up");
    Subparser device = targets.addParser("device").help("a network device, by name or id");
    device.addArgument("name").help("device name or id");
    Subparser vm = targets.addParser("vm").help("a VM, as <vCenter name>/<VM name> or its id");
    vm.addArgument("name").help("<vCenter name>/<VM name>, or the VM's id");
    vm.addArgument("--mode")
        .choices("full", "incremental")
        .setDefault("incremental")
        .help("incremental (default; full when there is no usable base) or full");
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
        "vm".equals(namespace.getString("target"))
            ? client.post(
                "api/v1/vms/" + SafeholdClient.segment(vmId(client, name)) + "/backups",
                Map.of("mode", namespace.getString("mode")))
            : client.post("api/v1/devices/" + SafeholdClient.segment(name) + "/backups", Map.of());
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
    if (result.has("manifestKey")) {
      System.out.println(
          result.path("mode").asText().toLowerCase(Locale.ROOT)
              + " backup: read "
              + result.path("bytesRead").asLong()
              + " bytes, stored "
              + result.path("bytesStored").asLong()
              + " new bytes; manifest "
              + result.path("manifestKey").asText());
      if (!result.path("fallbackReason").isNull() && result.has("fallbackReason")) {
        System.out.println("  " + result.path("fallbackReason").asText());
      }
    }
    if (result.path("unchanged").asBoolean(false)) {
      System.out.println("config unchanged since version " + result.path("configVersion").asText());
    } else if (result.has("configVersion")) {
      System.out.println("stored config version " + result.path("configVersion").asText());
    }
    return 0;
  }

  /** The id of {@code <vCenter>/<VM>} as the catalog lists it; an id is returned as given. */
  static String vmId(SafeholdClient client, String name) throws Exception {
    int slash = name.indexOf('/');
    if (slash < 0) {
      return name;
    }
    String vcenter = name.substring(0, slash);
    String vm = name.substring(slash + 1);
    JsonNode page = client.get("api/v1/vms?limit=1000&name=" + SafeholdClient.segment(vm));
    for (JsonNode item : page.path("items")) {
      if (item.path("vcenterName").asText().equals(vcenter) && item.path("name").asText().equals(vm)) {
        return item.path("id").asText();
      }
    }
    throw new SafeholdClient.ClientException(
        "No VM named "
            + vm
            + " on vCenter "
            + vcenter
            + " in the catalog; discover the vCenter first (POST /api/v1/vcenters/"
            + vcenter
            + "/discover).");
  }
}
