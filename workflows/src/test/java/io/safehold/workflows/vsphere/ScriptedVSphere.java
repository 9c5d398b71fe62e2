package io.safehold.workflows.vsphere;

import io.safehold.workflows.run.StoredObject;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Stands in for a vCenter: two disks, a .vmx and an .nvram, and hooks to make a step fail or hang.
 * Records every call as {@code name} or {@code name:detail}.
 */
final class ScriptedVSphere implements VSphereActivities {

  static final VmDisk DISK_1 = new VmDisk(2000, "Hard disk 1", 64L << 20, "[ds] vm/disk1.vmdk", "52 aa/4");
  static final VmDisk DISK_2 = new VmDisk(2001, "Hard disk 2", 32L << 20, "[ds] vm/disk2.vmdk", "52 bb/7");

  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<DiskBackupRequest> diskRequests = new CopyOnWriteArrayList<>();
  final CountDownLatch diskStarted = new CountDownLatch(1);
  volatile Function<DiskBackupRequest, DiskBackupResult> diskStep = ScriptedVSphere::readInFull;
  volatile RuntimeException snapshotFailure;
  volatile RuntimeException removeFailure;
  volatile boolean hangOnDisk;

  static DiskBackupResult readInFull(DiskBackupRequest request) {
    long capacity = request.disk().capacityBytes();
    boolean incremental = request.baseChangeId() != null;
    long read = incremental ? capacity / 16 : capacity;
    return new DiskBackupResult(
        request.disk().key(), incremental, null, read, 0, read / 2, (int) (capacity >> 22));
  }

  @Override
  public DiscoveryResult discover(String runId, String vcenterId) {
    calls.add("discover");
    return new DiscoveryResult(2, 2, 0, 0);
  }

  @Override
  public VmSnapshot createSnapshot(String runId, String vmId, String snapshotName, boolean quiesce) {
    calls.add("createSnapshot:" + snapshotName);
    if (snapshotFailure != null) {
      throw snapshotFailure;
    }
    return new VmSnapshot(
        "snapshot-7",
        snapshotName,
        true,
        List.of(DISK_1, DISK_2),
        List.of("[ds] vm/vm.vmx", "[ds] vm/vm.nvram"));
  }

  @Override
  public DiskBackupResult backupDisk(DiskBackupRequest request) {
    calls.add("backupDisk:" + request.disk().key());
    diskRequests.add(request);
    diskStarted.countDown();
    if (hangOnDisk) {
      // Heartbeat until cancelled, as a real transfer does.
      for (int i = 0; i < 600; i++) {
        try {
          Activity.getExecutionContext().heartbeat(i);
          TimeUnit.MILLISECONDS.sleep(100);
        } catch (ActivityCompletionException e) {
          throw e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      throw new IllegalStateException("the test never cancelled the hanging disk");
    }
    return diskStep.apply(request);
  }

  @Override
  public StoredObject backupFile(String runId, String vmId, String datastorePath) {
    calls.add("backupFile:" + datastorePath);
    if (datastorePath.endsWith(".nvram")) {
      return null;
    }
    return new StoredObject("vms/" + vmId + "/" + runId + "/vm.vmx", 1234, "ab".repeat(32));
  }

  @Override
  public boolean removeSnapshot(String vmId, String snapshotName) {
    calls.add("removeSnapshot:" + snapshotName);
    if (removeFailure != null) {
      throw removeFailure;
    }
    return true;
  }
}
