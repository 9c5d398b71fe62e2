package io.safehold.api;

import com.zaxxer.hikari.HikariDataSource;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.safehold.catalog.Catalog;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/** {@code db migrate config.yml}: applies the catalog's pending Flyway migrations. */
public final class DbCommand extends ConfiguredCommand<SafeholdConfiguration> {

  public DbCommand() {
    super("db", "Manages the catalog database (db migrate <config.yml>)");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser
        .addArgument("action")
        .choices("migrate")
        .help("migrate: apply pending Flyway migrations to the catalog");
    super.configure(subparser);
  }

  @Override
  protected void run(
      Bootstrap<SafeholdConfiguration> bootstrap,
      Namespace namespace,
      SafeholdConfiguration config) {
    SafeholdConfiguration.Database db = config.getDatabase();
    try (HikariDataSource dataSource =
        Catalog.dataSource(db.getUrl(), db.getUser(), db.getPassword(), 2)) {
      int applied = Catalog.migrate(dataSource);
      System.out.println("catalog at " + db.getUrl() + ": " + applied + " migration(s) applied");
    }
  }
}
