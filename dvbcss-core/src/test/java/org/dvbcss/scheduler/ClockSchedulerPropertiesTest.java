package org.dvbcss.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;

/**
 * Random tasks, time advances and clock changes: every task runs exactly once, never before its due
 * time as computed when it runs, and in due-time order (ties in submission order) within one {@link
 * ClockScheduler#runDueTasks()} call.
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

  @Property(tries = 300)
  void everyTaskRunsOnceNeverEarlyAndInOrder(@ForAll("scenarios") List<Step> steps) {
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

  @Provide
  Arbitrary<List<Step>> scenarios() {
    Arbitrary<Step> submit =
        Arbitraries.oneOf(
                Arbitraries.integers().between(-100, 2000).map(i -> (double) i),
                Arbitraries.doubles().between(-100, 2000))
            .map(Submit::new);
    Arbitrary<Step> advance = Arbitraries.longs().between(0, 300_000_000L).map(Advance::new);
    Arbitrary<Step> speed =
        Combinators.combine(
                Arbitraries.of(true, false), Arbitraries.of(0.0, 0.5, 1.0, 2.0, -1.0, 1.0001))
            .as(Speed::new);
    Arbitrary<Step> correlate =
        Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.doubles().between(-100, 100),
                Arbitraries.doubles().between(-100, 100))
            .as(Correlate::new);
    Arbitrary<Step> run = Arbitraries.just(new Run());
    return Arbitraries.frequencyOf(
            Tuple.of(5, submit),
            Tuple.of(3, advance),
            Tuple.of(1, speed),
            Tuple.of(1, correlate),
            Tuple.of(3, run))
        .list()
        .ofMaxSize(80);
  }
}
