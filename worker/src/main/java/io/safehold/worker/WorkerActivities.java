package io.safehold.worker;

import io.safehold.workflows.awareness.AwarenessActivities;
import io.safehold.workflows.cove.CoveActivities;
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
 * io.safehold.workflows.TaskQueues#NETDEVICE}. The others may be null in a process that does not
 * do their work:
 *
 * <ul>
 *   <li>{@code vmCatalog} (workflows queue) and {@code vsphere} ({@link
 *       io.safehold.workflows.TaskQueues#VSPHERE}): VM backups;
 *   <li>{@code replication} ({@link io.safehold.workflows.TaskQueues#STORAGE}): copies to other
 *       targets; {@link SafeholdWorkers} closes it after its workers stop when it is {@link
 *       AutoCloseable};
 *   <li>{@code vmPrune} (workflows queue): retention;
 *   <li>{@code cove} ({@link io.safehold.workflows.TaskQueues#COVE}): Cove polling;
 *   <li>{@code awareness} (workflows queue): the awareness check (its loop then waits for a worker
 *       that has it);
 *   <li>{@code notificationCatalog} (workflows queue) and {@code notification} ({@link
 *       io.safehold.workflows.TaskQueues#NOTIFY}): without them a workflow's notifications fail
 *       after their deadline and are recorded on the run as not delivered.
 * </ul>
 *
 * The shorter constructors and the {@code with...} methods build the subsets tests need.
 */
public record WorkerActivities(
    RunActivities run,
    DeviceCatalogActivities deviceCatalog,
    NetDeviceActivities netDevice,
    VmCatalogActivities vmCatalog,
    VSphereActivities vsphere,
    ReplicationActivities replication,
    VmPruneActivities vmPrune,
    CoveActivities cove,
    AwarenessActivities awareness,
    NotificationCatalogActivities notificationCatalog,
    NotificationActivities notification) {

  /** VM backups, replication and pruning, without Cove, awareness or notifications. */
  public WorkerActivities(
      RunActivities run,
      DeviceCatalogActivities deviceCatalog,
      NetDeviceActivities netDevice,
      VmCatalogActivities vmCatalog,
      VSphereActivities vsphere,
      ReplicationActivities replication,
      VmPruneActivities vmPrune) {
    this(
        run, deviceCatalog, netDevice, vmCatalog, vsphere, replication, vmPrune, null, null, null,
        null);
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

  /** These activities, with Cove polling. */
  public WorkerActivities withCove(CoveActivities cove) {
    return new WorkerActivities(
        run, deviceCatalog, netDevice, vmCatalog, vsphere, replication, vmPrune, cove, awareness,
        notificationCatalog, notification);
  }

  /** These activities, with the awareness check. */
  public WorkerActivities withAwareness(AwarenessActivities awareness) {
    return new WorkerActivities(
        run, deviceCatalog, netDevice, vmCatalog, vsphere, replication, vmPrune, cove, awareness,
        notificationCatalog, notification);
  }

  /** These activities, with notifications: selection and delivery. */
  public WorkerActivities withNotifications(
      NotificationCatalogActivities notificationCatalog, NotificationActivities notification) {
    return new WorkerActivities(
        run, deviceCatalog, netDevice, vmCatalog, vsphere, replication, vmPrune, cove, awareness,
        notificationCatalog, notification);
  }
}
