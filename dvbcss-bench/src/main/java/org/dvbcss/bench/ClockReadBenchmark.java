package org.dvbcss.bench;

import java.util.concurrent.TimeUnit;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.SysClock;
import org.dvbcss.clock.TimeSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading clocks on the system time source: the root, and the third {@link CorrelatedClock} below
 * it (root, then three correlated clocks). A third variant reads the same chain on a constant time
 * source, to separate the chain's arithmetic from the cost of {@code System.nanoTime()}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class ClockReadBenchmark {
  private SysClock root;
  private CorrelatedClock depth3;
  private CorrelatedClock depth3FixedSource;

  /** Builds the chain. */
  @Setup
  public void setUp() {
    root = SysClock.builder().precision(1e-9).build();
    CorrelatedClock depth1 = new CorrelatedClock(root, 1e6, new Correlation(root.ticks(), 0), 1.0);
    CorrelatedClock depth2 = new CorrelatedClock(depth1, 90_000, new Correlation(0, 5), 1.5);
    depth3 = new CorrelatedClock(depth2, 1000, new Correlation(10, 20), 0.75);

    TimeSource fixed = () -> 123_456_789_000L;
    SysClock fixedRoot = SysClock.builder().timeSource(fixed).precision(1e-9).build();
    CorrelatedClock f1 = new CorrelatedClock(fixedRoot, 1e6, new Correlation(0, 0), 1.0);
    CorrelatedClock f2 = new CorrelatedClock(f1, 90_000, new Correlation(0, 5), 1.5);
    depth3FixedSource = new CorrelatedClock(f2, 1000, new Correlation(10, 20), 0.75);
  }

  /** The root: one read of {@code System.nanoTime()}. */
  @Benchmark
  public double rootTicks() {
    return root.ticks();
  }

  /** The third clock below the root. */
  @Benchmark
  public double depth3Ticks() {
    return depth3.ticks();
  }

  /**
   * The same chain on a source that returns a constant: the cost of the three conversions without
   * the cost of reading the system time.
   */
  @Benchmark
  public double depth3TicksFixedSource() {
    return depth3FixedSource.ticks();
  }
}
