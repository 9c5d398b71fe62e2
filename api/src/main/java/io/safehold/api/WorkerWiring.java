package io.safehold.api;

import io.safehold.activities.awareness.AwarenessActivitiesImpl;
import io.safehold.activities.bacula.BaculaActivitiesImpl;
import io.safehold.activities.bacula.BaculaDirectors;
import io.safehold.activities.bacula.LocalBconsole;
import io.safehold.activities.bacula.SshBconsole;
import io.safehold.activities.catalog.DeviceCatalogActivitiesImpl;
import io.safehold.activities.catalog.RunActivitiesImpl;
import io.safehold.activities.cove.CoveActivitiesImpl;
import io.safehold.activities.netdevice.DeviceProfiles;
import io.safehold.activities.netdevice.NetDeviceActivitiesImpl;
import io.safehold.activities.netdevice.SshTimeouts;
import io.safehold.activities.notify.NotificationActivitiesImpl;
import io.safehold.activities.notify.NotificationCatalogActivitiesImpl;
import io.safehold.activities.notify.NotificationSender;
import io.safehold.activities.retention.VmPruneActivitiesImpl;
import io.safehold.activities.storage.ReplicationTargets;
import io.safehold.activities.vsphere.ReplicationActivitiesImpl;
import io.safehold.activities.vsphere.VSphereActivitiesImpl;
import io.safehold.activities.vsphere.VmCatalogActivitiesImpl;
import io.safehold.activities.vsphere.transfer.DiskTransferOptions;
import io.safehold.worker.SafeholdWorkers;
import io.safehold.worker.WorkerActivities;
import io.safehold.worker.WorkerSettings;
import io.safehold.workflows.bacula.BaculaOptions;
import java.time.Clock;

/** Builds the workers with real activity implementations over the opened services. */
final class WorkerWiring {

  private WorkerWiring() {}

  static SafeholdWorkers create(SafeholdServices services, WorkerSettings settings) {
    WorkerActivities activities =
        new WorkerActivities(
            new RunActivitiesImpl(services.jdbi()),
            new DeviceCatalogActivitiesImpl(services.jdbi()),
            new NetDeviceActivitiesImpl(
                services.jdbi(),
                services.vault(),
                services.objectStore(),
                DeviceProfiles.builtIn(),
                Clock.systemUTC(),
                SshTimeouts.defaults()),
            new VmCatalogActivitiesImpl(
                services.jdbi(),
                services.objectStore(),
                settings.getVmChunkSizeMib() << 20,
                Clock.systemUTC()),
            new VSphereActivitiesImpl(
                services.jdbi(),
                services.vault(),
                services.objectStore(),
                DiskTransferOptions.defaults()),
            new ReplicationActivitiesImpl(
                services.objectStore(),
                ReplicationTargets.s3(services.config().getReplication().settings())),
            new VmPruneActivitiesImpl(services.jdbi(), services.objectStore()),
            new CoveActivitiesImpl(services.jdbi(), services.vault()),
            new AwarenessActivitiesImpl(services.jdbi(), Clock.systemUTC()),
            new NotificationCatalogActivitiesImpl(services.jdbi()),
            new NotificationActivitiesImpl(
                services.jdbi(), new NotificationSender(services.jdbi(), services.vault())));
    SafeholdWorkers workers = new SafeholdWorkers(services.workflowClient(), settings, activities);
    workers.registerBacula(
        BaculaActivitiesImpl.withDefaults(
            services.jdbi(),
            new BaculaDirectors(
                LocalBconsole.DEFAULT_BINARY,
                BaculaDirectors.DEFAULT_TIMEOUT,
                SshBconsole.factory(services.jdbi(), services.vault()),
                Clock.systemUTC())),
        BaculaOptions.defaults());
    return workers;
  }
}
