package org.dvbcss.clock;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void reads() {
    ManualTimeSource t = new ManualTimeSource(5);
    SysClock c = SysClock.builder().timeSource(t).precision(1e-9).build();
    assertThat(c.ticks()).isEqualTo(5.0);
  }

  @Property(tries = 10)
  void prop(@ForAll int x) {
    assertThat(x + 0).isEqualTo(x);
  }
}
