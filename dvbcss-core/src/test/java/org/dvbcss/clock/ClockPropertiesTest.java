package org.dvbcss.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of clock trees over random parameters: each case builds its inputs from {@code new
 * Random(seed)}, so a failing seed reproduces alone.
 *
 * <p><b>Tolerance of round trips.</b> Each conversion step rounds its result to a double, losing at
 * most about one unit in the last place (2.2e-16 relative) of the largest operand it handles: the
 * value converted or a correlation constant. Carried back to the starting clock that loss is scaled
 * by the ratio of the two clocks' slopes (tick rate times effective speed). The tolerance below is
 * 1e-12 times the sum of those magnitudes, a margin of about 4500 over one ulp per step.
 */
class ClockPropertiesTest {
  private static final double RELATIVE_TOLERANCE = 1e-12;
  private static final double MAX_CORRELATION_TICKS = 1e6;

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  private static double between(Random random, double min, double max) {
    return min + random.nextDouble() * (max - min);
  }

  private final ManualTimeSource time = new ManualTimeSource(1_000_000_000L);
  private final SysClock root = ClockFixtures.sysClock(time, 1e9, 1e-6);

  @ParameterizedTest
  @MethodSource("seeds")
  void toAndFromParentTicksRoundTripAtNonZeroSpeed(long seed) {
    Random random = new Random(seed);
    double parentRate = between(random, 1e3, 1e6);
    double rate = between(random, 1e3, 1e6);
    double speedMagnitude = between(random, 0.25, 4);
    boolean backwards = random.nextBoolean();
    double parentTicks = between(random, -1e6, 1e6);
    double childTicks = between(random, -1e6, 1e6);
    double ticks = between(random, -1e9, 1e9);
    SysClock parent = ClockFixtures.sysClock(time, parentRate, 0);
    double speed = backwards ? -speedMagnitude : speedMagnitude;
    CorrelatedClock c =
        new CorrelatedClock(parent, rate, new Correlation(parentTicks, childTicks), speed);

    double p = c.toParentTicks(ticks);
    double back = c.fromParentTicks(p);

    double slope = rate * speedMagnitude / parentRate;
    double tolerance =
        RELATIVE_TOLERANCE
            * (Math.abs(ticks)
                + Math.abs(childTicks)
                + (Math.abs(p) + Math.abs(parentTicks)) * slope);
    assertThat(Math.abs(back - ticks)).isLessThanOrEqualTo(tolerance);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void toOtherClockTicksRoundTripsAcrossBranches(long seed) {
    Random random = new Random(seed);
    CorrelatedClock a = randomMovingClock(random, root);
    CorrelatedClock a1 = randomMovingClock(random, a);
    CorrelatedClock b = randomMovingClock(random, root);
    CorrelatedClock b1 = randomMovingClock(random, b);
    double ticks = (random.nextDouble() * 2 - 1) * 1e9;

    // The same path step by step: up from a1 to the root, down to b1, and back again.
    List<Clock> clocks = List.of(a1, a, root, b, b1, b, root, a, a1);
    List<Double> values = new ArrayList<>(List.of(ticks));
    values.add(a1.toParentTicks(values.get(0)));
    values.add(a.toParentTicks(values.get(1)));
    values.add(b.fromParentTicks(values.get(2)));
    values.add(b1.fromParentTicks(values.get(3)));
    values.add(b1.toParentTicks(values.get(4)));
    values.add(b.toParentTicks(values.get(5)));
    values.add(a.fromParentTicks(values.get(6)));
    values.add(a1.fromParentTicks(values.get(7)));

    double there = a1.toOtherClockTicks(b1, ticks);
    double back = b1.toOtherClockTicks(a1, there);

    assertThat(there).isEqualTo(values.get(4));
    assertThat(back).isEqualTo(values.get(8));
    double tolerance = 0;
    for (int i = 0; i < clocks.size(); i++) {
      tolerance +=
          (Math.abs(values.get(i)) + MAX_CORRELATION_TICKS) * slope(a1) / slope(clocks.get(i));
    }
    assertThat(Math.abs(back - ticks)).isLessThanOrEqualTo(RELATIVE_TOLERANCE * tolerance);
  }

  private static double slope(Clock clock) {
    return clock.tickRate() * Math.abs(clock.effectiveSpeed());
  }

  private static CorrelatedClock randomMovingClock(Random random, Clock parent) {
    double speed = (0.25 + random.nextDouble() * 3.75) * (random.nextBoolean() ? 1 : -1);
    return new CorrelatedClock(
        parent, 1e3 + random.nextDouble() * 1e6, randomCorrelation(random), speed);
  }

  private static Correlation randomCorrelation(Random random) {
    double pt = (random.nextDouble() * 2 - 1) * MAX_CORRELATION_TICKS;
    double ct = (random.nextDouble() * 2 - 1) * MAX_CORRELATION_TICKS;
    double error = random.nextInt(10) == 0 ? Double.POSITIVE_INFINITY : random.nextDouble() * 10;
    double growth = random.nextInt(3) == 0 ? 0 : random.nextDouble();
    return new Correlation(pt, ct, error, growth);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void dispersionIsNeverNegativeNorNaN(long seed) {
    Random random = new Random(seed);
    List<Clock> clocks = new ArrayList<>(List.of(root));
    for (int i = 0; i < 6; i++) {
      clocks.add(randomClock(random, clocks.get(random.nextInt(clocks.size()))));
    }
    time.advance(random.nextInt(1_000_000_000));

    for (Clock clock : clocks) {
      double[] probes = {
        clock.ticks(),
        (random.nextDouble() * 2 - 1) * 1e12,
        clock.toOtherClockTicks(clocks.get(random.nextInt(clocks.size())), 0),
        0
      };
      for (double ticks : probes) {
        assertThat(clock.dispersionAtTime(ticks))
            .as("dispersion of %s at %s", clock, ticks)
            .isNotNaN()
            .isGreaterThanOrEqualTo(0);
      }
    }
  }

  private static Clock randomClock(Random random, Clock parent) {
    double rate = 1 + random.nextDouble() * 1e6;
    switch (random.nextInt(4)) {
      case 0:
        double speed = random.nextInt(3) == 0 ? 0 : (random.nextDouble() * 2 - 1) * 4;
        return new CorrelatedClock(parent, rate, randomCorrelation(random), speed);
      case 1:
        TunableClock tunable = new TunableClock(parent, rate, random.nextDouble() * 1e6);
        tunable.setError(random.nextDouble(), random.nextDouble() * 0.01);
        tunable.setSpeed(random.nextInt(3) == 0 ? 0 : random.nextDouble() * 2);
        return tunable;
      case 2:
        Correlation first = randomCorrelation(random);
        Correlation second =
            randomCorrelation(random)
                .withParentTicks(first.parentTicks() + 1 + random.nextInt(1000));
        return new RangeCorrelatedClock(parent, rate, first, second);
      default:
        return new OffsetClock(parent, (random.nextDouble() * 2 - 1) * 10);
    }
  }

  /**
   * For random operations on a small tree, every listener hears exactly the operations that really
   * changed its clock or an ancestor. The expectation comes from a model of the tree kept by this
   * test: its own parent links, availability flags and values.
   *
   * <p>Tree: root - n0 - n1 - n3 (an offset clock), and root - n2; n0 to n2 are correlated clocks.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void listenersHearExactlyTheChangesThatHappened(long seed) {
    Random random = new Random(seed);
    int operations = 1 + random.nextInt(40);
    Model model = new Model();
    CorrelatedClock n0 = new CorrelatedClock(root, 1000, Model.CORRELATIONS[0]);
    CorrelatedClock n1 = new CorrelatedClock(n0, 1000, Model.CORRELATIONS[0]);
    CorrelatedClock n2 = new CorrelatedClock(root, 1000, Model.CORRELATIONS[0]);
    OffsetClock n3 = new OffsetClock(n1, 0);
    List<ChildClock> nodes = List.of(n0, n1, n2, n3);
    model.parent = new int[] {Model.ROOT, 0, Model.ROOT, 1};
    int[] heard = new int[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      int index = i;
      nodes.get(i).addListener((clock, cause) -> heard[index]++);
    }

    for (int op = 0; op < operations; op++) {
      int n = random.nextInt(nodes.size());
      ChildClock node = nodes.get(n);
      int kind = node instanceof CorrelatedClock ? random.nextInt(6) : 3 + random.nextInt(3);
      switch (kind) {
        case 0 -> {
          Correlation c = Model.CORRELATIONS[random.nextInt(2)];
          ((CorrelatedClock) node).setCorrelation(c);
          model.timing(n, !c.equals(model.correlation[n]));
          model.correlation[n] = c;
        }
        case 1 -> {
          double speed = random.nextInt(3);
          ((CorrelatedClock) node).setSpeed(speed);
          model.timing(n, speed != model.speed[n]);
          model.speed[n] = speed;
        }
        case 2 -> {
          double rate = 1000 * (1 + random.nextInt(2));
          ((CorrelatedClock) node).setTickRate(rate);
          model.timing(n, rate != model.tickRate[n]);
          model.tickRate[n] = rate;
        }
        case 3 -> {
          boolean available = random.nextBoolean();
          node.setAvailability(available);
          model.availability(n, available);
        }
        case 4 -> {
          int target = random.nextInt(nodes.size() + 1) - 1; // -1 is the root
          Clock newParent = target == Model.ROOT ? root : nodes.get(target);
          if (model.isInSubtree(target, n)) {
            assertThatThrownBy(() -> node.setParent(newParent))
                .isInstanceOf(IllegalArgumentException.class);
          } else {
            node.setParent(newParent);
            model.timing(n, target != model.parent[n]);
            model.parent[n] = target;
          }
        }
        default -> {
          if (node instanceof CorrelatedClock c) {
            // A rebase re-expresses the same mapping: nobody hears of it. The model adopts the
            // rebased correlation so that later "same value" checks compare with what is there.
            c.rebaseCorrelationAtParentTicks(random.nextInt(1000));
            model.correlation[n] = c.correlation();
          } else {
            double offset = random.nextInt(2) * 0.1;
            n3.setOffset(offset);
            model.timing(n, offset != model.offset);
            model.offset = offset;
          }
        }
      }
      assertThat(heard).as("notifications after operation %d", op).containsExactly(model.expected);
    }
  }

  /** What the tree of {@link #listenersHearExactlyTheChangesThatHappened} should look like. */
  private static final class Model {
    static final int ROOT = -1;
    static final Correlation[] CORRELATIONS = {new Correlation(0, 0), new Correlation(5, 7)};

    int[] parent;
    final boolean[] ownAvailability = {true, true, true, true};
    final Correlation[] correlation = {CORRELATIONS[0], CORRELATIONS[0], CORRELATIONS[0], null};
    final double[] speed = {1, 1, 1, 1};
    final double[] tickRate = {1000, 1000, 1000, 0};
    double offset;
    final int[] expected = new int[4];

    /** A change of timing at {@code n}, if it really changed: n and all below it hear it. */
    void timing(int n, boolean changed) {
      if (changed) {
        for (int i = 0; i < expected.length; i++) {
          if (isInSubtree(i, n)) {
            expected[i]++;
          }
        }
      }
    }

    /** Sets a flag; clocks whose effective availability flips hear it. */
    void availability(int n, boolean available) {
      boolean[] before = new boolean[expected.length];
      for (int i = 0; i < expected.length; i++) {
        before[i] = isAvailable(i);
      }
      ownAvailability[n] = available;
      for (int i = 0; i < expected.length; i++) {
        if (isAvailable(i) != before[i]) {
          expected[i]++;
        }
      }
    }

    boolean isAvailable(int n) {
      for (int i = n; i != ROOT; i = parent[i]) {
        if (!ownAvailability[i]) {
          return false;
        }
      }
      return true;
    }

    /** Whether {@code node} is {@code top} or below it. */
    boolean isInSubtree(int node, int top) {
      for (int i = node; i != ROOT; i = parent[i]) {
        if (i == top) {
          return true;
        }
      }
      return false;
    }
  }
}
