package org.dvbcss.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Cadence}: due times in nanoseconds since a loop's start, no clock involved. */
class CadenceTest {
  private static final long S = 1_000_000_000L;

  @Test
  void firstRunIsDueAtTheStartThenEveryPeriod() {
    Cadence cadence = new Cadence();
    List<Long> runs = new ArrayList<>();
    for (long t = 0; t <= 10 * S; t += S / 2) {
      long at = t;
      assertThat(cadence.every(t, 3 * S, () -> runs.add(at))).isGreaterThan(t);
    }
    assertThat(runs).containsExactly(0L, 3 * S, 6 * S, 9 * S);
  }

  @Test
  void aStepChoosesTheGapToItsNextRun() {
    Cadence cadence = new Cadence();
    long[] gaps = {2 * S, 5 * S};
    int[] count = {0};
    List<Long> nexts = new ArrayList<>();
    for (long t = 0; t <= 14 * S; t += S) {
      nexts.add(cadence.step(t, () -> gaps[count[0]++ % 2]));
    }
    assertThat(count[0]).isEqualTo(5); // at 0, 2, 7, 9 and 14 s
    assertThat(nexts.get(nexts.size() - 1)).isEqualTo(16 * S);
  }

  @Test
  void aTurnThatIsNotDueRunsNothing() {
    Cadence cadence = new Cadence();
    cadence.every(0, 4 * S, () -> {});
    int[] runs = {0};
    assertThat(cadence.every(4 * S - 1, 4 * S, () -> runs[0]++)).isEqualTo(4 * S);
    assertThat(runs[0]).isZero();
  }

  @Test
  void nothingDueAsksAgainASecondLater() {
    assertThat(Cadence.nextTurn(7 * S, Long.MAX_VALUE)).isEqualTo(7 * S + Cadence.IDLE_NANOS);
    assertThat(Cadence.nextTurn(7 * S, 9 * S)).isEqualTo(9 * S);
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 20);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aLateTurnRunsOnceAndKeepsThePhase(long seed) {
    Random random = new Random(seed);
    long period = 1 + random.nextInt(1_000_000);
    Cadence cadence = new Cadence();
    long t = 0;
    long runs = 0;
    long next = 0;
    for (int i = 0; i < 200; i++) {
      t += random.nextInt(3 * (int) period);
      long before = next;
      long[] ran = {0};
      next = cadence.every(t, period, () -> ran[0]++);
      runs += ran[0];
      assertThat(ran[0]).isEqualTo(t >= before ? 1 : 0);
      assertThat(next % period).isZero();
    }
    assertThat(next).isEqualTo(runs * period);
  }
}
