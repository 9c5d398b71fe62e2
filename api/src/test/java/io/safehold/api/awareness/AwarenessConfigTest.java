package io.safehold.api.awareness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.util.Duration;
import io.safehold.api.errors.ApiException;
import io.safehold.catalog.AwarenessDao;
import org.junit.jupiter.api.Test;

class AwarenessConfigTest {

  @Test
  void defaultsAreSixHoursAndOneDay() {
    AwarenessConfig config = new AwarenessConfig();

    assertThat(config.isEnabled()).isTrue();
    assertThat(config.isCheckPeriodValid()).isTrue();
    assertThat(config.defaults()).isEqualTo(new AwarenessDao.Defaults(21_600, 86_400));
  }

  @Test
  void minusOneTurnsTheLoopOffAndNonsenseIsInvalid() {
    AwarenessConfig config = new AwarenessConfig();
    config.setAlertWindow(Duration.days(2));

    config.setCheckPeriod("-1");
    assertThat(config.isEnabled()).isFalse();
    assertThat(config.defaults()).isEqualTo(new AwarenessDao.Defaults(-1, 172_800));

    config.setCheckPeriod("30s");
    assertThat(config.isCheckPeriodValid()).isFalse();
    config.setCheckPeriod("often");
    assertThat(config.isCheckPeriodValid()).isFalse();
  }

  @Test
  void apiDurationsReadAndWriteTheSameShortForms() {
    assertThat(Durations.seconds("alertWindow", "1d", false)).isEqualTo(86_400);
    assertThat(Durations.seconds("checkPeriod", "-1", true)).isEqualTo(-1);
    assertThat(Durations.seconds("alertWindow", null, false)).isNull();
    assertThatThrownBy(() -> Durations.seconds("alertWindow", "-1", false))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("'alertWindow'");
    assertThat(Durations.format(86_400L)).isEqualTo("1d");
    assertThat(Durations.format(21_600L)).isEqualTo("6h");
    assertThat(Durations.format(5_400L)).isEqualTo("90m");
    assertThat(Durations.format(61L)).isEqualTo("61s");
    assertThat(Durations.format(-1L)).isEqualTo("-1");
  }
}
