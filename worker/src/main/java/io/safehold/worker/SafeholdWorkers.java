package io.safehold.worker;

import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.awareness.BackupAwarenessWorkflowImpl;
import io.safehold.workflows.bacula.BaculaActivities;
import io.safehold.workflows.bacula.BaculaImportWorkflow;
import io.safehold.workflows.bacula.BaculaImportWorkflowImpl;
import io.safehold.workflows.bacula.BaculaJobWorkflow;
import io.safehold.workflows.bacula.BaculaJobWorkflowImpl;
import io.safehold.workflows.bacula.BaculaOptions;
import io.safehold.workflows.cove.CovePollingWorkflowImpl;
import io.safehold.workflows.netdevice.DeviceBackupOptions;
import io.safehold.workflows.netdevice.DeviceConfigBackupWorkflow;
import io.safehold.workflows.netdevice.DeviceConfigBackupWorkflowImpl;
import io.safehold.workflows.retention.VmPruneWorkflowImpl;
import io.safehold.workflows.vsphere.VmBackupOptions;
import io.safehold.workflows.vsphere.VmBackupWorkflow;
import io.safehold.workflows.vsphere.VmBackupWorkflowImpl;
import io.safehold.workflows.vsphere.VmDiscoveryWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Temporal workers of one Safehold process: one {@link Worker} per task queue, with that
 * queue's limits from {@link WorkerSettings}.
 *
 * <ul>
 *   <li>{@link TaskQueues#WORKFLOWS}: every workflow (device backup, VM backup, VM discovery, VM
 *       prune, Cove polling, backup awareness) and the catalog activities ({@code RunActivities},
 *       {@code DeviceCatalogActivities}, {@code VmCatalogActivities}, {@code VmPruneActivities},
 *       {@code AwarenessActivities});
 *   <li>{@link TaskQueues#NETDEVICE}: {@code NetDeviceActivities};
 *   <li>{@link TaskQueues#VSPHERE}: {@code VSphereActivities}, when given;
 *   <li>{@link TaskQueues#STORAGE}: {@code ReplicationActivities}, when given;
 *   <li>{@link TaskQueues#COVE}: {@code CoveActivities}, when given;
 *   <li>{@link TaskQueues#NOTIFY}: {@code NotificationActivities}, when given (its selection,
 *       {@code NotificationCatalogActivities}, runs on the workflows queue).
 * </ul>
 *
 * The other queues (vSphere, storage, Bacula, Cove, notify) get a worker only once something is
 * registered for them; until then no poller runs for them. A queue disabled in the settings gets no
 * worker in this process, so another process can serve it.
 *
 * <p>Life cycle: construct, {@link #start()}, then {@link #shutdown()} (also via {@link #close()}).
 * Shutting down also closes the replication activities when they are {@link AutoCloseable}: their
 * target store clients serve nothing else.
 */
public final class SafeholdWorkers implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SafeholdWorkers.class);
  private static final Duration FORCED_STOP_WAIT = Duration.ofSeconds(5);

  private final WorkerFactory factory;
  private final WorkerSettings settings;
  private final Set<String> taskQueues = new LinkedHashSet<>();

  /** Clients that only registered activities use (replication targets), closed after them. */
  private final List<AutoCloseable> closeAfterStop = new ArrayList<>();

  /**
   * Creates the workers and registers everything; polling starts with {@link #start()}.
   *
   * @throws IllegalArgumentException if an enabled queue lacks one of its activity implementations
   */
  public SafeholdWorkers(
      WorkflowClient client, WorkerSettings settings, WorkerActivities activities) {
    this.settings = settings;
    this.factory = WorkerFactory.newInstance(client);

    if (settings.queue(TaskQueues.WORKFLOWS).isEnabled()) {
      require(activities.run(), "run", TaskQueues.WORKFLOWS);
      require(activities.deviceCatalog(), "deviceCatalog", TaskQueues.WORKFLOWS);
      Worker worker = newWorker(TaskQueues.WORKFLOWS);
      DeviceBackupOptions deviceBackup = settings.deviceBackupOptions();
      worker.registerWorkflowImplementationFactory(
          DeviceConfigBackupWorkflow.class, () -> new DeviceConfigBackupWorkflowImpl(deviceBackup));
      worker.registerActivitiesImplementations(activities.run(), activities.deviceCatalog());
      VmBackupOptions vmBackup = settings.vmBackupOptions();
      worker.registerWorkflowImplementationFactory(
          VmBackupWorkflow.class, () -> new VmBackupWorkflowImpl(vmBackup));
      worker.registerWorkflowImplementationTypes(VmDiscoveryWorkflowImpl.class);
      if (activities.vmCatalog() != null) {
        worker.registerActivitiesImplementations(activities.vmCatalog());
      }
      worker.registerWorkflowImplementationTypes(CovePollingWorkflowImpl.class);
      worker.registerWorkflowImplementationTypes(VmPruneWorkflowImpl.class);
      if (activities.vmPrune() != null) {
        worker.registerActivitiesImplementations(activities.vmPrune());
      }
      worker.registerWorkflowImplementationTypes(BackupAwarenessWorkflowImpl.class);
      if (activities.awareness() != null) {
        worker.registerActivitiesImplementations(activities.awareness());
      }
      if (activities.notificationCatalog() != null) {
        worker.registerActivitiesImplementations(activities.notificationCatalog());
      }
    }
    if (settings.queue(TaskQueues.NETDEVICE).isEnabled()) {
      require(activities.netDevice(), "netDevice", TaskQueues.NETDEVICE);
      newWorker(TaskQueues.NETDEVICE).registerActivitiesImplementations(activities.netDevice());
    }
    if (settings.queue(TaskQueues.VSPHERE).isEnabled() && activities.vsphere() != null) {
      newWorker(TaskQueues.VSPHERE).registerActivitiesImplementations(activities.vsphere());
    }
    if (settings.queue(TaskQueues.COVE).isEnabled() && activities.cove() != null) {
      newWorker(TaskQueues.COVE).registerActivitiesImplementations(activities.cove());
    }
    if (settings.queue(TaskQueues.NOTIFY).isEnabled() && activities.notification() != null) {
      newWorker(TaskQueues.NOTIFY).registerActivitiesImplementations(activities.notification());
    }
    if (settings.queue(TaskQueues.STORAGE).isEnabled() && activities.replication() != null) {
      newWorker(TaskQueues.STORAGE).registerActivitiesImplementations(activities.replication());
      if (activities.replication() instanceof AutoCloseable closeable) {
        closeAfterStop.add(closeable);
      }
    }
  }

  /**
   * Registers the Bacula workflows on {@link TaskQueues#WORKFLOWS} and {@code bacula} on {@link
   * TaskQueues#BACULA}, each where its queue is enabled. Call before {@link #start()}.
   */
  public void registerBacula(BaculaActivities bacula, BaculaOptions options) {
    if (settings.queue(TaskQueues.WORKFLOWS).isEnabled()) {
      Worker worker = factory.getWorker(TaskQueues.WORKFLOWS);
      worker.registerWorkflowImplementationFactory(
          BaculaJobWorkflow.class, () -> new BaculaJobWorkflowImpl(options));
      worker.registerWorkflowImplementationFactory(
          BaculaImportWorkflow.class, () -> new BaculaImportWorkflowImpl(options));
    }
    if (settings.queue(TaskQueues.BACULA).isEnabled()) {
      newWorker(TaskQueues.BACULA).registerActivitiesImplementations(bacula);
    }
  }

  /** The queues this process polls, in registration order. */
  public Set<String> taskQueues() {
    return Set.copyOf(taskQueues);
  }

  /** The underlying factory, e.g. for a health check ({@code isStarted}, {@code isShutdown}). */
  public WorkerFactory factory() {
    return factory;
  }

  public void start() {
    factory.start();
    log.info("Temporal workers polling {}", taskQueues);
  }

  /**
   * Stops polling, lets running tasks finish for up to {@link
   * WorkerSettings#getShutdownTimeoutSeconds()}, then interrupts what is left. Idempotent.
   */
  public void shutdown() {
    if (factory.isTerminated()) {
      return;
    }
    factory.shutdown();
    factory.awaitTermination(settings.getShutdownTimeoutSeconds(), TimeUnit.SECONDS);
    if (!factory.isTerminated()) {
      log.warn(
          "Workers still busy after {} s; interrupting their remaining tasks",
          settings.getShutdownTimeoutSeconds());
      factory.shutdownNow();
      factory.awaitTermination(FORCED_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
    }
    for (AutoCloseable closeable : closeAfterStop) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.warn("Could not close {} after the workers stopped", closeable.getClass().getName(), e);
      }
    }
    closeAfterStop.clear();
  }

  @Override
  public void close() {
    shutdown();
  }

  static final int ACTIVITY_POLLERS = 16;
  static final int WORKFLOW_POLLERS = 8;

  private Worker newWorker(String taskQueue) {
    QueueSettings queue = settings.queue(taskQueue);
    WorkerOptions options =
        WorkerOptions.newBuilder()
            .setMaxConcurrentActivityExecutionSize(queue.getMaxConcurrentActivityExecutionSize())
            .setMaxTaskQueueActivitiesPerSecond(queue.getMaxTaskQueueActivitiesPerSecond())
            // The SDK's default of 5 pollers per queue caps a burst of short tasks at the poll
            // round trip; the device benchmark waited seconds for a free poller, not for a device.
            .setMaxConcurrentActivityTaskPollers(ACTIVITY_POLLERS)
            .setMaxConcurrentWorkflowTaskPollers(WORKFLOW_POLLERS)
            .build();
    taskQueues.add(taskQueue);
    return factory.newWorker(taskQueue, options);
  }

  private static void require(Object implementation, String name, String taskQueue) {
    if (implementation == null) {
      throw new IllegalArgumentException(
          "WorkerActivities."
              + name
              + " is missing but task queue "
              + taskQueue
              + " is enabled; pass it or disable the queue in the worker settings.");
    }
  }
}
