package org.dvbcss.net.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The inbound frame limit on a clock the test moves. */
class InboundFrameLimitTest {
  private final long[] now = {42L};

  @Test
  void noRateMeansNoLimit() {
    assertThat(InboundFrameLimit.of(ServerStates.of(Map.of(), 10, 100, 0, 0))).isNull();
  }

  @Test
  void theBurstIsTakenAtOnceAndRefillsAtTheRate() {
    InboundFrameLimit limit =
        InboundFrameLimit.of(ServerStates.of(Map.of(), 10, 100, 0, 0, 10, 3, () -> now[0]));
    assertThat(limit).isNotNull();
    assertThat(limit.toString()).isEqualTo("10.0 frames/s (burst 3)");
    for (int i = 0; i < 3; i++) {
      assertThat(limit.tryTake()).isTrue();
    }
    assertThat(limit.tryTake()).isFalse();
    now[0] += TimeUnit.MILLISECONDS.toNanos(100) - 1;
    assertThat(limit.tryTake()).isFalse();
    now[0] += 1;
    assertThat(limit.tryTake()).isTrue();
    assertThat(limit.tryTake()).isFalse();
  }
}
