package org.dvbcss.protocol.ts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.Ticks;
import org.dvbcss.protocol.Decoded;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.ReadMode;
import org.jspecify.annotations.Nullable;

/**
 * The protocol logic of a CSS-TS companion, with no socket: makes a timeline clock follow the TV's
 * timeline as the control timestamps of one session describe it. A transport (or a simulation)
 * drives it with connection events and the messages that arrive:
 *
 * <pre>{@code
 * TsClientCore core = new TsClientCore(timeline, TsClientConfig.builder().setupData(setup).build());
 * // on open:       core.onConnected(); webSocket.send(core.setupMessage());
 * // on text:       act on core.onText(text)          (a list of events, in order)
 * // on close:      act on core.onDisconnected()
 * // to report:     webSocket.send(core.timingReport(true).encode());
 * }</pre>
 *
 * <p>The timeline clock is a {@link CorrelatedClock} whose parent is the companion's wall clock
 * (kept in step with the TV's by a CSS-WC client) and whose tick rate is the timeline's (90000 for
 * PTS, say). For each control timestamp:
 *
 * <ul>
 *   <li>available: the candidate correlation is (wall clock time &rarr; content time) and the
 *       candidate speed the timeline speed multiplier. They are applied, with one {@link
 *       CorrelatedClock#setCorrelationAndSpeed} call, only if {@link
 *       CorrelatedClock#isChangeSignificant} says the clock would move by more than the threshold
 *       ({@link TsClientConfig#thresholdSeconds()}, by default {@value
 *       TsClientConfig#DEFAULT_THRESHOLD_SECONDS} s); any change of speed is significant. The
 *       correlation's initial error is the control timestamp's own error, {@link
 *       TsClientConfig#timestampErrorSeconds} (the TV's rounding and change threshold, this
 *       threshold, the wall clock time's resolution), and its growth rate is kept. So the timeline
 *       clock's {@link Clock#dispersion()} is that error plus the wall clock's dispersion scaled by
 *       the speed: how far, in seconds of content time, its reading can be from the TV's true
 *       position. If the timeline was unavailable it is made available (after the timing change).
 *   <li>unavailable: the timeline clock is made unavailable; its correlation is left as it was.
 * </ul>
 *
 * <p>The timeline clock is made unavailable when the core is made, and again whenever the
 * connection ends. Each input returns the {@link Event}s it caused, in order, only for real
 * changes: {@link TimingChanged} when a correlation or speed was applied, then {@link
 * TimelineAvailable} or {@link TimelineUnavailable} when the TV's availability changed. By the time
 * an input returns, the clock has been changed and its clock listeners have heard it. Note that
 * {@code timeline.isAvailable()} also needs the wall clock to be available; the events follow what
 * the TV says.
 *
 * <p><b>Units.</b> A control timestamp's wall clock time is in nanoseconds; it is converted to
 * ticks of the wall clock object ({@code wallClockTime * wallClock.tickRate() / 1e9}), so a wall
 * clock at any tick rate works. Its content time is in timeline ticks, used as is: the timeline
 * clock must tick at the timeline's rate. The threshold is in seconds. Timing reports carry content
 * times in timeline ticks and wall clock times in nanoseconds.
 *
 * <p><b>Errors.</b> {@link #onText(String)} never throws because of a message's content: a message
 * that is not a valid control timestamp is counted and returned as an {@link InvalidMessage} event,
 * and the state is kept.
 *
 * <p><b>Deviations.</b> {@link #onText(String)} reads in the configured {@link
 * TsClientConfig#readMode()}: by default {@linkplain ReadMode#TOLERANT tolerantly}, so a control
 * timestamp that deviates from the spec in a way with one sensible reading (a {@link Deviation}) is
 * handled as that reading, counted per kind ({@link Counters#deviations()}), and announced by a
 * {@link DeviationsAccepted} event before the events it causes.
 *
 * <p><b>Threading.</b> The inputs ({@code on...} methods) must be called from one thread at a time,
 * with a happens-before relation between calls (one event loop, or a lock); the clock listeners of
 * the timeline hear its changes on that thread. Nothing else may change the timeline clock. The
 * readouts ({@link #isTimelineAvailable()}, {@link #latestControlTimestamp()}, {@link #counters()},
 * {@link #timingReport}, {@link #setupMessage()}) may be called from any thread.
 */
public final class TsClientCore {

  /** What an input changed. Immutable. */
  public sealed interface Event
      permits DeviationsAccepted,
          TimingChanged,
          TimelineAvailable,
          TimelineUnavailable,
          InvalidMessage {}

