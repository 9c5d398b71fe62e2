package io.safehold.workflows.vsphere;

/** What a VM backup reads: every allocated block, or only what CBT reports changed since a base. */
public enum BackupMode {
  FULL,
  INCREMENTAL
}
