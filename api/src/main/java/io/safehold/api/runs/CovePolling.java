package io.safehold.api.runs;

import io.safehold.api.errors.ApiException;
import io.safehold.catalog.CoveAccountDao;
import io.safehold.catalog.CoveAccountRow;
import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.cove.CovePollingRequest;
import io.safehold.workflows.cove.CovePollingWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@link CovePollingWorkflow} running per Cove account: started when the account is
 * created and, for every account, at start-up and every few minutes after (which also restarts
 * loops an embedded Temporal lost across a restart); signalled to poll now; terminated when the
 * account is deleted.
 */
public final class CovePolling {

  private static final Logger LOG = LoggerFactory.getLogger(CovePolling.class);

  private final CoveAccountDao accounts;
  private final WorkflowClient client;

  public CovePolling(CoveAccountDao accounts, WorkflowClient client) {
    this.accounts = accounts;
    this.client = client;
  }

  /** The workflow id of an account's loop. */
  public static String workflowId(UUID accountId) {
    return CovePollingWorkflow.workflowId(accountId.toString());
  }

  /**
   * Starts the account's loop unless it runs already; the loop polls at once.
   *
   * @return true when this call started it
   * @throws io.temporal.client.WorkflowServiceException when Temporal cannot be reached
   */
  public boolean ensureRunning(CoveAccountRow account) {
    CovePollingWorkflow workflow =
        client.newWorkflowStub(
            CovePollingWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId(account.id()))
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .build());
    try {
      WorkflowClient.start(workflow::poll, CovePollingRequest.of(account.id().toString()));
      LOG.info("started polling Cove account {}", account.name());
      return true;
    } catch (WorkflowExecutionAlreadyStarted e) {
      return false;
    }
  }

  /** Starts the loop of every account that has none running; a failure is logged, not thrown. */
  public void ensureAll() {
    for (CoveAccountRow account : accounts.list()) {
      try {
        ensureRunning(account);
      } catch (RuntimeException e) {
        LOG.warn(
            "could not start polling Cove account {}: {}",
            account.name(),
            DeviceBackupLauncher.rootMessage(e));
      }
    }
  }

  /**
   * Asks the account's loop for a cycle now, starting the loop when it is not running.
   *
   * @throws ApiException 503 {@code temporal_unavailable} when Temporal cannot be reached
   */
  public void pollNow(CoveAccountRow account) {
    try {
      client.newWorkflowStub(CovePollingWorkflow.class, workflowId(account.id())).pollNow();
    } catch (WorkflowNotFoundException e) {
      startForApi(account);
    } catch (RuntimeException e) {
      throw unavailable(account, e);
    }
  }

  /**
   * Starts the loop of a new account; when Temporal cannot be reached the account stays and the
   * periodic {@link #ensureAll} starts it later.
   *
   * @return false when the loop could not be started now
   */
  public boolean startNew(CoveAccountRow account) {
    try {
      ensureRunning(account);
      return true;
    } catch (RuntimeException e) {
      LOG.warn(
          "could not start polling Cove account {} yet: {}",
          account.name(),
          DeviceBackupLauncher.rootMessage(e));
      return false;
    }
  }

  /** Ends the account's loop, if it runs. */
  public void stop(UUID accountId) {
    try {
      client.newUntypedWorkflowStub(workflowId(accountId)).terminate("Cove account deleted");
    } catch (WorkflowNotFoundException e) {
      // Nothing runs: the loop already ended, or Temporal lost it.
    } catch (RuntimeException e) {
      // The loop ends by itself at its next cycle, when it finds the account gone.
      LOG.warn(
          "could not stop polling Cove account {}: {}",
          accountId,
          DeviceBackupLauncher.rootMessage(e));
    }
  }

  private void startForApi(CoveAccountRow account) {
    try {
      ensureRunning(account);
    } catch (RuntimeException e) {
      throw unavailable(account, e);
    }
  }

  private static ApiException unavailable(CoveAccountRow account, RuntimeException e) {
    return new ApiException(
        503,
        "temporal_unavailable",
        "Temporal did not take the poll of Cove account '"
            + account.name()
            + "' ("
            + DeviceBackupLauncher.rootMessage(e)
            + "); check that Temporal is reachable and try again");
  }
}
