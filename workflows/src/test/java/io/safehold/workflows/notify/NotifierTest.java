package io.safehold.workflows.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.workflows.TaskQueues;
import io.safehold.workflows.run.RecordingRunActivities;
import io.safehold.workflows.run.RunActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The awareness loop's entry point, {@link Notifier#alert}, from a workflow of its own. */
class NotifierTest {

  /** A workflow that raises one alert notification and returns what was not delivered. */
  @WorkflowInterface
  public interface AlertingWorkflow {
    @WorkflowMethod
    List<String> raise(long alertId);
  }

  public static class AlertingWorkflowImpl implements AlertingWorkflow {
    private final Notifier notifier =
        new Notifier(
            Workflow.newActivityStub(
                RunActivities.class,
                ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(10))
                    .build()),
            NotificationOptions.defaults());

    @Override
    public List<String> raise(long alertId) {
      return notifier.alert(
          true, alertId, "STALE_BACKUP", "asset-1", null, "No successful backup for 2 days.");
    }
  }

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  private final RecordingRunActivities runs = new RecordingRunActivities();

  @Test
  void anAlertGoesToEveryTargetAndAnUndeliveredOneIsReturnedNotRecordedOnARun(
      TestWorkflowEnvironment env, Worker worker) {
    RecordingNotifications notifications =
        new RecordingNotifications(
                List.of(
                    new NotificationRecipient("t-1", "ops-hook", "webhook"),
                    new NotificationRecipient("t-2", "ops-teams", "teams")))
            .failing(
                "t-2",
                ApplicationFailure.newNonRetryableFailure(
                    "Teams webhook 'ops-teams' at https://example.webhook.office.com answered HTTP"
                        + " 400",
                    NotificationActivities.REJECTED));
    worker.registerWorkflowImplementationTypes(AlertingWorkflowImpl.class);
    env.newWorker(TaskQueues.WORKFLOWS).registerActivitiesImplementations(runs, notifications);
    env.newWorker(TaskQueues.NOTIFY).registerActivitiesImplementations(notifications);
    env.start();
    AlertingWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                AlertingWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(worker.getTaskQueue()).build());

    List<String> undelivered = workflow.raise(42);

    assertThat(notifications.delivered)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.targetId()).isEqualTo("t-1");
              assertThat(d.event().type()).isEqualTo(NotificationEventType.ALERT_RAISED);
              assertThat(d.event().alertId()).isEqualTo(42L);
              assertThat(d.event().subject()).isEqualTo("STALE_BACKUP");
              assertThat(d.event().assetId()).isEqualTo("asset-1");
            });
    assertThat(undelivered)
        .containsExactly(
            "Notification of alert-raised to target 'ops-teams' (teams) was not delivered: Teams"
                + " webhook 'ops-teams' at https://example.webhook.office.com answered HTTP 400.");
    assertThat(runs.events).isEmpty();
  }
}
