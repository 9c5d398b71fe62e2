package io.safehold.workflows.vsphere;

import io.temporal.activity.ActivityInterface;

/**
 * Copies a finished backup to a secondary target, on {@link
 * io.safehold.workflows.TaskQueues#STORAGE}. Targets are named in the configuration (another
 * bucket, another S3 endpoint); no credential crosses the workflow.
 *
 * <p>Every object the manifest names is copied (or found already there with the same SHA-256),
 * each copy's SHA-256 is verified by the target, and the manifest is copied last, so a target
 * never holds a manifest whose objects are missing. The primary copy is never touched. An unknown
 * target fails non-retryably with type {@link #UNKNOWN_TARGET}; network faults are retryable and
 * the activity heartbeats per object, resuming where it stopped.
 */
@ActivityInterface
public interface ReplicationActivities {

  String UNKNOWN_TARGET = "UnknownReplicationTarget";

  ReplicationResult replicate(String runId, String manifestKey, String target);
}
