package io.safehold.workflows.awareness;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The awareness loop: checks every asset at once, then every check period, for as long as it runs
 * (continuing as new before its history grows). Exactly one runs, with workflow id {@link
 * #WORKFLOW_ID} on {@link io.safehold.workflows.TaskQueues#WORKFLOWS}, started by the API process
 * at start-up; a process that finds it running signals {@link #reconfigure} instead.
 */
@WorkflowInterface
public interface BackupAwarenessWorkflow {

  String WORKFLOW_ID = "backup-awareness";

  @WorkflowMethod
  void watch(AwarenessLoop loop);

  /** Takes new defaults and checks at once (as a fresh start would). */
  @SignalMethod
  void reconfigure(AwarenessLoop loop);

  /** Checks as soon as no check is running; several requests meanwhile make one check. */
  @SignalMethod
  void checkNow();

  @QueryMethod
  AwarenessStatus status();
}
