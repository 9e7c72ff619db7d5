package org.dvbcss.tools;

import java.util.Objects;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;

/**
 * What a client's wall clock says about one instant, read consistently (every value from the same
 * correlation and the same reading of the local clock), for the {@code at_ns}, {@code offset_ns}
 * and {@code dispersion_ns} fields of {@code --json} lines: a check from outside the process can
 * compare them with a known true offset at {@code at_ns}.
 *
 * <p>Immutable and thread safe.
 *
 * @param atNanos the local clock's reading the sample describes, nanoseconds (with a {@code
 *     SysClock} parent on the system source, {@code System.nanoTime()})
 * @param offsetNanos the wall clock minus the local clock at {@code atNanos}, nanoseconds; NaN when
 *     the wall clock does not map that instant
 * @param dispersionNanos the wall clock's error bound at {@code atNanos}, nanoseconds, not
 *     negative; +infinity when unbounded (for example before a first measurement)
 */
public record WallClockSample(long atNanos, double offsetNanos, double dispersionNanos) {

  /** How often to read again when the correlation changed during a read. */
  private static final int ATTEMPTS = 100;

  /** Checks the fields. */
  public WallClockSample {
    if (!(dispersionNanos >= 0)) {
      throw new IllegalArgumentException("dispersion must be >= 0 ns: " + dispersionNanos);
    }
  }

  /**
   * Reads a wall clock now: the local clock (its parent) once, then the wall clock's reading and
   * dispersion at that same parent reading, from one correlation (read again if the correlation,
   * speed or tick rate changed meanwhile).
   *
   * @param wall a wall clock whose parent is the local clock
   * @return the sample
   * @throws IllegalArgumentException if the wall clock has no parent
   */
  public static WallClockSample read(CorrelatedClock wall) {
    Clock local = wall.parent();
    if (local == null) {
      throw new IllegalArgumentException("the wall clock has no parent");
    }
    WallClockSample sample = null;
    for (int i = 0; i < ATTEMPTS; i++) {
      Correlation before = wall.correlation();
      double speed = wall.speed();
      double tickRate = wall.tickRate();
      sample = readOnce(wall, local);
      if (before.equals(wall.correlation())
          && speed == wall.speed()
          && tickRate == wall.tickRate()) {
        return sample;
      }
    }
    return Objects.requireNonNull(sample); // changing without pause: the last one is as good
  }

  private static WallClockSample readOnce(CorrelatedClock wall, Clock local) {
    double localTicks = local.ticks();
    long at = Math.round(local.ticksToNanos(localTicks));
    double wallTicks = wall.fromParentTicks(localTicks);
    if (Double.isNaN(wallTicks)) {
      return new WallClockSample(at, Double.NaN, Double.POSITIVE_INFINITY);
    }
    double offset = wall.ticksToNanos(wallTicks) - at;
    double dispersion = wall.dispersionAtTime(wallTicks) * 1e9;
    return new WallClockSample(
        at, offset, Double.isNaN(dispersion) ? Double.POSITIVE_INFINITY : dispersion);
  }

  /**
   * Whether the sample has a finite offset and bound.
   *
   * @return true if both are finite
   */
  public boolean isBounded() {
    return Double.isFinite(offsetNanos) && Double.isFinite(dispersionNanos);
  }
}
