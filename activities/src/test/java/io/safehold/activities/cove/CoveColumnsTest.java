package io.safehold.activities.cove;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Rows as Cove may send them, beyond what the emulator produces. */
class CoveColumnsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aRowWithOnlySomeColumnsLeavesTheOthersNull() throws Exception {
    CoveDeviceStatistics device =
        CoveColumns.parse(
            row(
                "{'AccountId': 42, 'PartnerId': 7, 'Settings': [{'I1': 'fs01'}, {'D9F00': '5'},"
                    + " {'D9F15': 1763341200}]}"),
            7);

    assertThat(device.accountId()).isEqualTo(42);
    assertThat(device.deviceName()).isEqualTo("fs01");
    assertThat(device.computerName()).isNull();
    assertThat(device.lastSessionStatus()).isEqualTo(5);
    assertThat(device.lastSessionTime()).isEqualTo(Instant.ofEpochSecond(1763341200));
    assertThat(device.errorCount()).isNull();
    assertThat(device.lastSessionDuration()).isNull();
    assertThat(device.lastCompletedSession()).isEmpty();
    assertThat(device.lastSession().orElseThrow().externalId()).isEqualTo("7:42:1763341200");
  }

  @Test
  void emptyValuesAndZeroTimesMeanNever() throws Exception {
    CoveDeviceStatistics device =
        CoveColumns.parse(
            row(
                "{'AccountId': '43', 'PartnerId': 7, 'Settings': [{'I1': ''}, {'I18': 'PC'},"
                    + " {'D9F00': ''}, {'D9F09': '0'}, {'D9F12': ''}, {'D9F15': null}]}"),
            7);

    assertThat(device.deviceName()).isNull();
    assertThat(device.displayName()).isEqualTo("PC");
    assertThat(device.lastSessionStatus()).isNull();
    assertThat(device.lastSuccessfulSessionTime()).isNull();
    assertThat(device.lastSessionDuration()).isNull();
    assertThat(device.lastSessionTime()).isNull();
  }

  @Test
  void millisecondTimesAreRecognisedAndDurationsAreSeconds() throws Exception {
    CoveDeviceStatistics device =
        CoveColumns.parse(
            row("{'AccountId': 44, 'Settings': [{'D9F18': '1763341200000'}, {'D9F12': '90'}]}"), 9);

    assertThat(device.partnerId()).isEqualTo(9);
    assertThat(device.lastCompletedSessionTime()).isEqualTo(Instant.ofEpochSecond(1763341200));
    assertThat(device.lastSessionDuration()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void aRowWithoutSettingsIsADeviceWithoutValues() throws Exception {
    CoveDeviceStatistics device = CoveColumns.parse(row("{'AccountId': 45}"), 9);

    assertThat(device.displayName()).isEqualTo("45");
    assertThat(device.lastSession()).isEmpty();
  }

  @Test
  void unreadableRowsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> CoveColumns.parse(row("{'Settings': []}"), 7))
        .hasMessageContaining("no AccountId");
    assertThatThrownBy(
            () -> CoveColumns.parse(row("{'AccountId': 46, 'Settings': [{'D9F00': 'done'}]}"), 7))
        .hasMessageContaining("device 46")
        .hasMessageContaining("D9F00 is not an integer");
    assertThatThrownBy(
            () -> CoveColumns.parse(row("{'AccountId': 47, 'Settings': {'I1': 'x'}}"), 7))
        .hasMessageContaining("Settings is not a list");
    assertThatThrownBy(
            () -> CoveColumns.parse(row("{'AccountId': 48, 'Settings': [{'D9F15': '-5'}]}"), 7))
        .hasMessageContaining("negative time");
    assertThatThrownBy(() -> CoveColumns.parse(row("[1, 2]"), 7))
        .hasMessageContaining("not an object");
  }

  private static JsonNode row(String singleQuoted) throws Exception {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }
}
