package io.safehold.workflows.vsphere;

/** Input of {@link VmDiscoveryWorkflow}: the catalog run and the catalog vCenter to refresh. */
public record DiscoveryRequest(String runId, String vcenterId) {}
