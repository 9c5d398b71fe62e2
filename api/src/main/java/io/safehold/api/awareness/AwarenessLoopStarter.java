package io.safehold.api.awareness;

import io.dropwizard.lifecycle.Managed;
import io.safehold.catalog.AwarenessDao;
import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.awareness.AwarenessLoop;
import io.safehold.workflows.awareness.BackupAwarenessWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the one {@link BackupAwarenessWorkflow} when the API process starts, off the start-up
 * path: Temporal may still be coming up, so a failed attempt is retried every {@link #RETRY} until
 * it succeeds. A loop already running (another API process, or a restart against a real cluster)
 * gets the current defaults by signal and checks at once. With {@code checkPeriod: -1} a running
 * loop is terminated instead.
 */
public final class AwarenessLoopStarter implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(AwarenessLoopStarter.class);

  static final Duration RETRY = Duration.ofSeconds(30);

  private final WorkflowClient client;
  private final AwarenessConfig config;
  private ScheduledExecutorService executor;

  public AwarenessLoopStarter(WorkflowClient client, AwarenessConfig config) {
    this.client = client;
    this.config = config;
  }

  @Override
  public void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "awareness-loop-starter");
              thread.setDaemon(true);
              return thread;
            });
    executor.execute(this::attempt);
  }

  @Override
  public void stop() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  private void attempt() {
    try {
      if (config.isEnabled()) {
        startOrReconfigure();
      } else {
        terminateIfRunning();
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not start the backup awareness loop in Temporal ({}); trying again in {} s.",
          e.getMessage(),
          RETRY.toSeconds());
      if (!executor.isShutdown()) {
        executor.schedule(this::attempt, RETRY.toSeconds(), TimeUnit.SECONDS);
      }
    }
  }

  private void startOrReconfigure() {
    AwarenessDao.Defaults defaults = config.defaults();
    AwarenessLoop loop =
        AwarenessLoop.startingNow(defaults.checkPeriodS(), defaults.alertWindowS());
    BackupAwarenessWorkflow workflow =
        client.newWorkflowStub(
            BackupAwarenessWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(BackupAwarenessWorkflow.WORKFLOW_ID)
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    try {
      WorkflowClient.start(workflow::watch, loop);
      LOG.info(
          "Backup awareness loop started: every {} s, alert window {} s.",
          defaults.checkPeriodS(),
          defaults.alertWindowS());
    } catch (WorkflowExecutionAlreadyStarted running) {
      client
          .newWorkflowStub(BackupAwarenessWorkflow.class, BackupAwarenessWorkflow.WORKFLOW_ID)
          .reconfigure(loop);
      LOG.info("Backup awareness loop already running; sent it the configured defaults.");
    }
  }

  private void terminateIfRunning() {
    try {
      client
          .newUntypedWorkflowStub(BackupAwarenessWorkflow.WORKFLOW_ID)
          .terminate("awareness.checkPeriod is -1 in the configuration");
      LOG.info("Backup awareness is off (checkPeriod -1); stopped the running loop.");
    } catch (WorkflowNotFoundException e) {
      LOG.info("Backup awareness is off (checkPeriod -1).");
    }
  }
}
