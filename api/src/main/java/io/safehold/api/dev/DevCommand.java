package io.safehold.api.dev;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.safehold.api.SafeholdConfiguration;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * {@code safehold dev}: the whole system on one machine with no external services. Starts the
 * {@link DevStack}, writes its configuration to {@code <data-dir>/dev.yml}, then serves the API with
 * workers for every task queue in-process. Ctrl-C stops Jetty, the workers and then the stack.
 */
public final class DevCommand extends ServerCommand<SafeholdConfiguration> {

  private DevStack stack;

  public DevCommand(Application<SafeholdConfiguration> application) {
    super(application, "dev", "Run Safehold with everything embedded (Temporal, PostgreSQL, S3, a demo switch)");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("--data-dir").dest("dataDir").setDefault("data")
        .help("where all state lives (default ./data)");
    subparser.addArgument("--http-port").dest("httpPort").type(Integer.class)
        .setDefault(DevOptions.DEFAULT_HTTP_PORT).help("API port (default 8080)");
    subparser.addArgument("--admin-port").dest("adminPort").type(Integer.class)
        .setDefault(DevOptions.DEFAULT_ADMIN_PORT).help("health and metrics port (default 8081)");
    subparser.addArgument("--temporal-port").dest("temporalPort").type(Integer.class)
        .setDefault(DevOptions.DEFAULT_TEMPORAL_PORT).help("embedded Temporal port (default 7233)");
    subparser.addArgument("--temporal-target").dest("temporalTarget")
        .help("use this Temporal frontend (host:port) instead of the embedded test server");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    DevOptions options =
        new DevOptions(
            Path.of(namespace.getString("dataDir")),
            namespace.getInt("httpPort"),
            namespace.getInt("adminPort"),
            namespace.getInt("temporalPort"),
            namespace.getString("temporalTarget"));
    stack = DevStack.start(options);
    Map<String, Object> attributes = new HashMap<>(namespace.getAttrs());
    attributes.put("file", stack.configFile().toString());
    try {
      super.run(bootstrap, new Namespace(attributes));
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  @Override
  protected void run(Environment environment, Namespace namespace, SafeholdConfiguration configuration)
      throws Exception {
    DevStack started = stack;
    environment.lifecycle().addEventListener(new LifeCycle.Listener() {
      @Override
      public void lifeCycleStarted(LifeCycle event) {
        System.out.println(started.banner());
        if (started.hasDemoVcenter()) {
          started.discoverDemoVcenter();
        }
        started.checkAwarenessAfterDemoCoveImport();
      }

      // Only once Jetty and the workers have stopped do the services under them go away.
      @Override
      public void lifeCycleStopped(LifeCycle event) {
        started.close();
      }

      @Override
      public void lifeCycleFailure(LifeCycle event, Throwable cause) {
        started.close();
      }
    });
    super.run(environment, namespace, configuration);
  }
}
