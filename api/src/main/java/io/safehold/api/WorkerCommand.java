package io.safehold.api;

import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.safehold.worker.SafeholdWorkers;
import java.util.concurrent.CountDownLatch;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code safehold worker config.yml}: runs the workers for every task queue, without the API, until
 * the process is told to stop; then finishes in-flight tasks (bounded) and exits.
 */
final class WorkerCommand extends ConfiguredCommand<SafeholdConfiguration> {

  private final SafeholdApplication application;

  WorkerCommand(SafeholdApplication application) {
    super("worker", "Run Temporal workers only (task queues per the config's workers section)");
    this.application = application;
  }

  @Override
  protected void run(
      Bootstrap<SafeholdConfiguration> bootstrap, Namespace namespace, SafeholdConfiguration config)
      throws Exception {
    SafeholdServices services =
        SafeholdServices.open(config, application.createObjectStore(config));
    SafeholdWorkers workers = WorkerWiring.create(services, config.getWorkers());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  workers.shutdown();
                  services.close();
                  stopped.countDown();
                },
                "safehold-worker-shutdown"));
    workers.start();
    System.out.println("workers started on " + workers.taskQueues());
    stopped.await();
  }
}
