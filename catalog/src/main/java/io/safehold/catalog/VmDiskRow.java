package io.safehold.catalog;

/**
 * A virtual disk of a VM.
 *
 * @param diskKey vSphere's device key, e.g. 2000; unique within the VM
 * @param fileName the backing file, {@code [datastore] dir/disk.vmdk}
 */
public record VmDiskRow(
    int diskKey, String label, long capacityBytes, String datastore, String fileName) {}
