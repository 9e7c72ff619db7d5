package org.dvbcss.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualTimeSourceTest {

  @Test
  void aListenerThatThrowsDoesNotStopTheOthersOrTheMove() {
    ManualTimeSource time = new ManualTimeSource(100);
    List<Long> heard = new ArrayList<>();
    time.addAdvanceListener(
        () -> {
          throw new IllegalStateException("boom");
        });
    time.addAdvanceListener(() -> heard.add(time.nanoTime()));

    time.advance(50);
    time.advance(25);

    assertThat(heard).containsExactly(150L, 175L);
    assertThat(time.nanoTime()).isEqualTo(175L);
  }

  @Test
  void aRemovedListenerHearsNothing() {
    ManualTimeSource time = new ManualTimeSource();
    List<Long> heard = new ArrayList<>();
    Runnable listener = () -> heard.add(time.nanoTime());
    time.addAdvanceListener(listener);
    time.advance(1);
    time.removeAdvanceListener(listener);
    time.advance(1);
    assertThat(heard).containsExactly(1L);
  }
}
