package org.dvbcss.tv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RequestRateTest {
  @Test
  void ratesTheIncreaseOverEachWholeWindow() {
    RequestRate rate = new RequestRate();
    assertThat(rate.sample(100, 0)).isZero();
    assertThat(rate.sample(105, 500_000_000L)).isZero(); // the window is not over
    assertThat(rate.sample(110, 1_000_000_000L)).isCloseTo(10, within(1e-9));
    assertThat(rate.sample(200, 1_250_000_000L)).isCloseTo(10, within(1e-9)); // kept
    assertThat(rate.sample(140, 3_000_000_000L)).isCloseTo(15, within(1e-9));
    assertThat(rate.sample(140, 4_000_000_000L)).isZero();
  }
}
