package org.dvbcss.bench;

import java.util.concurrent.TimeUnit;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.SysClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading clocks on the system time source: the root, and the third {@link CorrelatedClock} below
 * it (root, then three correlated clocks).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class ClockReadBenchmark {
  private SysClock root;
  private CorrelatedClock depth3;

  /** Builds the chain. */
  @Setup
  public void setUp() {
    root = SysClock.builder().precision(1e-9).build();
    CorrelatedClock depth1 = new CorrelatedClock(root, 1e6, new Correlation(root.ticks(), 0), 1.0);
    CorrelatedClock depth2 = new CorrelatedClock(depth1, 90_000, new Correlation(0, 5), 1.5);
    depth3 = new CorrelatedClock(depth2, 1000, new Correlation(10, 20), 0.75);
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
}
