package org.dvbcss.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random tasks, time advances and clock changes: every task runs exactly once, never before its due
 * time as computed when it runs, and in due-time order (ties in submission order) within one {@link
 * ClockScheduler#runDueTasks()} call. Each scenario is built from {@code new Random(seed)}, so a
 * failing seed reproduces alone.
 */
class ClockSchedulerPropertiesTest {

  /** One step of a scenario. */
  sealed interface Step permits Submit, Advance, Speed, Correlate, Run {}

  /** Schedule a task at {@code ticks} of the leaf clock. */
  record Submit(double ticks) implements Step {}

  /** Move time forward. */
  record Advance(long nanos) implements Step {}

  /** Change the speed of the leaf clock, or of its parent (an ancestor change). */
  record Speed(boolean ancestor, double speed) implements Step {}

  /**
   * Move the correlation of the leaf or its parent by offsets from "now" (in parent, own ticks).
   */
  record Correlate(boolean ancestor, double parentOffset, double childOffset) implements Step {}

  /** Call {@code runDueTasks}. */
  record Run() implements Step {}

  /** What a task saw when it ran. */
  record Ran(int id, int call, long now, double dueNow) {}

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void everyTaskRunsOnceNeverEarlyAndInOrder(long seed) {
    List<Step> steps = scenario(new Random(seed));
    ManualTimeSource time = new ManualTimeSource(1_000_000_000L);
    SysClock root = SysClock.builder().timeSource(time).precision(1e-6).build();
    CorrelatedClock mid = new CorrelatedClock(root, 1e9, new Correlation(root.ticks(), 0));
    CorrelatedClock leaf = new CorrelatedClock(mid, 1000); // ticks: ms since start
    List<Ran> ran = new ArrayList<>();
    int[] call = {0};
    List<Double> ticksOf = new ArrayList<>();
    try (ClockScheduler scheduler = ClockScheduler.manual(time)) {
      for (Step step : steps) {
        if (step instanceof Submit s) {
          int id = ticksOf.size();
          ticksOf.add(s.ticks());
          scheduler.runAt(
              leaf,
              s.ticks(),
              () -> ran.add(new Ran(id, call[0], time.nanoTime(), leaf.calcWhen(s.ticks()))));
        } else if (step instanceof Advance a) {
          time.advance(a.nanos());
        } else if (step instanceof Speed sp) {
          (sp.ancestor() ? mid : leaf).setSpeed(sp.speed());
        } else if (step instanceof Correlate c) {
          CorrelatedClock target = c.ancestor() ? mid : leaf;
          // offsets are milliseconds: 1e6 ticks of mid (and so of the leaf's parent), 1 leaf tick
          double childScale = c.ancestor() ? 1e6 : 1;
          target.setCorrelation(
              new Correlation(
                  target.parent().ticks() + c.parentOffset() * 1e6,
                  target.ticks() + c.childOffset() * childScale));
        } else {
          call[0]++;
          scheduler.runDueTasks();
        }
      }
      // Let everything run: both clocks at speed 1 from now, then past every task's ticks.
      mid.setCorrelationAndSpeed(new Correlation(root.ticks(), 0), 1);
      leaf.setCorrelationAndSpeed(new Correlation(mid.ticks(), -200), 1);
      time.advance(3_000_000_000L);
      call[0]++;
      scheduler.runDueTasks();
      assertThat(scheduler.pendingCount()).isZero();
    }

    assertThat(ran).extracting(Ran::id).doesNotHaveDuplicates().hasSize(ticksOf.size());
    for (Ran r : ran) {
      assertThat(r.dueNow()).isNotNaN();
      assertThat((double) r.now()).as("task %s ran early", r).isGreaterThanOrEqualTo(r.dueNow());
    }
    for (int i = 1; i < ran.size(); i++) {
      Ran a = ran.get(i - 1);
      Ran b = ran.get(i);
      if (a.call() == b.call()) {
        assertThat(a.dueNow()).as("order of %s then %s", a, b).isLessThanOrEqualTo(b.dueNow());
        if (a.dueNow() == b.dueNow()) {
          assertThat(a.id()).as("tie order of %s then %s", a, b).isLessThan(b.id());
        }
      }
    }
  }

  /** Up to 80 steps: submit 5, advance 3, speed 1, correlate 1, run 3 parts in 13. */
  static List<Step> scenario(Random r) {
    List<Step> steps = new ArrayList<>();
    double[] speeds = {0.0, 0.5, 1.0, 2.0, -1.0, 1.0001};
    int length = r.nextInt(81);
    for (int i = 0; i < length; i++) {
      int pick = r.nextInt(13);
      if (pick < 5) {
        double ticks = r.nextBoolean() ? -100 + r.nextInt(2101) : -100 + r.nextDouble() * 2100;
        steps.add(new Submit(ticks));
      } else if (pick < 8) {
        steps.add(new Advance((long) (r.nextDouble() * 300_000_000L)));
      } else if (pick < 9) {
        steps.add(new Speed(r.nextBoolean(), speeds[r.nextInt(speeds.length)]));
      } else if (pick < 10) {
        steps.add(
            new Correlate(
                r.nextBoolean(), -100 + r.nextDouble() * 200, -100 + r.nextDouble() * 200));
      } else {
        steps.add(new Run());
      }
    }
    return steps;
  }
}
