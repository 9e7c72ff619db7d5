package org.dvbcss.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.dvbcss.clock.ClockFixtures.measuredSysClock;
import static org.dvbcss.clock.ClockFixtures.setSeconds;

import java.lang.ref.WeakReference;
import java.util.List;
import org.dvbcss.clock.ClockFixtures.Recorder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Conversions, speed, availability and notifications across a tree of clocks. */
class ClockHierarchyTest {
  private final ManualTimeSource time = new ManualTimeSource();

  private static CorrelatedClock child(Clock parent, double tickRate, double pt, double ct) {
    return new CorrelatedClock(parent, tickRate, new Correlation(pt, ct));
  }

  @Test
  void clocksOfDifferentTreesHaveNoCommonClock() {
    SysClock a = measuredSysClock(time, 1e6);
    SysClock b = measuredSysClock(time, 1e6);
    CorrelatedClock a1 = child(a, 1000, 0, 0);
    CorrelatedClock b1 = child(b, 1000, 0, 0);
    CorrelatedClock a2 = child(a1, 1000, 0, 0);
    CorrelatedClock b2 = child(b1, 1000, 0, 0);

    for (Clock x : List.of(a, a1, a2)) {
      for (Clock y : List.of(b, b1, b2)) {
        assertThatThrownBy(() -> x.toOtherClockTicks(y, 5))
            .isInstanceOf(NoCommonClockException.class);
        assertThatThrownBy(() -> y.toOtherClockTicks(x, 5))
            .isInstanceOf(NoCommonClockException.class);
        assertThatThrownBy(() -> x.clockDiff(y))
            .isInstanceOfSatisfying(
                NoCommonClockException.class, e -> assertThat(e.clocks()).containsExactly(x, y));
      }
    }
  }

  @Test
  void convertsToImmediateAndDistantParents() {
    SysClock a = measuredSysClock(time, 1e6);
    CorrelatedClock a1 = child(a, 100, 50, 0);
    CorrelatedClock a2 = child(a1, 78, 28, 999);
    CorrelatedClock a3 = child(a2, 178, 5, 1003);
    child(a3, 28, 17, 9);

    assertThat(a1.toOtherClockTicks(a, 500)).isEqualTo(a1.toParentTicks(500));
    assertThat(a2.toOtherClockTicks(a1, 500)).isEqualTo(a2.toParentTicks(500));
    assertThat(a2.toOtherClockTicks(a, 500)).isEqualTo(a1.toParentTicks(a2.toParentTicks(500)));
    assertThat(a3.toOtherClockTicks(a1, 500)).isEqualTo(a2.toParentTicks(a3.toParentTicks(500)));
    assertThat(a.toOtherClockTicks(a2, 500)).isEqualTo(a2.fromParentTicks(a1.fromParentTicks(500)));
    assertThat(a3.toOtherClockTicks(a3, 500)).isEqualTo(500);
  }

  @Test
  void convertsAcrossBranchesThroughTheNearestCommonAncestor() {
    SysClock a = measuredSysClock(time, 1e6);
    CorrelatedClock a1 = child(a, 100, 50, 0);
    CorrelatedClock a2 = child(a1, 78, 28, 999);
    CorrelatedClock a3 = child(a2, 178, 5, 1003);
    CorrelatedClock a4 = child(a3, 28, 17, 9);
    CorrelatedClock b3 = child(a2, 1000, 10, 20);
    CorrelatedClock b4 = child(b3, 2000, 15, 90);

    double v = b4.fromParentTicks(b3.fromParentTicks(a3.toParentTicks(a4.toParentTicks(500))));

    assertThat(a4.toOtherClockTicks(b4, 500)).isEqualTo(v);
  }