  /**
   * A message deviated from the spec and was read anyway, in {@link ReadMode#TOLERANT} mode; comes
   * first, before the events the message caused.
   *
   * @param deviations the kinds of deviation accepted in the message: not empty, unmodifiable, in
   *     {@link Deviation} order
   */
  public record DeviationsAccepted(Set<Deviation> deviations) implements Event {
    /**
     * Checks and copies the set.
     *
     * @throws NullPointerException if {@code deviations} is null
     * @throws IllegalArgumentException if it is empty
     */
    public DeviationsAccepted {
      Objects.requireNonNull(deviations, "deviations");
      if (deviations.isEmpty()) {
        throw new IllegalArgumentException("DeviationsAccepted: no deviations");
      }
      deviations = Collections.unmodifiableSet(EnumSet.copyOf(deviations));
    }
  }

  /**
   * A new correlation and speed were applied to the timeline clock. Comes before any availability
   * event caused by the same control timestamp.
   *
   * @param speedChanged whether the speed changed too
   */
  public record TimingChanged(boolean speedChanged) implements Event {}

  /** The TV said the timeline is available, after it had not been (or at the start). */
  public record TimelineAvailable() implements Event {}

  /** The timeline became unavailable: the TV said so, or the connection ended. */
  public record TimelineUnavailable() implements Event {}

  /**
   * A message was not a valid control timestamp; it was ignored, and nothing else changed.
   *
   * @param text the message
   * @param error what is wrong with it
   */
  public record InvalidMessage(String text, ProtocolException error) implements Event {
    /**
     * Checks the fields.
     *
     * @throws NullPointerException if a field is null
     */
    public InvalidMessage {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(error, "error");
    }
  }

  /**
   * What the core has seen so far.
   *
   * @param controlTimestamps control timestamps handled
   * @param timingChanges correlation and speed changes applied to the timeline clock
   * @param ignoredChanges available control timestamps not applied because the change was below the
   *     threshold
   * @param invalidMessages messages given to {@link #onText(String)} that were not valid control
   *     timestamps
   * @param deviations for each kind of deviation accepted at least once, the number of messages
   *     accepted with it; unmodifiable, kinds never seen are not in it
   */
  public record Counters(
      long controlTimestamps,
      long timingChanges,
      long ignoredChanges,
      long invalidMessages,
      Map<Deviation, Long> deviations) {

    /**
     * Checks and copies the map.
     *
     * @throws NullPointerException if {@code deviations} is null or holds a null
     */
    public Counters {
      Objects.requireNonNull(deviations, "deviations");
      EnumMap<Deviation, Long> copy = new EnumMap<>(Deviation.class);
      for (Map.Entry<Deviation, Long> e : deviations.entrySet()) {
        copy.put(Objects.requireNonNull(e.getKey()), Objects.requireNonNull(e.getValue()));
      }
      deviations = Collections.unmodifiableMap(copy);
    }

    /**
     * Counters with no deviations.
     *
     * @param controlTimestamps control timestamps handled
     * @param timingChanges correlation and speed changes applied
     * @param ignoredChanges control timestamps not applied because below the threshold
     * @param invalidMessages messages that were not valid control timestamps
     */
    public Counters(
        long controlTimestamps, long timingChanges, long ignoredChanges, long invalidMessages) {
      this(controlTimestamps, timingChanges, ignoredChanges, invalidMessages, Map.of());
    }
  }

  private static final List<Event> NONE = List.of();
  private static final List<Event> UNAVAILABLE = List.of(new TimelineUnavailable());

  private final CorrelatedClock timeline;
  private final TsClientConfig config;
  private final @Nullable String setupMessage;

  // written by the input thread only; volatile for the readouts
  private volatile boolean available;
  private volatile @Nullable ControlTimestamp latestControlTimestamp;
  private volatile long controlTimestamps;
  private volatile long timingChanges;
  private volatile long ignoredChanges;
  private volatile long invalidMessages;
  private final AtomicLongArray deviationCounts = new AtomicLongArray(Deviation.values().length);

  /**
   * A core driving {@code timeline}, which it makes unavailable.
   *
   * @param timeline the clock to drive: its parent is the companion's wall clock and its tick rate
   *     the timeline's
   * @param config the threshold, the earliest and latest clocks, the setup data
   * @throws org.dvbcss.clock.NoCommonClockException if the earliest or latest clock is not in the
   *     wall clock's tree
   */
  public TsClientCore(CorrelatedClock timeline, TsClientConfig config) {
    this.timeline = Objects.requireNonNull(timeline, "timeline");
    this.config = Objects.requireNonNull(config, "config");
    Clock wall = timeline.parent();
    for (Clock c : new Clock[] {config.earliest(), config.latest()}) {
      if (c != null) {
        c.toOtherClockTicks(wall, 0); // throws if in another tree
      }
    }
    SetupData setup = config.setupData();
    this.setupMessage = setup == null ? null : setup.encode();
    timeline.setAvailability(false);
  }

