package io.safehold.worker;

import io.safehold.workflows.netdevice.DeviceCatalogActivities;
import io.safehold.workflows.netdevice.NetDeviceActivities;
import io.safehold.workflows.notify.NotificationActivities;
import io.safehold.workflows.notify.NotificationCatalogActivities;
import io.safehold.workflows.retention.VmPruneActivities;
import io.safehold.workflows.run.RunActivities;
import io.safehold.workflows.vsphere.ReplicationActivities;
import io.safehold.workflows.vsphere.VSphereActivities;
import io.safehold.workflows.vsphere.VmCatalogActivities;

/**
 * The activity implementations a worker process hosts, built by the caller with their clients
 * (catalog, SSH, object store), so this module needs only their interfaces.
 *
 * <p>An implementation may be null when the queue that hosts it is disabled in {@link
 * WorkerSettings}: {@code run} and {@code deviceCatalog} belong to {@link
 * io.safehold.workflows.TaskQueues#WORKFLOWS}, {@code netDevice} to {@link
 * io.safehold.workflows.TaskQueues#NETDEVICE}. {@code vmCatalog} (on the workflows queue) and
 * {@code vsphere} (on {@link io.safehold.workflows.TaskQueues#VSPHERE}) may be null in a process
 * that does not back up VMs, {@code replication} (on {@link
 * io.safehold.workflows.TaskQueues#STORAGE}) in one that does not replicate, and {@code vmPrune}
 * (on the workflows queue) in one that does not prune; {@link SafeholdWorkers} closes {@code
 * replication} after its workers stop when it is {@link AutoCloseable}.
 *
 * <p>{@code notificationCatalog} (on the workflows queue) and {@code notification} (on {@link
 * io.safehold.workflows.TaskQueues#NOTIFY}) send notifications; without them a workflow's
 * notifications fail after their deadline and are recorded on the run as not delivered.
 */
public record WorkerActivities(
    RunActivities run,
    DeviceCatalogActivities deviceCatalog,
    NetDeviceActivities netDevice,
    VmCatalogActivities vmCatalog,
    VSphereActivities vsphere,
    ReplicationActivities replication,
    VmPruneActivities vmPrune,
    NotificationCatalogActivities notificationCatalog,
    NotificationActivities notification) {

  /** Without notifications in this process. */
  public WorkerActivities(
      RunActivities run,
      DeviceCatalogActivities deviceCatalog,
      NetDeviceActivities netDevice,
      VmCatalogActivities vmCatalog,
      VSphereActivities vsphere,
      ReplicationActivities replication,
      VmPruneActivities vmPrune) {
    this(run, deviceCatalog, netDevice, vmCatalog, vsphere, replication, vmPrune, null, null);
  }

  /** VM backups without replication or pruning in this process. */
  public WorkerActivities(
      RunActivities run,
      DeviceCatalogActivities deviceCatalog,
      NetDeviceActivities netDevice,
      VmCatalogActivities vmCatalog,
      VSphereActivities vsphere) {
    this(run, deviceCatalog, netDevice, vmCatalog, vsphere, null, null);
  }

  /** Only what device backups need; VM backups have no activities here. */
  public WorkerActivities(
      RunActivities run, DeviceCatalogActivities deviceCatalog, NetDeviceActivities netDevice) {
    this(run, deviceCatalog, netDevice, null, null, null, null);
  }
}