  @Test
  void speedChangesPropagateAndAPausedClockFreezesItsDescendants() {
    SysClock a = measuredSysClock(time, 1000);
    setSeconds(time, 5);
    CorrelatedClock a1 = child(a, 1000, 50, 0);
    CorrelatedClock a2 = child(a1, 100, 28, 999);
    CorrelatedClock a3 = child(a2, 50, 5, 1003);
    CorrelatedClock a4 = child(a3, 25, 1000, 9);
    CorrelatedClock b3 = child(a2, 1000, 500, 20);
    CorrelatedClock b4 = child(b3, 2000, 15, 90);
    List<Clock> all = List.of(a, a1, a2, a3, a4, b3, b4);
    double[] before = all.stream().mapToDouble(Clock::ticks).toArray();

    a3.setSpeed(0.5);
    a4.setSpeed(0.2);
    assertThat(all.stream().map(Clock::effectiveSpeed))
        .containsExactly(1.0, 1.0, 1.0, 0.5, 0.1, 1.0, 1.0);

    a3.setSpeed(0);
    a4.setSpeed(1);
    assertThat(all.stream().map(Clock::effectiveSpeed))
        .containsExactly(1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0);

    setSeconds(time, 6);
    assertThat(a.ticks()).isEqualTo(before[0] + 1000);
    assertThat(a1.ticks()).isEqualTo(before[1] + 1000);
    assertThat(a2.ticks()).isCloseTo(before[2] + 100, within(1e-9));
    assertThat(a3.ticks()).isEqualTo(1003); // paused: at its correlation point
    // a3 reads 1003, 3 ticks past a4's correlation point 1000: 3 * 25/50 = 1.5 ticks after 9
    assertThat(a4.ticks()).isEqualTo(10.5);
    assertThat(b3.ticks()).isCloseTo(before[5] + 1000, within(1e-9));
    assertThat(b4.ticks()).isCloseTo(before[6] + 2000, within(1e-9));
  }

  @Test
  void availabilityNotifiesOnlyWhenEffectiveAvailabilityChanges() {
    SysClock a = measuredSysClock(time, 1e6);
    CorrelatedClock b = new CorrelatedClock(a, 1000);
    CorrelatedClock c = new CorrelatedClock(b, 2000);
    CorrelatedClock d = new CorrelatedClock(c, 3000);
    Recorder da = Recorder.on(a);
    Recorder db = Recorder.on(b);
    Recorder dc = Recorder.on(c);
    Recorder dd = Recorder.on(d);
    assertThat(List.of(a, b, c, d)).allMatch(Clock::isAvailable);

    c.setAvailability(false);
    assertAvailability(List.of(a, b, c, d), true, true, false, false);
    da.assertNotNotified();
    db.assertNotNotified();
    assertThat(dc.events).containsExactly(new Recorder.Event(c, c));
    assertThat(dd.events).containsExactly(new Recorder.Event(d, c));
    dc.events.clear();
    dd.events.clear();

    d.setAvailability(false); // already unavailable through c
    assertAvailability(List.of(a, b, c, d), true, true, false, false);
    dd.assertNotNotified();

    c.setAvailability(true); // d stays unavailable by its own flag, so only c hears
    assertAvailability(List.of(a, b, c, d), true, true, true, false);
    da.assertNotNotified();
    db.assertNotNotified();
    dc.assertNotifiedOnceBy(c);
    dd.assertNotNotified();

    b.setAvailability(false); // d has its own flag off: it hears nothing either way
    b.setAvailability(true);
    assertThat(dc.events).hasSize(2);
    dd.assertNotNotified();

    c.setAvailability(true); // no change
    d.setAvailability(false); // no change
    assertThat(dc.events).hasSize(2);
    dd.assertNotNotified();
  }

  private static void assertAvailability(List<Clock> clocks, boolean... expected) {
    for (int i = 0; i < expected.length; i++) {
      assertThat(clocks.get(i).isAvailable()).as("clock %d available", i).isEqualTo(expected[i]);
    }
  }

