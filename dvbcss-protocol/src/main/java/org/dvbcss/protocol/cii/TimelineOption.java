package org.dvbcss.protocol.cii;

import java.util.List;
import java.util.Objects;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.PrivateData;

/**
 * One timeline a TV offers, an entry of the CII {@code timelines} property:
 *
 * <pre>{@code
 * { "timelineSelector": "urn:dvb:css:timeline:pts",
 *   "timelineProperties": { "unitsPerTick": 1, "unitsPerSecond": 90000, "accuracy": 0.001 },
 *   "private": [ ... ] }
 * }</pre>
 *
 * <p>The timeline's tick rate is {@code unitsPerSecond / unitsPerTick} ticks per second. {@code
 * accuracy} and {@code private} are optional (absent or a value; DVB's schema does not allow null
 * for either).
 *
 * <p>Immutable and thread safe.
 *
 * @param timelineSelector the timeline selector, a URI such as {@code urn:dvb:css:timeline:pts}
 * @param unitsPerTick units per tick; positive
 * @param unitsPerSecond units per second; positive
 * @param accuracy the accuracy of the timeline, seconds; absent or a finite value {@code >= 0}
 * @param privateData the {@code private} member; absent or a list
 */
public record TimelineOption(
    String timelineSelector,
    long unitsPerTick,
    long unitsPerSecond,
    Presence<Double> accuracy,
    Presence<List<PrivateData>> privateData) {

  /**
   * Validates the fields and copies the list.
   *
   * @throws IllegalArgumentException naming the field and value if one is out of range or null
   */
  public TimelineOption {
    Objects.requireNonNull(timelineSelector, "timelineSelector");
    Objects.requireNonNull(accuracy, "accuracy");
    Objects.requireNonNull(privateData, "privateData");
    if (unitsPerTick <= 0) {
      throw new IllegalArgumentException(
          "TimelineOption: unitsPerTick must be positive, was " + unitsPerTick);
    }
    if (unitsPerSecond <= 0) {
      throw new IllegalArgumentException(
          "TimelineOption: unitsPerSecond must be positive, was " + unitsPerSecond);
    }
    if (accuracy.isNull()) {
      throw new IllegalArgumentException("TimelineOption: accuracy must not be null");
    }
    if (accuracy.hasValue() && !isValidAccuracy(accuracy.value())) {
      throw new IllegalArgumentException(
          "TimelineOption: accuracy must be a finite number >= 0, was " + accuracy.value());
    }
    if (privateData.isNull()) {
      throw new IllegalArgumentException("TimelineOption: privateData must not be null");
    }
    privateData = privateData.map(List::copyOf);
  }

  /**
   * A timeline option without accuracy or private data.
   *
   * @param timelineSelector the timeline selector
   * @param unitsPerTick units per tick; positive
   * @param unitsPerSecond units per second; positive
   * @throws IllegalArgumentException if a count is not positive
   */
  public TimelineOption(String timelineSelector, long unitsPerTick, long unitsPerSecond) {
    this(timelineSelector, unitsPerTick, unitsPerSecond, Presence.absent(), Presence.absent());
  }

  static boolean isValidAccuracy(double seconds) {
    return Double.isFinite(seconds) && seconds >= 0;
  }

  /**
   * This option with an accuracy.
   *
   * @param seconds the accuracy, seconds; finite and {@code >= 0}
   * @return a copy
   */
  public TimelineOption withAccuracy(double seconds) {
    return new TimelineOption(
        timelineSelector, unitsPerTick, unitsPerSecond, Presence.of(seconds), privateData);
  }

  /**
   * This option with private data.
   *
   * @param items the private data (may be empty: {@code "private": []})
   * @return a copy
   */
  public TimelineOption withPrivateData(List<PrivateData> items) {
    return new TimelineOption(
        timelineSelector, unitsPerTick, unitsPerSecond, accuracy, Presence.of(items));
  }

  /**
   * The timeline's tick rate.
   *
   * @return {@code unitsPerSecond / unitsPerTick}, ticks per second
   */
  public double tickRate() {
    return (double) unitsPerSecond / unitsPerTick;
  }
}
