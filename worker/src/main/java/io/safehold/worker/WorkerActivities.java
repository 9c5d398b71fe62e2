package io.safehold.worker;

import io.safehold.workflows.netdevice.DeviceCatalogActivities;
import io.safehold.workflows.netdevice.NetDeviceActivities;
import io.safehold.workflows.run.RunActivities;

/**
 * The activity implementations a worker process hosts, built by the caller with their clients
 * (catalog, SSH, object store), so this module needs only their interfaces.
 *
 * <p>An implementation may be null when the queue that hosts it is disabled in {@link
 * WorkerSettings}: {@code run} and {@code deviceCatalog} belong to {@link
 * io.safehold.workflows.TaskQueues#WORKFLOWS}, {@code netDevice} to {@link
 * io.safehold.workflows.TaskQueues#NETDEVICE}.
 */
public record WorkerActivities(
    RunActivities run, DeviceCatalogActivities deviceCatalog, NetDeviceActivities netDevice) {}
