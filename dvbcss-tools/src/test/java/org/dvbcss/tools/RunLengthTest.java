package org.dvbcss.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunLengthTest {
  @Test
  void zeroSecondsIsForever() {
    assertThat(RunLength.ofSeconds(0)).isEqualTo(RunLength.FOREVER);
    assertThat(RunLength.ofSeconds(0).isForever()).isTrue();
    assertThat(RunLength.FOREVER.endNanos(123)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void secondsBecomeNanosecondsFromTheStart() {
    RunLength length = RunLength.ofSeconds(1.5);
    assertThat(length.isForever()).isFalse();
    assertThat(length.nanos()).isEqualTo(1_500_000_000L);
    assertThat(length.endNanos(-2_000_000_000L)).isEqualTo(-500_000_000L);
    assertThat(RunLength.ofSeconds(1e-12).nanos()).isEqualTo(1);
  }

  @Test
  void endSaturatesInsteadOfOverflowing() {
    assertThat(RunLength.ofSeconds(10).endNanos(Long.MAX_VALUE - 5)).isEqualTo(Long.MAX_VALUE);
    assertThat(RunLength.ofSeconds(1e300).isForever()).isTrue();
  }

  @Test
  void negativeOrNanIsRejected() {
    assertThatThrownBy(() -> RunLength.ofSeconds(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RunLength.ofSeconds(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RunLength(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
