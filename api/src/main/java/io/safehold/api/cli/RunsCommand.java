package io.safehold.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import net.sourceforge.argparse4j.inf.Subparsers;

/** {@code safehold runs list} and {@code safehold runs show <id>}. */
public final class RunsCommand extends ClientCommand {

  public RunsCommand() {
    super("runs", "List runs or show one run");
  }

  @Override
  void configureArguments(Subparser subparser) {
    Subparsers actions = subparser.addSubparsers().dest("action");
    Subparser list = actions.addParser("list").help("newest runs first");
    list.addArgument("--status").help("only runs with this status");
    list.addArgument("--kind").help("only runs of this kind (backup, restore, ...)");
    list.addArgument("--asset").dest("assetId").help("only runs of this asset id");
    list.addArgument("--limit").type(Integer.class).setDefault(20);
    Subparser show = actions.addParser("show").help("one run with its artifacts and session log");
    show.addArgument("id");
  }

  @Override
  int run(SafeholdClient client, Namespace namespace) throws Exception {
    if ("show".equals(namespace.getString("action"))) {
      return show(client, namespace.getString("id"));
    }
    StringBuilder query = new StringBuilder("api/v1/runs?limit=" + namespace.getInt("limit"));
    for (String filter : new String[] {"status", "kind", "assetId"}) {
      String value = namespace.getString(filter);
      if (value != null) {
        query.append('&').append(filter).append('=').append(SafeholdClient.segment(value));
      }
    }
    JsonNode page = client.get(query.toString());
    System.out.printf("%-36s  %-8s  %-23s  %-20s  %s%n", "ID", "KIND", "STATUS", "STARTED", "ASSET");
    for (JsonNode run : page.path("items")) {
      System.out.printf(
          "%-36s  %-8s  %-23s  %-20s  %s%n",
          run.path("id").asText(),
          run.path("kind").asText(),
          run.path("status").asText(),
          run.path("startedAt").asText("-"),
          run.path("assetId").asText("-"));
    }
    return 0;
  }

  private static int show(SafeholdClient client, String id) throws Exception {
    JsonNode run = client.get("api/v1/runs/" + SafeholdClient.segment(id));
    System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(run));
    JsonNode events = client.get("api/v1/runs/" + SafeholdClient.segment(id) + "/events");
    JsonNode items = events.isArray() ? events : events.path("items");
    System.out.println("session log:");
    for (JsonNode event : items) {
      System.out.printf(
          "  %s  %-8s  %s%n",
          event.path("at").asText(), event.path("type").asText(), event.path("message").asText());
    }
    return 0;
  }
}
