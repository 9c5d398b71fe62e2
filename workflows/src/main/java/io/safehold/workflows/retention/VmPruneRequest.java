package io.safehold.workflows.retention;

/** Input of {@link VmPruneWorkflow}: the catalog run (kind {@code prune}) and the VM. */
public record VmPruneRequest(String runId, String vmId) {}
