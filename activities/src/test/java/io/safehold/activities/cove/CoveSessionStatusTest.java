package io.safehold.activities.cove;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.workflows.run.RunStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CoveSessionStatusTest {

  @ParameterizedTest(name = "Cove {0} ({2}) is {1}")
  @CsvSource({
    "1, RUNNING, in process",
    "2, FAILED, failed",
    "3, FAILED, aborted",
    "4, FAILED, blocked",
    "5, COMPLETED, completed",
    "6, FAILED, interrupted",
    "7, FAILED, not started",
    "8, COMPLETED_WITH_WARNINGS, completed with errors",
    "9, RUNNING, in progress with faults",
    "10, FAILED, over quota",
    "11, FAILED, no selection",
    "12, RUNNING, restarted",
    "0, FAILED, unknown",
    "13, FAILED, unknown",
    "-1, FAILED, unknown",
  })
  void mapsEveryCoveCode(int code, RunStatus expected, String label) {
    CoveSessionStatus status = CoveSessionStatus.ofCode(code);

    assertThat(status.runStatus()).isEqualTo(expected);
    assertThat(status.label()).isEqualTo(label);
  }
}
