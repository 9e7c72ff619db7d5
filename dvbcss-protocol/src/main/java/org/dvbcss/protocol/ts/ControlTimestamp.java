package org.dvbcss.protocol.ts;

import java.util.Objects;
import org.dvbcss.protocol.Decoded;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.ReadMode;
import org.jspecify.annotations.Nullable;

/**
 * The CSS-TS control timestamp, sent by the TV: at wall clock time {@code wallClockTime} the
 * timeline was at {@code contentTime} and moving at {@code timelineSpeedMultiplier} times normal
 * speed; or, with both null, the timeline is unavailable (and {@code wallClockTime} is when that
 * was observed).
 *
 * <pre>{@code
 * {"contentTime":"834000","wallClockTime":"1234567890000","timelineSpeedMultiplier":1.0}
 * {"contentTime":null,"wallClockTime":"1234567890000","timelineSpeedMultiplier":null}
 * }</pre>
 *
 * <p>A speed of {@code -0.0} is stored as {@code 0.0}, so equal speeds compare equal and round trip
 * through JSON.
 *
 * <p>Immutable and thread safe.
 *
 * @param contentTime the timeline position, in timeline ticks; null when the timeline is
 *     unavailable
 * @param wallClockTime the wall clock time, in wall-clock ticks (nanoseconds)
 * @param timelineSpeedMultiplier the speed of the timeline relative to normal play (1.0 normal, 0
 *     paused, negative backwards); finite; null exactly when {@code contentTime} is null
 */
public record ControlTimestamp(
    @Nullable Long contentTime, long wallClockTime, @Nullable Double timelineSpeedMultiplier) {

  /**
   * Validates the pairing and the speed.
   *
   * @throws IllegalArgumentException if exactly one of {@code contentTime} and {@code
   *     timelineSpeedMultiplier} is null, or the speed is not finite
   */
  public ControlTimestamp {
    if ((contentTime == null) != (timelineSpeedMultiplier == null)) {
      throw new IllegalArgumentException(
          "ControlTimestamp: contentTime and timelineSpeedMultiplier must both be null or both"
              + " not null, were "
              + contentTime
              + " and "
              + timelineSpeedMultiplier);
    }
    if (timelineSpeedMultiplier != null) {
      if (!Double.isFinite(timelineSpeedMultiplier)) {
        throw new IllegalArgumentException(
            "ControlTimestamp: timelineSpeedMultiplier must be finite, was "
                + timelineSpeedMultiplier);
      }
      if (timelineSpeedMultiplier == 0.0) {
        timelineSpeedMultiplier = 0.0; // -0.0 -> 0.0
      }
    }
  }

  /**
   * A control timestamp for an available timeline.
   *
   * @param contentTime the timeline position, in timeline ticks
   * @param wallClockTime the wall clock time, in nanoseconds
   * @param timelineSpeedMultiplier the speed; finite
   * @return the control timestamp
   * @throws IllegalArgumentException if the speed is not finite
   */
  public static ControlTimestamp available(
      long contentTime, long wallClockTime, double timelineSpeedMultiplier) {
    return new ControlTimestamp(contentTime, wallClockTime, timelineSpeedMultiplier);
  }

  /**
   * A control timestamp saying the timeline is unavailable.
   *
   * @param wallClockTime the wall clock time at which this was observed, in nanoseconds
   * @return the control timestamp, with null content time and speed
   */
  public static ControlTimestamp unavailable(long wallClockTime) {
    return new ControlTimestamp(null, wallClockTime, null);
  }

  /**
   * Whether the timeline is available.
   *
   * @return true when {@code contentTime} and the speed are not null
   */
  public boolean isAvailable() {
    return contentTime != null;
  }

  /**
   * Whether a server should send {@code next} to a companion that was last sent {@code previous}:
   * the rule of the reference implementation (pydvbcss {@code isControlTimestampChanged}).
   *
   * <ul>
   *   <li>Nothing sent yet ({@code previous} null): changed.
   *   <li>Both unavailable: <b>not</b> changed, whatever their wall clock times (so "unavailable"
   *       is not re-sent each time the wall clock moves).
   *   <li>Availability differs: changed.
   *   <li>Both available: changed if the content time, the wall clock time or the speed differ.
   * </ul>
   *
   * <p>Values are compared exactly, not for equivalence: two available control timestamps that
   * describe the same line (same speed, a later point on it) count as changed, because deciding
   * that needs the timeline's tick rate, which a control timestamp does not carry. Sources that
   * want to suppress equivalent updates should re-use the previous control timestamp when the
   * timeline has not changed (as the reference's clock-driven source does).
   *
   * @param previous the control timestamp last sent, or null if none has been sent
   * @param next the candidate
   * @return whether {@code next} is to be sent
   */
  public static boolean isChanged(@Nullable ControlTimestamp previous, ControlTimestamp next) {
    Objects.requireNonNull(next, "next");
    if (previous == null) {
      return true;
    }
    if (!previous.isAvailable() && !next.isAvailable()) {
      return false;
    }
    return !previous.equals(next);
  }

  /**
   * Decodes a control timestamp. Unknown keys are ignored.
   *
   * @param json the JSON text
   * @return the control timestamp
   * @throws ProtocolException if the text is not a valid control timestamp; the message names the
   *     field and the value, e.g. {@code CSS-TS control timestamp: contentTime must fit in 64 bits,
   *     was "129384761893461287946958716395341"}
   */
  public static ControlTimestamp decode(String json) {
    return TsCodec.decodeControlTimestamp(json, ReadMode.STRICT, 0).value();
  }

  /**
   * Decodes a control timestamp in a {@link ReadMode}, reporting the deviations from the spec that
   * were accepted. {@link ReadMode#STRICT} gives the same control timestamp as {@link
   * #decode(String)}; {@link ReadMode#TOLERANT} also accepts each CSS-TS {@link Deviation} (see the
   * project's {@code docs/tolerance.md}). Unknown keys are ignored.
   *
   * @param json the JSON text
   * @param mode how to read it
   * @param wallClockNanosNow the receiver's wall clock time now, in nanoseconds: the wall clock
   *     time of an "unavailable" control timestamp sent without one ({@link
   *     Deviation#TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME}); not used otherwise
   * @return the control timestamp and the deviations accepted to read it
   * @throws ProtocolException if the text is not a control timestamp that {@code mode} accepts; the
   *     message names the field and the value
   */
  public static Decoded<ControlTimestamp> decode(
      String json, ReadMode mode, long wallClockNanosNow) {
    return TsCodec.decodeControlTimestamp(json, mode, wallClockNanosNow);
  }

  /**
   * Encodes this control timestamp as compact JSON: integers as strings, the speed as a JSON number
   * (e.g. {@code 1.0}), and nulls when unavailable.
   *
   * @return the JSON text
   */
  public String encode() {
    return TsCodec.encode(this);
  }
}