  /**
   * The timeline clock this core drives.
   *
   * @return the clock
   */
  public CorrelatedClock timeline() {
    return timeline;
  }

  /**
   * The configuration.
   *
   * @return the configuration this core was made with
   */
  public TsClientConfig config() {
    return config;
  }

  /**
   * The first message to send on each connection: the configured setup data, encoded.
   *
   * @return the JSON text
   * @throws IllegalStateException if the configuration has no setup data
   */
  public String setupMessage() {
    String s = setupMessage;
    if (s == null) {
      throw new IllegalStateException("TsClientConfig has no setup data");
    }
    return s;
  }

  /**
   * The last control timestamp handled on the current connection.
   *
   * @return it, or null if none has arrived since the last (re)connection or disconnection
   */
  public @Nullable ControlTimestamp latestControlTimestamp() {
    return latestControlTimestamp;
  }

  /**
   * Whether the TV last said the timeline is available (on a connection still open). The timeline
   * clock's {@link Clock#isAvailable()} is this and the wall clock's availability.
   *
   * @return whether available
   */
  public boolean isTimelineAvailable() {
    return available;
  }

  /**
   * What the core has seen so far.
   *
   * @return a snapshot (each counter read once; they are not read atomically together)
   */
  public Counters counters() {
    EnumMap<Deviation, Long> deviations = new EnumMap<>(Deviation.class);
    for (Deviation d : Deviation.values()) {
      long n = deviationCounts.get(d.ordinal());
      if (n != 0) {
        deviations.put(d, n);
      }
    }
    return new Counters(
        controlTimestamps, timingChanges, ignoredChanges, invalidMessages, deviations);
  }

  /**
   * A connection opened (the first or a new one): forgets the latest control timestamp. The
   * timeline stays as it is (unavailable, since the previous connection ended) until a control
   * timestamp arrives. Send {@link #setupMessage()} first on the connection.
   */
  public void onConnected() {
    latestControlTimestamp = null;
  }

  /**
   * A message arrived: decodes it as a control timestamp in the configured {@link
   * TsClientConfig#readMode()} and handles it as {@link #onControlTimestamp} does. An "unavailable"
   * control timestamp sent without a wall clock time (accepted in {@link ReadMode#TOLERANT} mode)
   * is taken as observed now, on the timeline's parent (the wall clock).
   *
   * @param text the message text
   * @return the events, in order: one {@link InvalidMessage} if it is not a valid control timestamp
   *     in the configured mode (counted; nothing else changes); else {@link DeviationsAccepted} if
   *     it deviated from the spec (each kind counted), then the events of {@link
   *     #onControlTimestamp}
   */
  public List<Event> onText(String text) {
    Decoded<ControlTimestamp> decoded;
    try {
      ReadMode mode = config.readMode();
      long now = mode == ReadMode.STRICT ? 0 : wallNanosNow();
      decoded = ControlTimestamp.decode(text, mode, now);
    } catch (ProtocolException e) {
      invalidMessages++;
      return List.of(new InvalidMessage(text, e));
    }
    if (!decoded.deviated()) {
      return onControlTimestamp(decoded.value());
    }
    for (Deviation d : decoded.deviations()) {
      deviationCounts.incrementAndGet(d.ordinal());
    }
    List<Event> caused = onControlTimestamp(decoded.value());
    List<Event> events = new ArrayList<>(caused.size() + 1);
    events.add(new DeviationsAccepted(decoded.deviations()));
    events.addAll(caused);
    return Collections.unmodifiableList(events);
  }

  /** The wall clock (the timeline's parent) now, in nanoseconds. */
  private long wallNanosNow() {
    Clock wall = timeline.parent();
    return wallTicksToNanos(wall.ticks(), wall);
  }

