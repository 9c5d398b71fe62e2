package io.safehold.worker;

import io.safehold.workflows.awareness.AwarenessActivities;
import io.safehold.workflows.cove.CoveActivities;
import io.safehold.workflows.netdevice.DeviceCatalogActivities;
import io.safehold.workflows.netdevice.NetDeviceActivities;
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
 * replication} after its workers stop when it is {@link AutoCloseable}. {@code cove} (on {@link
 * io.safehold.workflows.TaskQueues#COVE}) may be null in a process that does not poll Cove, and
 * {@code awareness} (on the workflows queue) in one that does not run the awareness check (its
 * loop then waits for a worker that has it). The {@code with...} methods add them to a subset.
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
    AwarenessActivities awareness) {

  /** Everything but Cove polling and the awareness check. */
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
    this(run, deviceCatalog, netDevice, vmCatalog, vsphere, null, null, null, null);
  }

  /** Only what device backups need; VM backups have no activities here. */
  public WorkerActivities(
      RunActivities run, DeviceCatalogActivities deviceCatalog, NetDeviceActivities netDevice) {
    this(run, deviceCatalog, netDevice, null, null, null, null, null, null);
  }

  /** These activities, with Cove polling. */
  public WorkerActivities withCove(CoveActivities cove) {
    return new WorkerActivities(
        run, deviceCatalog, netDevice, vmCatalog, vsphere, replication, vmPrune, cove, awareness);
  }

  /** These activities, with the awareness check. */
  public WorkerActivities withAwareness(AwarenessActivities awareness) {
    return new WorkerActivities(
        run, deviceCatalog, netDevice, vmCatalog, vsphere, replication, vmPrune, cove, awareness);
  }
}
