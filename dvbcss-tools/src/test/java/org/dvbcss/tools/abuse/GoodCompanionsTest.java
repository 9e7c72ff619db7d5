package org.dvbcss.tools.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the good companions' delays are measured. */
class GoodCompanionsTest {
  @Test
  void aChangesDelayIsItsArrivalAfterTheFirstEntryMinusWhenItWasMade() {
    List<Long> delays = new ArrayList<>();
    // entry 0 is the state on connecting; changes 0..2 made at 100, 200, 300
    List<List<Long>> arrived = List.of(List.of(5L, 110L, 230L, 301L), List.of(7L, 150L));
    GoodCompanions.addDelays(delays, arrived, List.of(100L, 200L, 300L), 1);
    assertThat(delays).containsExactly(30L, 1L);
    delays.clear();
    GoodCompanions.addDelays(delays, arrived, List.of(100L, 200L, 300L), 0);
    assertThat(delays).containsExactly(10L, 30L, 1L, 50L);
  }
}
