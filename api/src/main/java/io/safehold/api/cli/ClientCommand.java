package io.safehold.api.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * A terminal command that talks to a running Safehold API. The URL comes from {@code --url} or
 * {@code SAFEHOLD_URL}; the key from {@code --api-key}, {@code SAFEHOLD_API_KEY}, or the admin key
 * file that {@code dev} writes ({@code ./data/admin.key}), in that order.
 */
abstract class ClientCommand extends Command {

  static final String DEFAULT_URL = "http://127.0.0.1:8080";
  static final Path DEFAULT_KEY_FILE = Path.of("data", "admin.key");

  ClientCommand(String name, String description) {
    super(name, description);
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("--url").help("API base URL (default: $SAFEHOLD_URL or " + DEFAULT_URL + ")");
    subparser
        .addArgument("--api-key")
        .dest("apiKey")
        .help("API key (default: $SAFEHOLD_API_KEY, else the key in " + DEFAULT_KEY_FILE + ")");
    configureArguments(subparser);
  }

  abstract void configureArguments(Subparser subparser);

  abstract int run(SafeholdClient client, Namespace namespace) throws Exception;

  @Override
  public final void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    int exitCode = run(new SafeholdClient(url(namespace), apiKey(namespace)), namespace);
    if (exitCode != 0) {
      System.out.flush();
      System.exit(exitCode);
    }
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    cli.getStdErr().println("error: " + e.getMessage());
  }

  private static URI url(Namespace namespace) {
    String url = firstNonBlank(namespace.getString("url"), System.getenv("SAFEHOLD_URL"), DEFAULT_URL);
    return URI.create(url.endsWith("/") ? url : url + "/");
  }

  private static String apiKey(Namespace namespace) throws IOException {
    String key = firstNonBlank(namespace.getString("apiKey"), System.getenv("SAFEHOLD_API_KEY"));
    if (key != null) {
      return key;
    }
    if (Files.isReadable(DEFAULT_KEY_FILE)) {
      return Files.readString(DEFAULT_KEY_FILE).trim();
    }
    throw new SafeholdClient.ClientException(
        "no API key: pass --api-key, set SAFEHOLD_API_KEY, or run from the folder holding data/admin.key");
  }

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
