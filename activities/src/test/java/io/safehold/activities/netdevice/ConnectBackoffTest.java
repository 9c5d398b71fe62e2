package io.safehold.activities.netdevice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectBackoffTest {

  @Test
  void doublesFromOneSecondUpToThirtyWithTheFullDelayAtTheTopOfTheJitter() {
    assertThat(ConnectBackoff.nextDelay(1, () -> 1.0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(ConnectBackoff.nextDelay(2, () -> 1.0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(ConnectBackoff.nextDelay(5, () -> 1.0)).isEqualTo(Duration.ofSeconds(16));
    assertThat(ConnectBackoff.nextDelay(6, () -> 1.0)).isEqualTo(Duration.ofSeconds(30));
    assertThat(ConnectBackoff.nextDelay(1000, () -> 1.0)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void jitterScalesTheDelayBetweenHalfAndAll() {
    assertThat(ConnectBackoff.nextDelay(3, () -> 0.0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(ConnectBackoff.nextDelay(3, () -> 0.5)).isEqualTo(Duration.ofSeconds(3));
    assertThat(ConnectBackoff.nextDelay(10, () -> 0.0)).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void attemptZeroOrNegativeIsTreatedAsTheFirst() {
    assertThat(ConnectBackoff.nextDelay(0, () -> 1.0)).isEqualTo(Duration.ofSeconds(1));
  }
}
