package org.dvbcss.protocol.ts;

import java.util.Objects;

/**
 * One timestamp of an {@link AptEptLpt} message: at wall clock time {@code wallClockTime} the
 * timeline is (or could be) at {@code contentTime}. The wall clock time may be minus infinity (for
 * {@code earliest}: "any time in the past") or plus infinity (for {@code latest}: "any time in the
 * future"); on the wire these are the strings {@code "minusinfinity"} and {@code "plusinfinity"}.
 *
 * <p>When {@code infinity} is not {@link Infinity#NONE}, {@code wallClockTime} is meaningless and
 * is stored as 0, so that equal timestamps are equal records.
 *
 * <p>Immutable and thread safe.
 *
 * @param contentTime the timeline position, in timeline ticks
 * @param wallClockTime the wall clock time, in wall-clock ticks (nanoseconds); 0 when infinite
 * @param infinity whether the wall clock time is finite ({@code NONE}) or infinite
 */
public record Timestamp(long contentTime, long wallClockTime, Infinity infinity) {

  /** Whether a timestamp's wall clock time is a finite value or an infinity. */
  public enum Infinity {
    /** The wall clock time is {@link Timestamp#wallClockTime()}. */
    NONE,
    /** The wall clock time is minus infinity ({@code "minusinfinity"}). */
    MINUS,
    /** The wall clock time is plus infinity ({@code "plusinfinity"}). */
    PLUS
  }

  /**
   * Checks the infinity and sets the wall clock time of an infinite timestamp to 0.
   *
   * @throws NullPointerException if {@code infinity} is null
   */
  public Timestamp {
    Objects.requireNonNull(infinity, "infinity");
    if (infinity != Infinity.NONE) {
      wallClockTime = 0;
    }
  }

  /**
   * A finite timestamp.
   *
   * @param contentTime in timeline ticks
   * @param wallClockTime in nanoseconds
   * @return the timestamp
   */
  public static Timestamp of(long contentTime, long wallClockTime) {
    return new Timestamp(contentTime, wallClockTime, Infinity.NONE);
  }

  /**
   * A timestamp at wall clock time minus infinity (for {@code earliest}).
   *
   * @param contentTime in timeline ticks
   * @return the timestamp
   */
  public static Timestamp minusInfinity(long contentTime) {
    return new Timestamp(contentTime, 0, Infinity.MINUS);
  }

  /**
   * A timestamp at wall clock time plus infinity (for {@code latest}).
   *
   * @param contentTime in timeline ticks
   * @return the timestamp
   */
  public static Timestamp plusInfinity(long contentTime) {
    return new Timestamp(contentTime, 0, Infinity.PLUS);
  }

  /**
   * Whether the wall clock time is finite.
   *
   * @return true when {@code infinity} is {@link Infinity#NONE}
   */
  public boolean isFinite() {
    return infinity == Infinity.NONE;
  }
}
