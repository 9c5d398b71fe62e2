package io.safehold.workflows.vsphere;

import io.safehold.workflows.run.StoredObject;
import io.temporal.activity.ActivityInterface;

/**
 * Calls to a vCenter, on {@link io.safehold.workflows.TaskQueues#VSPHERE}. Each resolves the VM's
 * vCenter and credential from the catalog itself: no secret crosses the workflow.
 *
 * <p>Failure types that retrying cannot fix, raised non-retryable: {@link #INVALID_LOGIN}, {@link
 * #CERTIFICATE_MISMATCH}, {@link #CERTIFICATE_UNTRUSTED}, {@link #VM_NOT_FOUND}, {@link
 * #CREDENTIAL_UNUSABLE}. Network faults
 * are retryable.
 */
@ActivityInterface
public interface VSphereActivities {

  String INVALID_LOGIN = "VSphereInvalidLogin";
  String CERTIFICATE_MISMATCH = "VSphereCertificateMismatch";
  String CERTIFICATE_UNTRUSTED = "VSphereCertificateUntrusted";
  String VM_NOT_FOUND = "VSphereNotFound";
  String CREDENTIAL_UNUSABLE = "VcenterCredentialUnusable";

  /** Lists the vCenter's VMs and brings the catalog's VM assets up to date. */
  DiscoveryResult discover(String runId, String vcenterId);

  /** Takes a snapshot named {@code snapshotName} (without memory) and returns what it froze. */
  VmSnapshot createSnapshot(String runId, String vmId, String snapshotName, boolean quiesce);

  /**
   * Reads one disk of the snapshot into the chunk store, heartbeating progress; a retry resumes
   * after the chunks already recorded.
   */
  DiskBackupResult backupDisk(DiskBackupRequest request);

  /** Stores one small datastore file (the .vmx or .nvram); null when the file does not exist. */
  StoredObject backupFile(String runId, String vmId, String datastorePath);

  /**
   * Removes every snapshot of the VM named {@code snapshotName}; true if one was removed, false if
   * there was none (so cleanup can run twice, or after a create that never happened).
   */
  boolean removeSnapshot(String vmId, String snapshotName);
}
