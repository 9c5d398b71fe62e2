package io.safehold.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.dropwizard.lifecycle.Managed;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.safehold.activities.notify.NotificationSender;
import io.safehold.activities.retention.VmRetention;
import io.safehold.activities.storage.ObjectStore;
import io.safehold.activities.storage.S3ObjectStore;
import io.safehold.activities.storage.S3Settings;
import io.safehold.api.audit.AuditTrail;
import io.safehold.api.auth.ApiKeyAuthenticator;
import io.safehold.api.auth.ApiKeyFilter;
import io.safehold.api.auth.RoleAuthorization;
import io.safehold.api.awareness.AwarenessLoopStarter;
import io.safehold.api.bacula.BaculaApi;
import io.safehold.api.cli.BackupCommand;
import io.safehold.api.cli.RunsCommand;
import io.safehold.api.dev.DevCommand;
import io.safehold.api.devices.DeviceTypes;
import io.safehold.api.errors.BodySizeLimit;
import io.safehold.api.errors.ErrorMapper;
import io.safehold.api.errors.JsonErrorPage;
import io.safehold.api.errors.ValidationErrorMapper;
import io.safehold.api.events.BackupEventRecorder;
import io.safehold.api.health.DatabaseHealthCheck;
import io.safehold.api.health.ObjectStoreHealthCheck;
import io.safehold.api.health.TemporalHealthCheck;
import io.safehold.api.metrics.CatalogMeters;
import io.safehold.api.metrics.PrometheusServlet;
import io.safehold.api.resources.AlertResource;
import io.safehold.api.resources.ApiKeyResource;
import io.safehold.api.resources.AssetAwarenessResource;
import io.safehold.api.resources.AuditResource;
import io.safehold.api.resources.AwarenessResource;
import io.safehold.api.resources.BackupEventResource;
import io.safehold.api.resources.CoveAccountResource;
import io.safehold.api.resources.CredentialResource;
import io.safehold.api.resources.DeviceConfigResource;
import io.safehold.api.resources.DeviceResource;
import io.safehold.api.resources.IngestKeyResource;
import io.safehold.api.resources.NotificationTargetResource;
import io.safehold.api.resources.OpenApiResource;
import io.safehold.api.resources.RunResource;
import io.safehold.api.resources.TagCredentialResource;
import io.safehold.api.resources.VcenterResource;
import io.safehold.api.resources.VmResource;
import io.safehold.api.resources.VmRetentionResource;
import io.safehold.api.runs.CovePolling;
import io.safehold.api.runs.DeviceBackupLauncher;
import io.safehold.api.runs.LoopKeeper;
import io.safehold.api.runs.RunCancellation;
import io.safehold.api.runs.RunReconciler;
import io.safehold.api.runs.VsphereRunLauncher;
import io.safehold.catalog.AssetDao;
import io.safehold.catalog.AwarenessDao;
import io.safehold.catalog.IngestKeyDao;
import io.safehold.catalog.NotificationDao;
import io.safehold.worker.SafeholdWorkers;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Safehold server: wires the catalog, the credential vault, Temporal, the backup store, the
 * REST API, health checks and metrics by hand in {@link #run}.
 *
 * <p>Extension points for commands and tests: {@link #createObjectStore} builds the backup store,
 * {@link #deviceTypes} names the accepted device types, and {@link #started} runs last in {@link
 * #run} with the built {@link SafeholdServices} (e.g. to start in-process workers).
 */
public class SafeholdApplication extends Application<SafeholdConfiguration> {

  private static final Logger LOG = LoggerFactory.getLogger(SafeholdApplication.class);

  /** A run younger than this may still be getting its workflow started. */
  private static final Duration RECONCILE_GRACE = Duration.ofMinutes(2);

  private static final Duration RECONCILE_EVERY = Duration.ofMinutes(1);

  /** How often every Cove account's polling loop is checked and restarted when missing. */

  /** Live run streams served at once; more get 503 and can poll instead. */
  private static final int MAX_RUN_FOLLOWERS = 200;

  private volatile SafeholdServices services;

  public static void main(String[] args) throws Exception {
    // The JDK HTTP client reads 16 KiB at a time by default; VM disk reads over /folder run about
    // twice as fast with 256 KiB (docs/vsphere-storage.md). Must be set before any client exists.
    if (System.getProperty("jdk.httpclient.bufsize") == null) {
      System.setProperty("jdk.httpclient.bufsize", Integer.toString(256 * 1024));
    }
    new SafeholdApplication().run(args);
  }

  @Override
  public String getName() {
    return "safehold";
  }

  @Override
  public void initialize(Bootstrap<SafeholdConfiguration> bootstrap) {
    // Strict: a ${VAR} that is not set stops start-up with a message naming it.
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(true)));
    bootstrap.addCommand(new DbCommand());
    bootstrap.addCommand(new WorkerCommand(this));
    bootstrap.addCommand(new DevCommand(this));
    bootstrap.addCommand(new BackupCommand());
    bootstrap.addCommand(new RunsCommand());
  }

  @Override
  public void run(SafeholdConfiguration config, Environment environment) {
    if (config.getServerFactory() instanceof AbstractServerFactory server) {
      // Dropwizard's own mappers answer in their format; ErrorMapper answers everything in ours.
      server.setRegisterDefaultExceptionMappers(false);
    }
    configureJson(environment.getObjectMapper());
    useJsonErrorPages(environment);

    SafeholdServices built = SafeholdServices.open(config, createObjectStore(config));
    this.services = built;
    environment
        .lifecycle()
        .manage(
            new Managed() {
              @Override
              public void stop() {
                built.close();
              }
            });

    registerApi(built, environment);
    registerHealthChecks(built, environment);
    registerMetrics(built, environment);
    scheduleRunReconciliation(built, environment);
    scheduleCovePolling(built, environment);
    environment
        .lifecycle()
        .manage(new AwarenessLoopStarter(built.workflowClient(), config.getAwareness()));
    if (config.getWorkers().isEnabled()) {
      SafeholdWorkers workers = WorkerWiring.create(built, config.getWorkers());
      environment.lifecycle().manage(new Managed() {
        @Override
        public void start() {
          workers.start();
        }

        @Override
        public void stop() {
          workers.shutdown();
        }
      });
    }
    started(built, environment);
  }

  /**
   * Builds the backup store from {@code config.getS3()}. The S3 implementation is wired here; tests
   * and {@code dev} may override.
   */
  protected ObjectStore createObjectStore(SafeholdConfiguration config) {
    SafeholdConfiguration.S3 s3 = config.getS3();
    return new S3ObjectStore(
        new S3Settings(
            s3.getEndpoint() == null || s3.getEndpoint().isBlank() ? null : URI.create(s3.getEndpoint()),
            s3.getRegion(),
            s3.getBucket(),
            s3.getAccessKeyId(),
            s3.getSecretAccessKey(),
            s3.isPathStyle()));
  }

  /** Device types the API accepts. */
  protected Set<String> deviceTypes() {
    return DeviceTypes.KNOWN;
  }

  /**
   * Called at the end of {@link #run} with everything built; add Managed objects or in-process
   * workers here. Does nothing by default.
   */
  protected void started(SafeholdServices services, Environment environment) {}

  /** The services built by the last {@link #run}; null before it. */
  public SafeholdServices services() {
    return services;
  }

  /** Strict request parsing: unknown fields and values of the wrong JSON type are errors. */
  static void configureJson(ObjectMapper json) {
    json.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    json.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    json.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    json.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    json.coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    json.coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
  }

  /** Jetty's own error pages (for requests it refuses before Jersey) in our JSON form. */
  private static void useJsonErrorPages(Environment environment) {
    environment
        .lifecycle()
        .addEventListener(
            new LifeCycle.Listener() {
              @Override
              public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                  server.setErrorHandler(new JsonErrorPage());
                }
              }
            });
  }

  private void registerApi(SafeholdServices services, Environment environment) {
    SafeholdConfiguration config = services.config();
    ObjectMapper json = environment.getObjectMapper();
    ApiKeyAuthenticator authenticator =
        new ApiKeyAuthenticator(
            services.apiKeys(), config.getApi().getKeyCacheTtl().toJavaDuration());
    JerseyEnvironment jersey = environment.jersey();
    jersey.register(new ApiKeyFilter(authenticator));
    jersey.register(new BodySizeLimit(config.getApi().getMaxBodyBytes()));
    jersey.register(new RoleAuthorization());
    jersey.register(new AuditTrail(services.audit()));
    ErrorMapper errors = new ErrorMapper();
    jersey.register(errors);
    jersey.register(new ValidationErrorMapper(errors));

    jersey.register(new OpenApiResource());
    jersey.register(new ApiKeyResource(services.apiKeys(), authenticator));
    jersey.register(new AuditResource(services.audit()));
    jersey.register(new AwarenessResource(services.workflowClient()));
    jersey.register(new AlertResource(services.alerts()));
    registerAwarenessApi(services, jersey);
    jersey.register(
        new CredentialResource(
            services.credentials(), services.devices(), services.vcenters(), services.vault()));
    jersey.register(new TagCredentialResource(services.credentials()));
    jersey.register(
        new NotificationTargetResource(
            services.jdbi().onDemand(NotificationDao.class),
            services.credentials(),
            services.vault(),
            new NotificationSender(services.jdbi(), services.vault()),
            Clock.systemUTC()));
    jersey.register(
        new DeviceResource(
            services.devices(),
            services.credentials(),
            deviceTypes(),
            new DeviceBackupLauncher(services.runs(), services.workflowClient())));
    jersey.register(
        new DeviceConfigResource(
            services.devices(), services.configVersions(), services.objectStore(), json));
    VsphereRunLauncher vsphere = new VsphereRunLauncher(services.runs(), services.workflowClient());
    jersey.register(new VcenterResource(services.vcenters(), services.credentials(), vsphere));
    jersey.register(
        new CoveAccountResource(
            services.coveAccounts(),
            services.credentials(),
            new CovePolling(services.coveAccounts(), services.workflowClient())));
    jersey.register(
        new VmResource(
            services.vms(),
            services.vmBackups(),
            services.runs(),
            vsphere,
            config.getReplication().names()));
    jersey.register(
        new VmRetentionResource(
            services.vms(), services.runs(), new VmRetention(services.jdbi()), vsphere));
    ExecutorService runFollowers =
        environment
            .lifecycle()
            .executorService("run-followers-%d")
            .minThreads(0)
            .maxThreads(MAX_RUN_FOLLOWERS)
            .workQueue(new SynchronousQueue<>())
            .build();
    jersey.register(
        new RunResource(
            services.runs(),
            json,
            RunResource.DEFAULT_POLL_INTERVAL,
            runFollowers,
            new RunCancellation(services.runs(), services.workflowClient())));
    BaculaApi.register(services, environment);
  }

  /** Backup events, ingest keys and per-asset awareness settings. */
  private static void registerAwarenessApi(SafeholdServices services, JerseyEnvironment jersey) {
    Jdbi jdbi = services.jdbi();
    AwarenessDao.Defaults defaults = services.config().getAwareness().defaults();
    BackupEventRecorder recorder = new BackupEventRecorder(jdbi);
    jersey.register(
        new BackupEventResource(
            recorder,
            jdbi.onDemand(IngestKeyDao.class),
            jdbi.onDemand(AssetDao.class),
            jdbi.onDemand(AwarenessDao.class),
            defaults,
            Clock.systemUTC()));
    jersey.register(new IngestKeyResource(jdbi.onDemand(IngestKeyDao.class), recorder));
    jersey.register(
        new AssetAwarenessResource(
            jdbi.onDemand(AssetDao.class), jdbi.onDemand(AwarenessDao.class), defaults));
  }

  /**
   * Finishes runs whose workflow is gone or closed (see {@link RunReconciler}): once at start-up,
   * which catches runs an embedded Temporal lost across a restart, then every minute.
   */
  private static void scheduleRunReconciliation(
      SafeholdServices services, Environment environment) {
    RunReconciler reconciler =
        new RunReconciler(
            services.runs(),
            services.serviceStubs(),
            services.config().getTemporal().getNamespace(),
            RECONCILE_GRACE,
            Clock.systemUTC());
    ScheduledExecutorService schedule =
        environment.lifecycle().scheduledExecutorService("run-reconciler-%d").threads(1).build();
    schedule.scheduleWithFixedDelay(
        () -> {
          try {
            reconciler.reconcile();
          } catch (RuntimeException e) {
            // A failed pass must not cancel the schedule; the next one retries.
            LOG.warn("run reconciliation failed", e);
          }
        },
        0,
        RECONCILE_EVERY.toSeconds(),
        TimeUnit.SECONDS);
  }

  /**
   * Keeps a polling loop running for every Cove account: once at start-up, then every few minutes,
   * which also restarts loops an embedded Temporal lost across a restart.
   */
  private static void scheduleCovePolling(SafeholdServices services, Environment environment) {
    CovePolling polling = new CovePolling(services.coveAccounts(), services.workflowClient());
    LoopKeeper.keep(environment, "cove-polling", polling::ensureAll);
  }

  private static void registerHealthChecks(SafeholdServices services, Environment environment) {
    environment.healthChecks().register("postgresql", new DatabaseHealthCheck(services.jdbi()));
    environment
        .healthChecks()
        .register(
            "temporal",
            new TemporalHealthCheck(
                services.serviceStubs(), services.config().getTemporal().getTarget()));
    environment.healthChecks().register("s3", new ObjectStoreHealthCheck(services.objectStore()));
  }

  private static void registerMetrics(SafeholdServices services, Environment environment) {
    var registry = services.meterRegistry();
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    CatalogMeters catalog = new CatalogMeters(services.runStatistics(), registry);
    environment
        .admin()
        .addServlet("prometheus", new PrometheusServlet(registry, catalog))
        .addMapping("/prometheus");
  }
}
