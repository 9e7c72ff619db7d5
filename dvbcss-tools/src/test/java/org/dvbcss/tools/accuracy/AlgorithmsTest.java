package org.dvbcss.tools.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dvbcss.protocol.wc.Burst;
import org.dvbcss.protocol.wc.FrequencyTracking;
import org.dvbcss.protocol.wc.LowestDispersion;
import org.dvbcss.protocol.wc.WallClockAlgorithm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The algorithm names {@code dvbcss accuracy} takes, with and without a burst size. */
class AlgorithmsTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"lowest-dispersion", "frequency-tracking", "most-recent"})
  void aPlainNameIsTheAlgorithmAlone(String name) {
    assertThat(Algorithms.known(name)).isTrue();
    assertThat(Algorithms.factory(name).get()).isNotInstanceOf(Burst.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {2, 3, 16})
  void aNameWithACountPollsInBursts(int n) {
    WallClockAlgorithm a = Algorithms.factory("frequency-tracking:" + n).get();
    assertThat(a).isInstanceOf(Burst.class);
    assertThat(((Burst) a).count()).isEqualTo(n);
    assertThat(((Burst) a).inner()).isInstanceOf(FrequencyTracking.class);
    WallClockAlgorithm b = Algorithms.factory("lowest-dispersion:" + n).get();
    assertThat(((Burst) b).inner()).isInstanceOf(LowestDispersion.class);
    // a fresh instance each time
    assertThat(Algorithms.factory("frequency-tracking:" + n).get()).isNotSameAs(a);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "guess",
        "guess:2",
        "frequency-tracking:",
        "frequency-tracking:1",
        "frequency-tracking:17",
        "frequency-tracking:x",
        "frequency-tracking:2:2",
        "frequency-tracking:-2",
        ":2"
      })
  void otherNamesAreUnknown(String name) {
    assertThat(Algorithms.known(name)).isFalse();
    assertThatThrownBy(() -> Algorithms.factory(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"lowest-dispersion", "frequency-tracking", "frequency-tracking:2"})
  void theDefaultsAreKnown(String name) {
    assertThat(Algorithms.DEFAULT).contains(name);
    assertThat(Algorithms.DEFAULT).allMatch(Algorithms::known);
  }
}
