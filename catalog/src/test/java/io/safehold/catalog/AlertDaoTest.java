package io.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.catalog.testing.SampleRows;
import io.safehold.catalog.testing.TestDatabase;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertDaoTest {

  private static final String KIND = "snapshot-left-behind";

  private AlertDao alerts;
  private UUID asset;

  @BeforeEach
  void setUp() {
    Jdbi jdbi = TestDatabase.get().fresh().jdbi();
    alerts = jdbi.onDemand(AlertDao.class);
    DeviceRow device = SampleRows.device("sw1");
    jdbi.onDemand(DeviceDao.class).insert(device);
    asset = device.id();
  }

  @Test
  void raisingTheSameAlertTwiceKeepsOneOpenAlertWithTheNewestMessage() {
    long first = alerts.raise(KIND, asset, "safehold-run-1", null, "first try failed");
    long again = alerts.raise(KIND, asset, "safehold-run-1", null, "still there");
    long other = alerts.raise(KIND, asset, "safehold-run-2", null, "another snapshot");

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(alerts.find(first).orElseThrow().message()).isEqualTo("still there");
    assertThat(alerts.list(true, Long.MAX_VALUE, 10)).hasSize(2);
  }

  @Test
  void aClearedAlertLeavesTheOpenListAndTheNextRaiseOpensANewOne() {
    long id = alerts.raise(KIND, asset, "safehold-run-1", null, "left behind");

    assertThat(alerts.clear(id, "api:key-1")).isTrue();
    assertThat(alerts.clear(id, "api:key-1")).isFalse();
    long reopened = alerts.raise(KIND, asset, "safehold-run-1", null, "left behind again");

    assertThat(reopened).isNotEqualTo(id);
    assertThat(alerts.find(id).orElseThrow().clearedBy()).isEqualTo("api:key-1");
    assertThat(alerts.list(true, Long.MAX_VALUE, 10)).extracting(AlertRow::id).containsExactly(reopened);
    assertThat(alerts.list(false, Long.MAX_VALUE, 10)).extracting(AlertRow::id).containsExactly(id);
    assertThat(alerts.list(null, Long.MAX_VALUE, 10)).hasSize(2);
  }

  @Test
  void clearOpenClearsByKindAssetAndSubject() {
    long id = alerts.raise("backup-overdue", asset, "", null, "no backup for 2 days");

    assertThat(alerts.clearOpen("backup-overdue", asset, "", "backup run r-9")).isTrue();
    assertThat(alerts.find(id).orElseThrow().clearedAt()).isNotNull();
    assertThat(alerts.clearOpen("backup-overdue", asset, "", "backup run r-9")).isFalse();
  }

  @Test
  void anAcknowledgedAlertLeavesTheOpenListAndEveryStepIsAnEvent() {
    long id = alerts.raise(KIND, asset, "safehold-run-1", null, "left behind");
    alerts.raise(KIND, asset, "safehold-run-1", null, "left behind");
    alerts.raise(KIND, asset, "safehold-run-1", null, "still left behind");

    assertThat(alerts.acknowledge(id, "api:ops", "removing it tonight")).isTrue();
    assertThat(alerts.acknowledge(id, "api:ops", "again")).isFalse();
    AlertRow acked = alerts.find(id).orElseThrow();
    alerts.clear(id, "api:ops");

    assertThat(acked.ackedBy()).isEqualTo("api:ops");
    assertThat(acked.ackComment()).isEqualTo("removing it tonight");
    assertThat(alerts.listByState("open", Long.MAX_VALUE, 10)).isEmpty();
    assertThat(alerts.events(id))
        .extracting(e -> e.type() + " " + e.actor())
        .containsExactly("raise safehold", "refresh safehold", "ack api:ops", "clear api:ops");
    assertThat(alerts.events(id).get(2).message()).isEqualTo("removing it tonight");
  }
}
