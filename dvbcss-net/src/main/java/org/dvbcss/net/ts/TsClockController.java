package org.dvbcss.net.ts;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.net.internal.DeviationCounts;
import org.dvbcss.net.internal.Listeners;
import org.dvbcss.net.wsclient.WebSocketClientConfig;
import org.dvbcss.protocol.Decoded;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.ReadMode;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.protocol.ts.TsClientConfig;
import org.dvbcss.protocol.ts.TsClientCore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a companion's timeline clock follow the TV's timeline, as CSS-TS control timestamps
 * describe it.
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
 *       (default {@value #DEFAULT_THRESHOLD_SECONDS} s, as in the reference implementation); any
 *       change of speed is significant. The clock's correlation keeps its error parameters (initial
 *       error, growth rate); only its tick values are replaced. If the timeline was unavailable it
 *       is made available (after the timing change).
 *   <li>unavailable: the timeline clock is made unavailable; its correlation is left as it was.
 * </ul>
 *
 * <p>The timeline clock is made unavailable when the controller is built, and again whenever the
 * connection ends. Listener events are fired only on real changes: {@link Listener#timingChanged}
 * when a correlation or speed was applied, then {@link Listener#timelineAvailable} or {@link
 * Listener#timelineUnavailable} when the TV's availability changed. Note that {@code
 * timeline.isAvailable()} also needs the wall clock to be available; the events follow what the TV
 * says.
 *
 * <p><b>Units.</b> A control timestamp's wall clock time is in nanoseconds; it is converted to
 * ticks of the wall clock object ({@code wallClockTime * wallClock.tickRate() / 1e9}), so a wall
 * clock at any tick rate works. Its content time is in timeline ticks, used as is: the timeline
 * clock must tick at the timeline's rate. Thresholds are seconds.
 *
 * <p><b>Reading mode.</b> Control timestamps are read {@linkplain ReadMode#TOLERANT tolerantly} by
 * default ({@link Builder#readMode}): one that deviates from the spec in a way with exactly one
 * sensible reading (a {@link Deviation}) is applied as that reading, and the kinds are counted and
 * told to {@link Listener#deviations} before the events the message causes. In {@link
 * ReadMode#STRICT} mode such a message is a protocol error (told to the client's listeners).
 *
 * <p><b>Jumps.</b> A change applied while the timeline was already available moves the timeline's
 * position at that instant: by almost nothing when the TV reports promptly, by as long as the TV
 * took to say so when it reports a pause or a seek late (a TV that sends control timestamps only
 * every few seconds). Each such move is measured ({@link #jumps()}, {@link
 * Listener#timelineJumped}); the error bound cannot include it, because until the control timestamp
 * arrives the companion has no way to know the TV changed.
 *
 * <p>The logic is that of {@link TsClientCore} (dvbcss-protocol), which this class binds to a
 * {@link TsClient} and turns into listener calls.
 *
 * <p><b>Use.</b> {@link Builder#start(URI, SetupData)} connects a {@link TsClient} owned by the
 * controller, whose messages the core reads in the configured mode. Or build a detached controller
 * with {@link Builder#build()} and feed it from any transport: it is a {@link TsClient.Listener}
 * (the client then does the reading, in its own mode).
 *
 * <p><b>Threading.</b> The listener methods are called on the thread that delivers the control
 * timestamp or the disconnection (the connection's event loop, for an owned client), one change at
 * a time; they must not block. Clock listeners of the timeline hear its changes on the same thread.
 * The timeline clock may be read from any thread. {@link #timingReport}, {@link #sendTimingReport}
 * and {@link #close()} may be called from any thread.
 */
public final class TsClockController implements TsClient.Listener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TsClockController.class);

  /** The default threshold for applying a change, seconds: 0.1 ms, as in pydvbcss. */
  public static final double DEFAULT_THRESHOLD_SECONDS = TsClientConfig.DEFAULT_THRESHOLD_SECONDS;

  /** Hears the timeline change. Called on the thread delivering control timestamps. */
  public interface Listener {
    /** A CSS-TS connection opened (an owned client only). */
    default void connected() {}

    /**
     * The CSS-TS connection ended; if the timeline was available, {@link #timelineUnavailable} has
     * been called just before.
     *
     * @param code the WebSocket close code
     * @param reason the close reason
     * @param willReconnect whether the client will try again
     */
    default void disconnected(int code, String reason, boolean willReconnect) {}

    /**
     * A new correlation and speed were applied to the timeline clock. Called before any
     * availability event caused by the same control timestamp.
     *
     * @param speedChanged whether the speed changed too
     */
    default void timingChanged(boolean speedChanged) {}

    /** The TV said the timeline is available, after it had not been (or at the start). */
    default void timelineAvailable() {}

    /** The timeline became unavailable: the TV said so, or the connection ended. */
    default void timelineUnavailable() {}

    /**
     * A control timestamp deviated from the spec and was read anyway ({@link ReadMode#TOLERANT}
     * mode). Called before the events the message causes.
     *
     * @param kinds the kinds of deviation accepted in the message: not empty, in {@link Deviation}
     *     order
     */
    default void deviations(Set<Deviation> kinds) {}

    /**
     * A change was applied while the timeline was available, and moved its position at that instant
     * by this much (see {@link TsClockController#jumps()}). Called after {@link #timingChanged}.
     *
     * @param seconds the size of the move, seconds, 0 or more
     */
    default void timelineJumped(double seconds) {}
  }

  /**
   * What the controller has seen.
   *
   * @param controlTimestamps control timestamps handled
   * @param timingChanges correlation and speed changes applied to the timeline clock
   * @param ignoredChanges available control timestamps not applied because the change was below the
   *     threshold
   * @param deviations for each kind of deviation accepted at least once, the number of control
   *     timestamps read with it; unmodifiable, kinds never seen are not in it
   */
  public record Counters(
      long controlTimestamps,
      long timingChanges,
      long ignoredChanges,
      Map<Deviation, Long> deviations) {
    /**
     * Copies the map.
     *
     * @throws NullPointerException if {@code deviations} is null
     */
    public Counters {
      deviations = DeviationCounts.copy(deviations);
    }

    /**
     * Counters with no deviations.
     *
     * @param controlTimestamps control timestamps handled
     * @param timingChanges changes applied
     * @param ignoredChanges changes below the threshold
     */
    public Counters(long controlTimestamps, long timingChanges, long ignoredChanges) {
      this(controlTimestamps, timingChanges, ignoredChanges, Map.of());
    }
  }

  /**
   * How much the timeline's position moved when changes were applied to a timeline that was
   * available: for each, the difference between what the timeline read just before and just after,
   * at the same wall clock instant. A TV that reports a pause 2 s late makes a jump of 2 s.
   * Immutable.
   *
   * @param count the changes measured
   * @param lastSeconds the size of the last one, seconds (0 if none)
   * @param largestSeconds the size of the largest one, seconds (0 if none)
   */
  public record Jumps(long count, double lastSeconds, double largestSeconds) {
    /** No jump yet. */
    public static final Jumps NONE = new Jumps(0, 0, 0);

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if a field is negative or NaN, or the last is larger than
     *     the largest
     */
    public Jumps {
      if (count < 0 || !(lastSeconds >= 0) || !(largestSeconds >= lastSeconds)) {
        throw new IllegalArgumentException(
            "Jumps: invalid " + count + ", " + lastSeconds + ", " + largestSeconds);
      }
    }

    /**
     * These jumps and one more.
     *
     * @param seconds the size of the new jump, seconds, 0 or more
     * @return the jumps with it counted
     * @throws IllegalArgumentException if {@code seconds} is negative or NaN
     */
    public Jumps plus(double seconds) {
      if (!(seconds >= 0)) {
        throw new IllegalArgumentException("jump must be 0 or more seconds: " + seconds);
      }
      return new Jumps(count + 1, seconds, Math.max(largestSeconds, seconds));
    }
  }

  private final TsClientCore core;
  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

  /** Serialises the inputs to the core, and the listener calls they cause. */
  private final Object lock = new Object();

  private volatile @Nullable TsClient client;
  private final DeviationCounts deviations = new DeviationCounts();
  private volatile Jumps jumps = Jumps.NONE;

  private TsClockController(TsClientCore core, List<Listener> listeners) {
    this.core = core;
    this.listeners.addAll(listeners);
  }

  /**
   * Starts configuring a controller.
   *
   * @param timeline the clock to drive: a {@link CorrelatedClock} whose parent is the companion's
   *     wall clock and whose tick rate is the timeline's
   * @return a builder
   */
  public static Builder builder(CorrelatedClock timeline) {
    return new Builder(timeline);
  }

  /**
   * The timeline clock this controller drives.
   *
   * @return the clock
   */
  public CorrelatedClock timeline() {
    return core.timeline();
  }

  /**
   * The threshold below which changes are not applied.
   *
   * @return seconds
   */
  public double thresholdSeconds() {
    return core.config().thresholdSeconds();
  }

  /**
   * The client this controller owns.
   *
   * @return the client, or null for a detached controller
   */
  public @Nullable TsClient client() {
    return client;
  }

  /**
   * The last control timestamp received on the current connection.
   *
   * @return it, or null if none has arrived since the last (re)connection
   */
  public @Nullable ControlTimestamp latestControlTimestamp() {
    return core.latestControlTimestamp();
  }

  /**
   * Whether the TV last said the timeline is available (on a connection still open). The timeline
   * clock's {@link Clock#isAvailable()} is this and the wall clock's availability.
   *
   * @return whether available
   */
  public boolean isTimelineAvailable() {
    return core.isTimelineAvailable();
  }

  /**
   * What the controller has seen so far.
   *
   * @return a snapshot
   */
  public Counters counters() {
    TsClientCore.Counters c = core.counters();
    return new Counters(
        c.controlTimestamps(), c.timingChanges(), c.ignoredChanges(), deviations.snapshot());
  }

  /**
   * How control timestamps are read (by an owned client's messages; a detached controller is fed
   * what its transport read).
   *
   * @return the mode
   */
  public ReadMode readMode() {
    return core.config().readMode();
  }

  /**
   * How much the timeline's position moved when changes were applied while it was available (see
   * {@link Jumps}).
   *
   * @return the jumps so far
   */
  public Jumps jumps() {
    return jumps;
  }

  @Override
  public void connected() {
    synchronized (lock) {
      core.onConnected();
    }
    tell(Listener::connected);
  }

  /**
   * Applies a control timestamp to the timeline clock (see the class comment) and tells the
   * listeners.
   *
   * @param ct the control timestamp: content time in timeline ticks, wall clock time in nanoseconds
   */
  @Override
  public void controlTimestamp(ControlTimestamp ct) {
    synchronized (lock) {
      apply(() -> core.onControlTimestamp(ct));
    }
  }

  /**
   * Counts the deviations a detached controller's transport accepted and tells the listeners.
   *
   * @param kinds the kinds of deviation accepted in the message
   * @param text the message
   */
  @Override
  public void deviations(Set<Deviation> kinds, String text) {
    synchronized (lock) {
      tellDeviations(kinds);
    }
  }

  /**
   * Reads a message of the owned client with the core and applies it (the client's {@link
   * TsClient.Reader}); on the client's event loop.
   *
   * @throws ProtocolException if it is not a control timestamp in the core's mode (the client
   *     reports it)
   */
  private Decoded<ControlTimestamp> read(String text) {
    synchronized (lock) {
      Set<Deviation> kinds = Set.of();
      List<TsClientCore.Event> events = apply(() -> core.onText(text));
      for (TsClientCore.Event e : events) {
        if (e instanceof TsClientCore.InvalidMessage invalid) {
          throw invalid.error();
        }
        if (e instanceof TsClientCore.DeviationsAccepted d) {
          kinds = d.deviations();
        }
      }
      ControlTimestamp ct = Objects.requireNonNull(core.latestControlTimestamp());
      return new Decoded<>(ct, kinds);
    }
  }

  /**
   * Gives one control timestamp to the core, tells the listeners what it caused, and measures the
   * jump it made. Under the lock.
   */
  private List<TsClientCore.Event> apply(Supplier<List<TsClientCore.Event>> input) {
    CorrelatedClock timeline = core.timeline();
    boolean wasAvailable = core.isTimelineAvailable();
    double wallNow = timeline.parent().ticks();
    double before = timeline.fromParentTicks(wallNow);
    List<TsClientCore.Event> events = input.get();
    double jump = Double.NaN;
    if (wasAvailable && events.stream().anyMatch(e -> e instanceof TsClientCore.TimingChanged)) {
      jump = Math.abs(timeline.fromParentTicks(wallNow) - before) / timeline.tickRate();
      if (Double.isFinite(jump)) {
        jumps = jumps.plus(jump);
      }
    }
    tell(events, jump);
    return events;
  }

  @Override
  public void disconnected(int code, String reason, boolean willReconnect) {
    synchronized (lock) {
      tell(core.onDisconnected(), Double.NaN);
    }
    tell(l -> l.disconnected(code, reason, willReconnect));
  }

  /**
   * The companion's presentation timing now, for sending to the TV: see {@link
   * TsClientCore#timingReport}.
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
   * the protocol ignores.
   *
   * @param includeActual whether to include the actual presentation timestamp
   * @return the timestamps: content times in timeline ticks, wall clock times in nanoseconds
   */
  public AptEptLpt timingReport(boolean includeActual) {
    return core.timingReport(includeActual);
  }

  /**
   * Sends {@link #timingReport timingReport(true)} on the owned client.
   *
   * @return true if queued on an open connection; false if not connected or detached
   */
  public boolean sendTimingReport() {
    return sendTimingReport(true);
  }

  /**
   * Sends {@link #timingReport timingReport(includeActual)} on the owned client.
   *
   * @param includeActual whether to include the actual presentation timestamp
   * @return true if queued on an open connection; false if not connected or detached
   */
  public boolean sendTimingReport(boolean includeActual) {
    TsClient c = client;
    return c != null && c.send(timingReport(includeActual));
  }

  /** Closes the owned client, if any (the timeline becomes unavailable). Idempotent. */
  @Override
  public void close() {
    TsClient c = client;
    if (c != null) {
      c.close();
    }
  }

  /**
   * Tells the listeners of the core's events, in order, with the jump a timing change made (NaN if
   * none was measured).
   */
  private void tell(List<TsClientCore.Event> events, double jump) {
    for (TsClientCore.Event e : events) {
      if (e instanceof TsClientCore.DeviationsAccepted d) {
        tellDeviations(d.deviations());
      } else if (e instanceof TsClientCore.TimingChanged t) {
        boolean s = t.speedChanged();
        tell(l -> l.timingChanged(s));
        if (Double.isFinite(jump)) {
          tell(l -> l.timelineJumped(jump));
        }
      } else if (e instanceof TsClientCore.TimelineAvailable) {
        tell(Listener::timelineAvailable);
      } else if (e instanceof TsClientCore.TimelineUnavailable) {
        tell(Listener::timelineUnavailable);
      }
      // InvalidMessage: handed back to the owned client, which reports it
    }
  }

  private void tellDeviations(Set<Deviation> kinds) {
    deviations.add(kinds);
    tell(l -> l.deviations(kinds));
  }

  private void tell(Consumer<Listener> call) {
    Listeners.tell(listeners, call, log, "TS clock controller listener");
  }

  /**
   * Hears an owned client's connections; its messages come through {@link #read}, so the client's
   * other listeners hear each after the core has applied it.
   */
  private final class Connections implements TsClient.Listener {
    @Override
    public void connected() {
      TsClockController.this.connected();
    }

    @Override
    public void disconnected(int code, String reason, boolean willReconnect) {
      TsClockController.this.disconnected(code, reason, willReconnect);
    }
  }

  /** Configuration of a {@link TsClockController}. Not thread safe. */
  public static final class Builder {
    private final CorrelatedClock timeline;
    private TsClientConfig.Builder config = TsClientConfig.builder();
    private final List<Listener> listeners = new ArrayList<>();

    private Builder(CorrelatedClock timeline) {
      this.timeline = Objects.requireNonNull(timeline, "timeline");
    }

    /**
     * Takes every setting of the core from a value: the thresholds and the TV's declared terms of
     * the bound ({@link TsClientConfig#timestampErrorSeconds}), the earliest and latest clocks and
     * the read mode, replacing what was set before; the setup data is given to {@code start}.
     *
     * @param value the settings
     * @return this builder
     */
    public Builder config(TsClientConfig value) {
      this.config = value.toBuilder();
      return this;
    }

    /**
     * Sets the threshold: a control timestamp that would move the timeline clock by this much or
     * less (at the same speed) is not applied.
     *
     * @param seconds the threshold, seconds, 0 or more (0 applies every change)
     * @return this builder
     */
    public Builder threshold(double seconds) {
      config.thresholdSeconds(seconds);
      return this;
    }

    /**
     * Sets the clock whose current position is reported as the earliest presentation timestamp,
     * e.g. an {@link org.dvbcss.clock.OffsetClock} of the timeline ahead of it by how early the
     * companion can present. It ticks in timeline ticks and shares the wall clock's root.
     *
     * @param clock the clock, or null for minus infinity
     * @return this builder
     */
    public Builder earliest(@Nullable Clock clock) {
      config.earliest(clock);
      return this;
    }

    /**
     * Sets the clock whose current position is reported as the latest presentation timestamp, e.g.
     * an {@link org.dvbcss.clock.OffsetClock} of the timeline behind it by how late the companion
     * can present. It ticks in timeline ticks and shares the wall clock's root.
     *
     * @param clock the clock, or null for plus infinity
     * @return this builder
     */
    public Builder latest(@Nullable Clock clock) {
      config.latest(clock);
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener hears timing and availability changes
     * @return this builder
     */
    public Builder listener(Listener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Sets how an owned client's control timestamps are read: {@link ReadMode#TOLERANT} (the
     * default) accepts each documented {@link Deviation} with one sensible reading and reports it
     * to {@link Listener#deviations}; {@link ReadMode#STRICT} accepts the spec only, anything else
     * being a protocol error for the client's listeners. (Passed to the core in its {@link
     * TsClientConfig}.)
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder readMode(ReadMode mode) {
      config.readMode(mode);
      return this;
    }

    /**
     * Builds a detached controller (no connection) and makes the timeline clock unavailable. Feed
     * it through its {@link TsClient.Listener} methods.
     *
     * @return the controller
     * @throws org.dvbcss.clock.NoCommonClockException if the earliest or latest clock is not in the
     *     wall clock's tree
     */
    public TsClockController build() {
      return build(config.build());
    }

    private TsClockController build(TsClientConfig c) {
      return new TsClockController(new TsClientCore(timeline, c), listeners);
    }

    /**
     * Builds a controller and connects it to a TV with a client it owns.
     *
     * @param tsUrl the TV's CSS-TS URL, {@code ws://} or {@code wss://}
     * @param setupData what to ask for
     * @return the controller; {@link TsClockController#close()} closes the connection
     * @throws SSLException if the TLS configuration for a {@code wss://} URI is unusable
     */
    public TsClockController start(URI tsUrl, SetupData setupData) throws SSLException {
      return start(tsUrl, setupData, WebSocketClientConfig.defaults(), List.of());
    }

    /**
     * Builds a controller and connects it to a TV with a client it owns, with these WebSocket
     * settings (reconnection, TLS trust, timeouts) and more listeners on the client (the read mode
     * is the controller's, {@link #readMode}).
     *
     * @param tsUrl the TV's CSS-TS URL, {@code ws://} or {@code wss://}
     * @param setupData what to ask for
     * @param webSocket the client's WebSocket settings, for example {@code
     *     WebSocketClientConfig.builder().reconnect(backoff).build()}
     * @param clientListeners more listeners on the client (for its errors, say), after the
     *     controller's own
     * @return the controller; {@link TsClockController#close()} closes the connection
     * @throws SSLException if the TLS configuration for a {@code wss://} URI is unusable
     */
    public TsClockController start(
        URI tsUrl,
        SetupData setupData,
        WebSocketClientConfig webSocket,
        List<TsClient.Listener> clientListeners)
        throws SSLException {
      TsClientConfig c = config.build().toBuilder().setupData(setupData).build();
      TsClockController controller = build(c);
      TsClient.Builder b =
          TsClient.builder(tsUrl, setupData)
              .listener(controller.new Connections())
              .webSocket(webSocket);
      clientListeners.forEach(b::listener);
      // the core reads, in the controller's mode
      b.readMode(c.readMode()).reader(controller::read);
      controller.client = b.start();
      return controller;
    }
  }
}
