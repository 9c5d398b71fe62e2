package io.safehold.api.bacula;

import io.dropwizard.core.setup.Environment;
import io.safehold.activities.bacula.BaculaDirectors;
import io.safehold.activities.bacula.LocalBconsole;
import io.safehold.activities.bacula.SshBconsole;
import io.safehold.api.SafeholdServices;
import io.safehold.api.runs.LoopKeeper;
import io.safehold.catalog.AssetDao;
import io.safehold.catalog.BaculaDirectorDao;
import io.safehold.catalog.BaculaDirectorRow;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the Bacula API: the two resources, and an import loop for every director, checked at
 * start-up and every few minutes ({@link LoopKeeper}; a no-op for those already running).
 */
public final class BaculaApi {

  private static final Logger log = LoggerFactory.getLogger(BaculaApi.class);

  private BaculaApi() {}

  public static void register(SafeholdServices services, Environment environment) {
    BaculaDirectorDao directors = services.jdbi().onDemand(BaculaDirectorDao.class);
    BaculaLauncher launcher =
        new BaculaLauncher(
            services.jdbi().onDemand(AssetDao.class), services.runs(), services.workflowClient());
    BaculaDirectors connections =
        new BaculaDirectors(
            LocalBconsole.DEFAULT_BINARY,
            BaculaDirectors.DEFAULT_TIMEOUT,
            SshBconsole.factory(services.jdbi(), services.vault()),
            Clock.systemUTC());
    environment
        .jersey()
        .register(new BaculaDirectorResource(directors, services.credentials(), launcher));
    environment.jersey().register(new BaculaResource(directors, connections, launcher));
    LoopKeeper.keep(
        environment,
        "bacula-import",
        () -> {
          for (BaculaDirectorRow director : directors.list()) {
            try {
              launcher.ensureImporting(director);
            } catch (RuntimeException e) {
              log.warn(
                  "Could not start the import loop of Bacula director {}: {}; trying again in {}.",
                  director.name(),
                  e.getMessage(),
                  LoopKeeper.CHECK_EVERY);
            }
          }
        });
  }
}
