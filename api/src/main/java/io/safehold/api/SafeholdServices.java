package io.safehold.api;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.safehold.activities.storage.ObjectStore;
import io.safehold.catalog.ApiKeyDao;
import io.safehold.catalog.AlertDao;
import io.safehold.catalog.AuditDao;
import io.safehold.catalog.BackupChunkDao;
import io.safehold.catalog.Catalog;
import io.safehold.catalog.ConfigVersionDao;
import io.safehold.catalog.CoveAccountDao;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.DeviceDao;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunStatisticsDao;
import io.safehold.catalog.VcenterDao;
import io.safehold.catalog.VmBackupDao;
import io.safehold.catalog.VmDao;
import io.safehold.catalog.secrets.CredentialVault;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dependencies every Safehold process shares (API server, workers, {@code dev}), built once
 * from the configuration. {@link #open} connects the catalog (migrating it when {@code
 * database.migrateOnStart}), prepares the credential vault, the Temporal client and the metrics
 * registry; {@link #close} releases them in reverse order.
 *
 * <p>The Temporal stubs connect lazily, so a process starts while Temporal is still coming up;
 * their RPC retries give up after {@code temporal.startTimeout}.
 */
public final class SafeholdServices implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SafeholdServices.class);

  /** How often the Temporal SDK's metrics are pushed into the registry. */
  private static final int TEMPORAL_METRICS_SECONDS = 5;

  private final SafeholdConfiguration config;
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final CredentialVault vault;
  private final WorkflowServiceStubs serviceStubs;
  private final WorkflowClient workflowClient;
  private final ObjectStore objectStore;
  private final PrometheusMeterRegistry meterRegistry;
  private final Scope temporalMetrics;

  private SafeholdServices(
      SafeholdConfiguration config,
      HikariDataSource dataSource,
      Jdbi jdbi,
      CredentialVault vault,
      WorkflowServiceStubs serviceStubs,
      WorkflowClient workflowClient,
      ObjectStore objectStore,
      PrometheusMeterRegistry meterRegistry,
      Scope temporalMetrics) {
    this.config = config;
    this.dataSource = dataSource;
    this.jdbi = jdbi;
    this.vault = vault;
    this.serviceStubs = serviceStubs;
    this.workflowClient = workflowClient;
    this.objectStore = objectStore;
    this.meterRegistry = meterRegistry;
    this.temporalMetrics = temporalMetrics;
  }

  /**
   * Builds the services. The object store is passed in because its construction belongs to the
   * caller (S3 in production, something else in tests); it is closed with the services when it is
   * {@link AutoCloseable}.
   */
  public static SafeholdServices open(SafeholdConfiguration config, ObjectStore objectStore) {
    CredentialVault vault = CredentialVault.fromBase64(config.getSecretKey());
    SafeholdConfiguration.Database db = config.getDatabase();
    HikariDataSource dataSource =
        Catalog.dataSource(db.getUrl(), db.getUser(), db.getPassword(), db.getPoolSize());
    try {
      if (db.isMigrateOnStart()) {
        int applied = Catalog.migrate(dataSource);
        LOG.info("catalog migrations applied: {}", applied);
      }
      Jdbi jdbi = Catalog.jdbi(dataSource);
      SafeholdConfiguration.Temporal temporal = config.getTemporal();
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      Scope temporalMetrics =
          new RootScopeBuilder()
              .reporter(new MicrometerClientStatsReporter(registry))
              .reportEvery(com.uber.m3.util.Duration.ofSeconds(TEMPORAL_METRICS_SECONDS));
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget(temporal.getTarget())
                  .setMetricsScope(temporalMetrics)
                  .setRpcRetryOptions(
                      RpcRetryOptions.newBuilder()
                          .setExpiration(temporal.getStartTimeout().toJavaDuration())
                          .validateBuildWithDefaults())
                  .build());
      WorkflowClient client =
          WorkflowClient.newInstance(
              stubs,
              WorkflowClientOptions.newBuilder().setNamespace(temporal.getNamespace()).build());
      return new SafeholdServices(
          config, dataSource, jdbi, vault, stubs, client, objectStore, registry, temporalMetrics);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  public SafeholdConfiguration config() {
    return config;
  }

  /** The catalog connection pool. */
  public HikariDataSource dataSource() {
    return dataSource;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public CredentialVault vault() {
    return vault;
  }

  public WorkflowServiceStubs serviceStubs() {
    return serviceStubs;
  }

  /** Client on {@code temporal.namespace}. */
  public WorkflowClient workflowClient() {
    return workflowClient;
  }

  public ObjectStore objectStore() {
    return objectStore;
  }

  /**
   * Served as Prometheus text at the admin {@code /prometheus}. The Temporal SDK already reports
   * into it: the service stubs carry a metrics scope backed by this registry, and workers built on
   * {@link #workflowClient()} inherit it.
   */
  public PrometheusMeterRegistry meterRegistry() {
    return meterRegistry;
  }

  public ApiKeyDao apiKeys() {
    return jdbi.onDemand(ApiKeyDao.class);
  }

  public AlertDao alerts() {
    return jdbi.onDemand(AlertDao.class);
  }

  public AuditDao audit() {
    return jdbi.onDemand(AuditDao.class);
  }

  public CredentialDao credentials() {
    return jdbi.onDemand(CredentialDao.class);
  }

  public DeviceDao devices() {
    return jdbi.onDemand(DeviceDao.class);
  }

  public RunDao runs() {
    return jdbi.onDemand(RunDao.class);
  }

  public ConfigVersionDao configVersions() {
    return jdbi.onDemand(ConfigVersionDao.class);
  }

  public RunStatisticsDao runStatistics() {
    return jdbi.onDemand(RunStatisticsDao.class);
  }

  public CoveAccountDao coveAccounts() {
    return jdbi.onDemand(CoveAccountDao.class);
  }

  public VcenterDao vcenters() {
    return jdbi.onDemand(VcenterDao.class);
  }

  public VmDao vms() {
    return jdbi.onDemand(VmDao.class);
  }

  public VmBackupDao vmBackups() {
    return jdbi.onDemand(VmBackupDao.class);
  }

  public BackupChunkDao backupChunks() {
    return jdbi.onDemand(BackupChunkDao.class);
  }

  /** Stops the Temporal stubs, the object store (if closeable), the pool and the registry. */
  @Override
  public void close() {
    serviceStubs.shutdown();
    try {
      temporalMetrics.close();
    } catch (ScopeCloseException e) {
      LOG.warn("flushing the Temporal SDK metrics failed", e);
    }
    if (!serviceStubs.awaitTermination(5, TimeUnit.SECONDS)) {
      serviceStubs.shutdownNow();
    }
    if (objectStore instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("closing the object store failed", e);
      }
    }
    dataSource.close();
    meterRegistry.close();
  }
}
