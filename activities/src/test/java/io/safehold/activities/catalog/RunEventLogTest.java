package io.safehold.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.catalog.DeviceDao;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunEventRow;
import io.safehold.catalog.testing.SampleRows;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.workflows.run.RunEventType;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunEventLogTest {

  private RunDao runs;
  private RunEventLog log;
  private UUID run;

  @BeforeEach
  void setUp() {
    Jdbi jdbi = TestDatabase.get().fresh().jdbi();
    runs = jdbi.onDemand(RunDao.class);
    log = new RunEventLog(jdbi);
    var device = SampleRows.device("sw1");
    jdbi.onDemand(DeviceDao.class).insert(device);
    run = UUID.randomUUID();
    runs.insertPending(run, "backup", device.id(), "wf");
  }

  private RunEventRow onlyEvent() {
    assertThat(runs.events(run)).hasSize(1);
    return runs.events(run).get(0);
  }

  @Test
  void storesTheTypeInLowerCaseAndTheMessageAsGiven() {
    log.append(run.toString(), RunEventType.RESPONSE, "Cisco IOS Software, Version 15.2(4)E");

    RunEventRow event = onlyEvent();
    assertThat(event.type()).isEqualTo("response");
    assertThat(event.message()).isEqualTo("Cisco IOS Software, Version 15.2(4)E");
  }

  @Test
  void aMessageOfExactlyTheLimitIsKeptWhole() {
    String message = "x".repeat(RunEventLog.MAX_MESSAGE_CHARS);

    log.append(run.toString(), RunEventType.INFO, message);

    assertThat(onlyEvent().message()).isEqualTo(message);
  }

  @Test
  void aLongerMessageIsCutAndSaysHowMuchWasLeftOut() {
    String message = "a".repeat(RunEventLog.MAX_MESSAGE_CHARS) + "b".repeat(1000);

    log.append(run.toString(), RunEventType.RESPONSE, message);

    String stored = onlyEvent().message();
    assertThat(stored).startsWith("a".repeat(RunEventLog.MAX_MESSAGE_CHARS)).doesNotContain("b");
    assertThat(stored).endsWith("[truncated 1000 characters]");
  }

  @Test
  void aMissingMessageIsStoredEmpty() {
    log.append(run.toString(), RunEventType.CONNECT, null);

    assertThat(onlyEvent().message()).isEmpty();
  }
}
