package org.dvbcss.clock;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The one conversion between nanoseconds and ticks of a clock at a tick rate (ticks per second),
 * ignoring speed: {@code ticks = nanos * tickRate / 1e9} and {@code nanos = ticks * 1e9 /
 * tickRate}.
 *
 * <p>Every method rounds the <em>exact</em> value of that expression (the arguments taken as the
 * exact numbers their {@code double} or {@code long} values are) once, in the way it states:
 *
 * <ul>
 *   <li>{@link #toTicks(double, double)}, {@link #toTicks(long, double)} and {@link
 *       #toNanos(double, double)}: to the nearest {@code double}, ties to even (as IEEE 754
 *       arithmetic rounds one operation);
 *   <li>{@link #floorTicks(long, double)}: down to a whole number of ticks, then, if that whole
 *       number has no {@code double}, down to the nearest {@code double} below it (never above the
 *       exact value);
 *   <li>{@link #roundNanos(double, double)}: to the nearest {@code long}, halves up (as {@link
 *       Math#round(double)}), saturating at the ends of {@code long}.
 * </ul>
 *
 * <p>So the usual rates lose nothing they do not have to: at 1e9 ticks per second the conversion is
 * the identity, at 1e6 it divides by 1000, at 1e10 it multiplies by 10, and a 90 kHz or 30000/1001
 * clock gets the correctly rounded result rather than one off by a unit in the last place. Large
 * values are exact too: a year of uptime in nanoseconds (above 2^53) is converted from its {@code
 * long} without first being rounded to a {@code double}. Results too small for a normal {@code
 * double} (below 2^-1022 in magnitude) may be rounded twice; results too large are infinite.
 *
 * <p>Rates that divide 1e9, or that 1e9 divides, are computed with one floating-point or integer
 * operation; other rates use exact integer arithmetic, which costs a microsecond or so.
 *
 * <p>Stateless and thread safe.
 */
public final class Ticks {
  private static final double NANOS_PER_SECOND = 1e9;
  private static final long NANOS_PER_SECOND_L = 1_000_000_000L;
  private static final BigInteger BILLION = BigInteger.valueOf(NANOS_PER_SECOND_L);
  private static final long TWO_53 = 1L << 53;

  private Ticks() {}

  /**
   * Nanoseconds to ticks, to the nearest {@code double}.
   *
   * @param nanos nanoseconds, any {@code double} (NaN and infinities give what plain arithmetic
   *     gives)
   * @param tickRate ticks per second, positive and finite
   * @return ticks
   * @throws IllegalArgumentException if the rate is not positive and finite
   */
  public static double toTicks(double nanos, double tickRate) {
    checkRate(tickRate);
    if (tickRate == NANOS_PER_SECOND) {
      return nanos;
    }
    if (nanos == 0 || !Double.isFinite(nanos)) {
      return nanos * tickRate / NANOS_PER_SECOND;
    }
    double divisor = exactDivisor(tickRate);
    if (divisor != 0) {
      return nanos / divisor;
    }
    double multiplier = exactMultiplier(tickRate);
    if (multiplier != 0) {
      return nanos * multiplier;
    }
    return nearest(times(nanos, tickRate), BILLION);
  }

  /**
   * Nanoseconds to ticks, to the nearest {@code double}, from an exact count of nanoseconds.
   *
   * @param nanos nanoseconds
   * @param tickRate ticks per second, positive and finite
   * @return ticks
   * @throws IllegalArgumentException if the rate is not positive and finite
   */
  public static double toTicks(long nanos, double tickRate) {
    if (Math.abs(nanos) <= TWO_53) {
      return toTicks((double) nanos, tickRate); // exact as a double
    }
    checkRate(tickRate);
    return nearest(times(nanos, tickRate), BILLION);
  }

  /**
   * Nanoseconds to whole ticks, rounded down: what a clock at {@code tickRate} that counts whole
   * ticks reads {@code nanos} after its origin.
   *
   * @param nanos nanoseconds
   * @param tickRate ticks per second, positive and finite
   * @return the largest integer-valued {@code double} not above {@code nanos * tickRate / 1e9}
   * @throws IllegalArgumentException if the rate is not positive and finite
   */
  public static double floorTicks(long nanos, double tickRate) {
    checkRate(tickRate);
    if (tickRate == NANOS_PER_SECOND) {
      return floorToDouble(nanos);
    }
    if (tickRate <= NANOS_PER_SECOND && tickRate == Math.rint(tickRate)) {
      long rate = (long) tickRate;
      long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND_L);
      long rest = Math.floorMod(nanos, NANOS_PER_SECOND_L); // rest * rate < 1e18: no overflow
      long whole = seconds * rate; // |seconds| < 9.3e9, rate <= 1e9: fits
      long ticks = Math.addExact(whole, Math.floorDiv(rest * rate, NANOS_PER_SECOND_L));
      return floorToDouble(ticks);
    }
    Fraction f = times(nanos, tickRate);
    BigInteger[] qr = f.num.divideAndRemainder(BILLION.shiftLeft(f.denShift));
    BigInteger q = qr[0];
    if (qr[1].signum() < 0) {
      q = q.subtract(BigInteger.ONE);
    }
    double d = q.doubleValue();
    if (Double.isFinite(d) && new BigDecimal(d).toBigInteger().compareTo(q) > 0) {
      d = Math.nextDown(d);
    }
    return d;
  }

  /**
   * Ticks to nanoseconds, to the nearest {@code double}.
   *
   * @param ticks ticks, any {@code double} (NaN and infinities give what plain arithmetic gives)
   * @param tickRate ticks per second, positive and finite
   * @return nanoseconds
   * @throws IllegalArgumentException if the rate is not positive and finite
   */
  public static double toNanos(double ticks, double tickRate) {
    checkRate(tickRate);
    if (tickRate == NANOS_PER_SECOND) {
      return ticks;
    }
    if (ticks == 0 || !Double.isFinite(ticks)) {
      return ticks * NANOS_PER_SECOND / tickRate;
    }
    double multiplier = exactDivisor(tickRate);
    if (multiplier != 0) {
      return ticks * multiplier;
    }
    double divisor = exactMultiplier(tickRate);
    if (divisor != 0) {
      return ticks / divisor;
    }
    Fraction t = Fraction.of(ticks);
    Fraction r = Fraction.of(tickRate);
    // ticks * 1e9 / rate = (tn * 1e9 / 2^ts) / (rn / 2^rs) = tn * 1e9 * 2^rs / (rn * 2^ts)
    BigInteger num = t.num.multiply(BILLION).shiftLeft(r.denShift);
    return nearest(new Fraction(num, t.denShift), r.num);
  }

  /**
   * Ticks to whole nanoseconds, to the nearest, halves up: the nanoseconds a protocol message
   * carries for a tick value.
   *
   * @param ticks ticks; NaN gives 0
   * @param tickRate ticks per second, positive and finite
   * @return nanoseconds; {@link Long#MIN_VALUE} or {@link Long#MAX_VALUE} when out of range
   * @throws IllegalArgumentException if the rate is not positive and finite
   */
  public static long roundNanos(double ticks, double tickRate) {
    checkRate(tickRate);
    if (tickRate == NANOS_PER_SECOND || ticks == 0 || !Double.isFinite(ticks)) {
      return Math.round(ticks * (NANOS_PER_SECOND / tickRate));
    }
    double multiplier = exactDivisor(tickRate);
    if (multiplier != 0) {
      double p = ticks * multiplier;
      if (Math.fma(ticks, multiplier, -p) == 0) {
        return Math.round(p); // the product was exact
      }
    } else {
      double divisor = exactMultiplier(tickRate);
      if (divisor != 0) {
        double q = ticks / divisor;
        if (Math.fma(q, divisor, -ticks) == 0) {
          return Math.round(q); // the quotient was exact
        }
      }
    }
    Fraction t = Fraction.of(ticks);
    Fraction r = Fraction.of(tickRate);
    BigInteger num = t.num.multiply(BILLION).shiftLeft(r.denShift);
    BigInteger den = r.num.shiftLeft(t.denShift);
    // floor((2 num + den) / (2 den)): the nearest, halves up
    BigInteger[] qr = num.shiftLeft(1).add(den).divideAndRemainder(den.shiftLeft(1));
    BigInteger q = qr[0];
    if (qr[1].signum() < 0) {
      q = q.subtract(BigInteger.ONE);
    }
    if (q.bitLength() > 63) {
      return q.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return q.longValue();
  }

  // ---- internals

  private static void checkRate(double tickRate) {
    if (!(tickRate > 0) || tickRate == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("tickRate must be positive and finite: " + tickRate);
    }
  }

  /** {@code 1e9 / tickRate} if that is a whole number (so exact), else 0. */
  private static double exactDivisor(double tickRate) {
    if (tickRate < NANOS_PER_SECOND && tickRate >= 1 && tickRate == Math.rint(tickRate)) {
      long rate = (long) tickRate;
      if (NANOS_PER_SECOND_L % rate == 0) {
        return (double) (NANOS_PER_SECOND_L / rate);
      }
    }
    return 0;
  }

  /** {@code tickRate / 1e9} if that is a whole number (so exact), else 0. */
  private static double exactMultiplier(double tickRate) {
    if (tickRate > NANOS_PER_SECOND && tickRate % NANOS_PER_SECOND == 0) {
      return tickRate / NANOS_PER_SECOND; // a whole number with no more bits than tickRate
    }
    return 0;
  }

  /** The largest double not above a long. */
  private static double floorToDouble(long v) {
    double d = v;
    if (Math.abs(v) > TWO_53 && new BigDecimal(d).compareTo(BigDecimal.valueOf(v)) > 0) {
      d = Math.nextDown(d);
    }
    return d;
  }

  /** {@code x * rate} exactly, as a fraction over a power of two. */
  private static Fraction times(double x, double rate) {
    Fraction a = Fraction.of(x);
    Fraction b = Fraction.of(rate);
    return new Fraction(a.num.multiply(b.num), a.denShift + b.denShift);
  }

  private static Fraction times(long x, double rate) {
    Fraction b = Fraction.of(rate);
    return new Fraction(BigInteger.valueOf(x).multiply(b.num), b.denShift);
  }

  /**
   * The double nearest to {@code f / den}, ties to even ({@code den} positive), for results in the
   * normal range.
   */
  private static double nearest(Fraction f, BigInteger den) {
    BigInteger num = f.num.abs();
    int denShift = f.denShift;
    // scale so the quotient has at least 65 bits, then keep a sticky bit for the remainder
    int scale = Math.max(0, 65 + den.bitLength() - num.bitLength());
    BigInteger[] qr = num.shiftLeft(scale).divideAndRemainder(den);
    BigInteger q = qr[0].shiftLeft(1);
    if (qr[1].signum() != 0) {
      q = q.setBit(0);
    }
    int exponent = -(scale + 1 + denShift);
    int drop = q.bitLength() - 128; // keep the quotient small enough to convert without overflow
    if (drop > 0) {
      boolean sticky = q.getLowestSetBit() < drop;
      q = q.shiftRight(drop);
      if (sticky) {
        q = q.setBit(0);
      }
      exponent += drop;
    }
    double d = Math.scalb(q.doubleValue(), exponent);
    return f.num.signum() < 0 ? -d : d;
  }

  /** {@code num / 2^denShift}: an exact value. */
  private record Fraction(BigInteger num, int denShift) {
    static Fraction of(double d) {
      long bits = Double.doubleToRawLongBits(d);
      int exp = (int) ((bits >>> 52) & 0x7ff);
      long mantissa = bits & ((1L << 52) - 1);
      if (exp == 0) {
        exp = 1; // subnormal
      } else {
        mantissa |= 1L << 52;
      }
      long signed = bits < 0 ? -mantissa : mantissa;
      // d = mantissa * 2^(exp - 1075)
      int shift = exp - 1075;
      BigInteger m = BigInteger.valueOf(signed);
      return shift >= 0 ? new Fraction(m.shiftLeft(shift), 0) : new Fraction(m, -shift);
    }
  }
}