  /**
   * A control timestamp arrived: applies it to the timeline clock (see the class comment).
   *
   * @param ct the control timestamp: content time in timeline ticks, wall clock time in nanoseconds
   * @return the events, in order: {@link TimingChanged} if a correlation and speed were applied,
   *     then {@link TimelineAvailable} or {@link TimelineUnavailable} if the TV's availability
   *     changed; empty if nothing changed
   */
  public List<Event> onControlTimestamp(ControlTimestamp ct) {
    Objects.requireNonNull(ct, "ct");
    controlTimestamps++;
    latestControlTimestamp = ct;
    boolean nowAvailable = ct.isAvailable();
    boolean availabilityChanged = nowAvailable != available;
    TimingChanged timing = null;
    if (nowAvailable) {
      double speed = Objects.requireNonNull(ct.timelineSpeedMultiplier());
      double parentTicks = wallNanosToTicks(ct.wallClockTime(), timeline.parent());
      double childTicks = (double) Objects.requireNonNull(ct.contentTime());
      Correlation corr =
          new Correlation(
              parentTicks,
              childTicks,
              config.timestampErrorSeconds(timeline.tickRate(), speed),
              timeline.correlation().errorGrowthRate());
      if (timeline.isChangeSignificant(corr, speed, config.thresholdSeconds())) {
        boolean speedChanged = timeline.speed() != speed;
        timeline.setCorrelationAndSpeed(corr, speed);
        timing = new TimingChanged(speedChanged);
        timingChanges++;
      } else {
        ignoredChanges++;
      }
    }
    if (availabilityChanged) {
      available = nowAvailable;
      timeline.setAvailability(nowAvailable);
    }
    Event availability =
        !availabilityChanged
            ? null
            : nowAvailable ? new TimelineAvailable() : new TimelineUnavailable();
    if (timing == null) {
      return availability == null ? NONE : List.of(availability);
    }
    return availability == null ? List.of(timing) : List.of(timing, availability);
  }

  /**
   * The connection ended: the timeline clock is made unavailable and the latest control timestamp
   * forgotten.
   *
   * @return {@link TimelineUnavailable} if the timeline was available, else nothing
   */
  public List<Event> onDisconnected() {
    latestControlTimestamp = null;
    if (!available) {
      return NONE;
    }
    available = false;
    timeline.setAvailability(false);
    return UNAVAILABLE;
  }

  /**
   * The companion's presentation timing now, for sending to the TV.
   *
   * <ul>
   *   <li>actual: if {@code includeActual} and the timeline clock is available, its current
   *       position: an integer content time and the wall clock time at which the timeline reads it
   *       (at speed 0, the content time it is frozen at and the wall clock time now); else absent.
   *   <li>earliest: the current position of the earliest clock, if one was given and it is
   *       available; else minus infinity.
   *   <li>latest: likewise from the latest clock, or plus infinity.
   * </ul>
   *
   * <p>An infinite timestamp carries the timeline's current content time (0 if unavailable), which
   * the protocol ignores. Reads the clocks now; any thread.
   *
   * @param includeActual whether to include the actual presentation timestamp
   * @return the timestamps: content times in timeline ticks, wall clock times in nanoseconds
   */
  public AptEptLpt timingReport(boolean includeActual) {
    Clock wall = timeline.parent();
    Presence<Timestamp> actual = Presence.absent();
    long nowContent = 0;
    if (timeline.isAvailable()) {
      Timestamp now = positionNow(timeline, wall);
      nowContent = now.contentTime();
      if (includeActual) {
        actual = Presence.of(now);
      }
    }
    Clock e = config.earliest();
    Clock l = config.latest();
    Timestamp ept =
        e != null && e.isAvailable() ? positionNow(e, wall) : Timestamp.minusInfinity(nowContent);
    Timestamp lpt =
        l != null && l.isAvailable() ? positionNow(l, wall) : Timestamp.plusInfinity(nowContent);
    return new AptEptLpt(actual, ept, lpt);
  }

  /**
   * Converts a CSS-TS wall clock time to ticks of the companion's wall clock object.
   *
   * @param nanos wall clock time, nanoseconds
   * @param wallClock the wall clock
   * @return ticks of {@code wallClock}
   */
  static double wallNanosToTicks(long nanos, Clock wallClock) {
    return Ticks.toTicks(nanos, wallClock.tickRate());
  }

  /**
   * Converts ticks of the wall clock object to CSS-TS nanoseconds, rounded to the nearest (see
   * {@link Ticks#roundNanos(double, double)}).
   */
  static long wallTicksToNanos(double ticks, Clock wallClock) {
    return Ticks.roundNanos(ticks, wallClock.tickRate());
  }

  /**
   * Where {@code clock} is now: its reading rounded to the nearest integer tick, and the wall clock
   * time (nanoseconds, rounded) at which it reads that integer; the wall clock time now if either
   * clock is stopped or the conversion has no finite answer.
   */
  static Timestamp positionNow(Clock clock, Clock wall) {
    double wallNow = wall.ticks();
    long content = Math.round(wall.toOtherClockTicks(clock, wallNow));
    double wallAt = wallNow;
    if (clock.effectiveSpeed() != 0 && wall.effectiveSpeed() != 0) {
      double exact = clock.toOtherClockTicks(wall, content);
      if (Double.isFinite(exact)) {
        wallAt = exact;
      }
    }
    return Timestamp.of(content, wallTicksToNanos(wallAt, wall));
  }
}
