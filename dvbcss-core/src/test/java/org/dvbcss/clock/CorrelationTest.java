package org.dvbcss.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CorrelationTest {

  @Test
  void twoArgumentFormHasNoError() {
    Correlation c = new Correlation(1, 2);

    assertThat(c.parentTicks()).isEqualTo(1);
    assertThat(c.childTicks()).isEqualTo(2);
    assertThat(c.initialError()).isZero();
    assertThat(c.errorGrowthRate()).isZero();
  }

  @Test
  void fourArgumentFormKeepsAllFields() {
    Correlation c = new Correlation(1, 2, 3, 4);

    assertThat(c.parentTicks()).isEqualTo(1);
    assertThat(c.childTicks()).isEqualTo(2);
    assertThat(c.initialError()).isEqualTo(3);
    assertThat(c.errorGrowthRate()).isEqualTo(4);
  }

  @Test
  void equalityComparesAllFourFields() {
    Correlation c = new Correlation(1, 2, 3, 4);

    assertThat(c)
        .isEqualTo(new Correlation(1, 2, 3, 4))
        .hasSameHashCodeAs(new Correlation(1, 2, 3, 4));
    assertThat(new Correlation(1, 2, 0, 0)).isEqualTo(new Correlation(1, 2));
    assertThat(new Correlation(1, 2)).isNotEqualTo(c);
    assertThat(new Correlation(9, 2, 3, 4)).isNotEqualTo(c);
    assertThat(new Correlation(1, 9, 3, 4)).isNotEqualTo(c);
    assertThat(new Correlation(1, 2, 9, 4)).isNotEqualTo(c);
    assertThat(new Correlation(1, 2, 3, 9)).isNotEqualTo(c);
  }

  @Test
  void negativeZeroEqualsZero() {
    assertThat(new Correlation(-0.0, -0.0, 0, 0)).isEqualTo(Correlation.ZERO);
  }

  @Test
  void withMethodsReturnModifiedCopies() {
    Correlation c = new Correlation(1, 2, 3, 4);

    assertThat(c.withParentTicks(7)).isEqualTo(new Correlation(7, 2, 3, 4));
    assertThat(c.withChildTicks(99)).isEqualTo(new Correlation(1, 99, 3, 4));
    assertThat(c.withTicks(7, 99)).isEqualTo(new Correlation(7, 99, 3, 4));
    assertThat(c.withInitialError(888)).isEqualTo(new Correlation(1, 2, 888, 4));
    assertThat(c.withErrorGrowthRate(1000)).isEqualTo(new Correlation(1, 2, 3, 1000));
    assertThat(c).isEqualTo(new Correlation(1, 2, 3, 4));
  }

  @Test
  void rejectsNonFiniteTicksAndNegativeErrors() {
    assertThatThrownBy(() -> new Correlation(Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parentTicks");
    assertThatThrownBy(() -> new Correlation(0, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("childTicks");
    assertThatThrownBy(() -> new Correlation(0, 0, -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initialError");
    assertThatThrownBy(() -> new Correlation(0, 0, 0, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("errorGrowthRate");
  }

  @Test
  void errorGrowsWithAbsoluteParentDistanceInSeconds() {
    // 0.1 s at parent tick 1000, growing 0.01 s per second of a 1000 Hz parent.
    Correlation c = new Correlation(1000, 0, 0.1, 0.01);

    assertThat(c.errorAt(1000, 1000)).isEqualTo(0.1);
    assertThat(c.errorAt(6000, 1000)).isEqualTo(0.1 + 5 * 0.01); // 5 s later
    assertThat(c.errorAt(-4000, 1000)).isEqualTo(0.1 + 5 * 0.01); // 5 s earlier
    assertThat(c.errorAt(Double.NaN, 1000)).isEqualTo(Double.POSITIVE_INFINITY);
  }
}
