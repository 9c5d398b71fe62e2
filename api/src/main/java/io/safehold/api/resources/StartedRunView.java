package io.safehold.api.resources;

import java.util.UUID;

/**
 * Answer of every call that starts (or cancels) work: Safehold's run id and the Temporal workflow
 * id.
 */
public record StartedRunView(UUID runId, String workflowId) {}