  @Test
  void clockDiffIsInfiniteUnlessRatesAndSpeedsMatch() {
    SysClock a = measuredSysClock(time, 1e6);
    setSeconds(time, 1);
    CorrelatedClock b = child(a, 1000, 0, 0);
    CorrelatedClock c = child(b, 2000, 0, 0);
    CorrelatedClock d = child(c, 3000, 0, 0);
    RangeCorrelatedClock e =
        new RangeCorrelatedClock(d, 1000, new Correlation(5, 0), new Correlation(15005, 5000));

    // At 1 s: b reads 1000, d reads 3000 and e (d - 5) / 3 = 998.3333: 1.6667 ticks at 1 kHz
    assertThat(b.clockDiff(c)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(b.clockDiff(d)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(b.clockDiff(e)).isCloseTo(0.001666667, within(1e-6));

    setSeconds(time, 10_000_001);
    assertThat(b.clockDiff(c)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(b.clockDiff(d)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(b.clockDiff(e)).isCloseTo(0.001666667, within(1e-6));

    c.setTickRate(1000);
    assertThat(b.clockDiff(c)).isZero();

    c.setSpeed(1.01);
    assertThat(b.clockDiff(c)).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void setParentToItselfOrADescendantIsACycle() {
    SysClock a = measuredSysClock(time, 1e6);
    CorrelatedClock b = new CorrelatedClock(a, 1000);
    CorrelatedClock c = new CorrelatedClock(b, 1000);
    OffsetClock d = new OffsetClock(c, 0.1);
    Recorder recorder = Recorder.on(b);

    assertThatThrownBy(() -> b.setParent(b)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.setParent(d)).isInstanceOf(IllegalArgumentException.class);
    assertThat(b.parent()).isSameAs(a);
    recorder.assertNotNotified();
  }

  @Test
  void aListenerThatThrowsDoesNotStopTheOthers() {
    SysClock a = measuredSysClock(time, 1e6);
    CorrelatedClock b = new CorrelatedClock(a, 1000);
    CorrelatedClock c = new CorrelatedClock(b, 1000);
    Recorder first = Recorder.on(b);
    b.addListener(
        (clock, cause) -> {
          throw new IllegalStateException("listener failure (expected by this test)");
        });
    Recorder last = Recorder.on(b);
    Recorder descendant = Recorder.on(c);

    b.setSpeed(2);

    first.assertNotifiedOnceBy(b);
    last.assertNotifiedOnceBy(b);
    descendant.assertNotifiedOnceBy(b);
  }

  @Test
  void aRemovedListenerHearsNothing() {
    SysClock a = measuredSysClock(time, 1e6);
    CorrelatedClock b = new CorrelatedClock(a, 1000);
    Recorder recorder = Recorder.on(b);

    assertThat(b.removeListener(recorder)).isTrue();
    b.setSpeed(2);

    recorder.assertNotNotified();
    assertThat(b.removeListener(recorder)).isFalse();
  }

  @Test
  void aMovedClockStopsHearingItsOldParent() {
    SysClock a = measuredSysClock(time, 1e6);
    CorrelatedClock oldParent = new CorrelatedClock(a, 1000);
    CorrelatedClock newParent = new CorrelatedClock(a, 1000);
    CorrelatedClock c = new CorrelatedClock(oldParent, 1000);
    c.setParent(newParent);
    Recorder recorder = Recorder.on(c);

    oldParent.setSpeed(2);
    recorder.assertNotNotified();
    newParent.setSpeed(2);
    recorder.assertNotifiedOnceBy(newParent);
  }

  @Test
  void rootCannotConvertToOrFromAParent() {
    SysClock a = measuredSysClock(time, 1e6);

    assertThatThrownBy(() -> a.toParentTicks(0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> a.fromParentTicks(0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aParentDoesNotKeepAnUnreferencedChildAlive() {
    SysClock a = measuredSysClock(time, 1e6);
    CorrelatedClock parent = new CorrelatedClock(a, 1000);
    WeakReference<CorrelatedClock> ref = new WeakReference<>(new CorrelatedClock(parent, 1000));

    for (int attempt = 0; attempt < 50 && ref.get() != null; attempt++) {
      System.gc();
    }
    Assumptions.assumeTrue(ref.get() == null, "the JVM did not collect the child in 50 tries");

    parent.setSpeed(2); // cascading over the dead reference must not fail
    assertThat(parent.speed()).isEqualTo(2);
  }
}
