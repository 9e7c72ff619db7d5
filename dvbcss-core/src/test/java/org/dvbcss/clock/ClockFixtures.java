package org.dvbcss.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** Small helpers shared by the clock tests: a hand-driven time source and a recording listener. */
final class ClockFixtures {
  private ClockFixtures() {}

  /** Sets the time source to a number of seconds since its origin. */
  static void setSeconds(ManualTimeSource time, double seconds) {
    time.set(Math.round(seconds * 1e9));
  }

  /**
   * A root clock whose precision is measured, as the reference's tests do, with the source moving 1
   * us per read while it is measured (then standing still again).
   */
  static SysClock measuredSysClock(ManualTimeSource time, double tickRate) {
    time.setAutoIncrement(1_000);
    try {
      return SysClock.builder().timeSource(time).tickRate(tickRate).build();
    } finally {
      time.setAutoIncrement(0);
    }
  }

  /** A root clock with a given precision (seconds), so dispersions are exact. */
  static SysClock sysClock(ManualTimeSource time, double tickRate, double precision) {
    return SysClock.builder().timeSource(time).tickRate(tickRate).precision(precision).build();
  }

  /** A listener that records each notification as the pair (clock, cause). */
  static final class Recorder implements ClockListener {
    record Event(Clock clock, Clock cause) {}

    final List<Event> events = new ArrayList<>();

    static Recorder on(Clock clock) {
      Recorder r = new Recorder();
      clock.addListener(r);
      return r;
    }

    @Override
    public void clockChanged(Clock clock, Clock cause) {
      events.add(new Event(clock, cause));
    }

    void assertNotNotified() {
      assertThat(events).isEmpty();
    }

    /** Asserts exactly one notification since the last check, caused by {@code cause}. */
    void assertNotifiedOnceBy(Clock cause) {
      assertThat(events).hasSize(1);
      assertThat(events.get(0).cause()).isSameAs(cause);
      events.clear();
    }
  }
}
