package org.dvbcss.bench;

import java.util.concurrent.TimeUnit;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.scheduler.ClockScheduler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The manual {@link ClockScheduler} on a {@code ManualTimeSource}: scheduling and firing 10,000
 * tasks, and rescheduling 10,000 pending tasks after a speed change.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class SchedulerBenchmark {
  static final int TASKS = 10_000;

  private Rig rig;

  /**
   * A manual time source, a clock of 1000 ticks per second on it, and a manual scheduler on the
   * same time source. Not thread safe.
   */
  static final class Rig {
    final ManualTimeSource time = new ManualTimeSource();
    final CorrelatedClock clock =
        new CorrelatedClock(SysClock.builder().timeSource(time).precision(1e-9).build(), 1000);
    final ClockScheduler scheduler = ClockScheduler.manual(time);
  }

  /** A clock of 1000 ticks per second and a scheduler with nothing pending. */
  @Setup(Level.Trial)
  public void setUp() {
    rig = new Rig();
  }

  /** Closes the scheduler. */
  @TearDown(Level.Trial)
  public void tearDown() {
    rig.scheduler.close();
  }

  /**
   * Schedules 10,000 tasks at distinct ticks in the next 10 s of the clock, moves time past them
   * all and runs them.
   *
   * @return how many ran
   */
  @Benchmark
  public int scheduleAndFire10k() {
    double now = rig.clock.ticks();
    Runnable task = () -> {};
    for (int i = 0; i < TASKS; i++) {
      // a scattered order, so the heap does real work
      rig.scheduler.runAt(rig.clock, now + 1 + (i * 7919L) % TASKS, task);
    }
    rig.time.advance(20_000_000_000L);
    return rig.scheduler.runDueTasks();
  }

  /** State with 10,000 tasks pending, for {@link #reschedule10k}. */
  @State(Scope.Benchmark)
  public static class Pending {
    Rig rig;
    boolean fast;

    /** Schedules 10,000 tasks a long way ahead (1e9 ticks, about 11 days at speed 1). */
    @Setup(Level.Trial)
    public void setUp() {
      rig = new Rig();
      for (int i = 0; i < TASKS; i++) {
        rig.scheduler.runAt(rig.clock, 1e9 + (i * 7919L) % TASKS, () -> {});
      }
    }

    /** Closes the scheduler. */
    @TearDown(Level.Trial)
    public void tearDown() {
      rig.scheduler.close();
    }
  }

  /**
   * Changes the clock's speed (alternately 2 and 1) and runs the scheduler, which recomputes the
   * due time of every pending task and runs none.
   *
   * @param p the pending tasks
   * @return how many ran: 0
   */
  @Benchmark
  public int reschedule10k(Pending p) {
    p.fast = !p.fast;
    p.rig.clock.setSpeed(p.fast ? 2.0 : 1.0);
    int ran = p.rig.scheduler.runDueTasks();
    if (ran != 0 || p.rig.scheduler.pendingCount() != TASKS) {
      throw new IllegalStateException("tasks ran: " + ran);
    }
    return ran;
  }
}
