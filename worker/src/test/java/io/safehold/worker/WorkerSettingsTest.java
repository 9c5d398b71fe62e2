package io.safehold.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.safehold.workflows.TaskQueues;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The settings as Dropwizard's Jackson reads them from the config file. */
class WorkerSettingsTest {

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void configuredQueuesOverrideTheDefaultsAndOthersKeepThem() throws Exception {
    WorkerSettings settings =
        mapper.readValue(
            """
            {"deviceDeadlineSeconds": 90,
             "queues": {"safehold-netdevice": {"maxConcurrentActivityExecutionSize": 20,
                                               "maxTaskQueueActivitiesPerSecond": 5.5},
                        "safehold-workflows": {"enabled": false}}}
            """,
            WorkerSettings.class);

    QueueSettings netdevice = settings.queue(TaskQueues.NETDEVICE);
    assertThat(netdevice.getMaxConcurrentActivityExecutionSize()).isEqualTo(20);
    assertThat(netdevice.getMaxTaskQueueActivitiesPerSecond()).isEqualTo(5.5);
    assertThat(netdevice.isEnabled()).isTrue();
    assertThat(settings.queue(TaskQueues.WORKFLOWS).isEnabled()).isFalse();
    QueueSettings untouched = settings.queue(TaskQueues.VSPHERE);
    assertThat(untouched.isEnabled()).isTrue();
    assertThat(untouched.getMaxConcurrentActivityExecutionSize())
        .isEqualTo(QueueSettings.DEFAULT_MAX_CONCURRENT_ACTIVITIES);
    assertThat(settings.deviceBackupOptions().deviceDeadline()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void anUnknownQueueNameIsRejectedWithTheKnownOnes() {
    assertThatThrownBy(
            () ->
                mapper.readValue(
                    "{\"queues\": {\"safehold-netdevcie\": {}}}", WorkerSettings.class))
        .hasMessageContaining("Unknown task queue 'safehold-netdevcie'")
        .hasMessageContaining(TaskQueues.NETDEVICE);
  }

  @Test
  void aZeroConcurrencyIsRejectedNamingTheField() {
    assertThatThrownBy(
            () ->
                mapper.readValue(
                    "{\"maxConcurrentActivityExecutionSize\": 0}", QueueSettings.class))
        .hasMessageContaining("maxConcurrentActivityExecutionSize must be at least 1");
  }

  @Test
  void aShortDeadlineAlsoShortensEachAttempt() {
    WorkerSettings settings = new WorkerSettings();
    settings.setDeviceDeadlineSeconds(30);

    assertThat(settings.deviceBackupOptions().deviceAttemptTimeout())
        .isEqualTo(Duration.ofSeconds(30));
  }
}
