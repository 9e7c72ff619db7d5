package org.dvbcss.protocol.ts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.dvbcss.clock.Clock;
import org.dvbcss.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol logic of a CSS-TS server (the TV's end), with no socket and no thread of its own:
 * the per-session setup state machine, content id stem and timeline selector matching, the attached
 * {@link TimelineSource}s, "selector needed / not needed", the control timestamp change rule,
 * coalescing for a session that cannot take a send, and the companions' timing reports.
 *
 * <p><b>Driving it.</b> A transport (a WebSocket server, an app's own WebSocket stack, or a test)
 * makes these calls for each connection:
 *
 * <pre>{@code
 * Session s = core.open(connectionId, sender); // when it opens; sender puts text on it
 * core.receive(s, text);                       // for each text message
 * core.writable(s);                            // when it can take sends again
 * core.close(s);                               // once, when it ends
 * }</pre>
 *
 * <p>The core sends by calling the session's {@link Sender}: it asks {@link Sender#isWritable()}
 * and, if so, hands {@link Sender#send(String)} the text of a control timestamp; {@code send}
 * answers whether it took it. What counts as "sent" for the change rule is only what was taken.
 *
 * <p><b>Setup.</b> A session's first valid message must be setup data ({@link SetupData}). Any
 * message that is not valid setup data before that is counted ({@link Counters#invalidSetups()})
 * and ignored; the session stays {@link State#AWAITING_SETUP}. Once set up, it is sent the current
 * control timestamp at once, unless the source is not ready (it answers null): then it is sent as
 * soon as the source becomes ready, without the companion asking again.
 *
 * <p><b>Which control timestamp.</b> If the content id is not null and starts with the session's
 * content id stem (the empty stem matches any non-null content id; a null content id matches
 * nothing), the first attached {@link TimelineSource} (in attach order) that {@linkplain
 * TimelineSource#recognises recognises} the selector supplies it. Otherwise (no match, or no source
 * recognises the selector) the session is told the timeline is unavailable, once; the wall clock
 * time of that "unavailable" is the wall clock's ticks when it was decided, rounded. A core made
 * with {@code matchStems} false (see {@link #TsServerCore(Clock, String, boolean)}) skips the stem
 * test: every session is served its selector's timeline while the content id is not null, whatever
 * stem it sent, as some TVs do. That is not what the specification asks; it exists so that a TV
 * simulator can behave like those TVs.
 *
 * <p><b>When it sends.</b> Whenever a source says its control timestamp may have changed, the
 * content id is set, a source is attached or detached, or a session is reported writable, each
 * set-up session is sent its control timestamp if it differs from the last one that session took,
 * by {@link ControlTimestamp#isChanged} (so no duplicates, and "unavailable" is not repeated while
 * it stays unavailable). A session whose sender is not writable, or does not take the send, is sent
 * nothing until {@link #writable} (or the next change); then it gets only the latest control
 * timestamp. Nothing is ever queued per change. Each control timestamp is encoded once and the same
 * {@code String} is handed to every session it goes to, so a fan-out to many companions costs one
 * encode.
 *
 * <p><b>Selectors in use.</b> The core counts set-up sessions per selector. When a selector goes
 * from 0 to 1 sessions every attached source and every listener hears {@code selectorNeeded}; from
 * 1 to 0, {@code selectorNotNeeded}. A source attached while selectors are in use hears {@link
 * TimelineSource#selectorNeeded} for each of them, and one detached hears {@link
 * TimelineSource#selectorNotNeeded} for each, so a source's calls always pair up. A listener hears
 * the changes that happen while it is added (added before the first session, its calls pair up).
 *
 * <p><b>Presentation timestamps.</b> Later messages must be {@link AptEptLpt}; the latest from each
 * open session is kept ({@link #timingReports()}) and can be combined per selector ({@link
 * #presentationWindow}). Invalid ones are counted ({@link Counters#invalidMessages()}) and ignored.
 *
 * <p><b>Units.</b> Wall clock times are ticks of the wall clock given to the constructor
 * (nanoseconds for DVB-CSS); content times are ticks of the timeline named by the selector.
 *
 * <p><b>Threading.</b> Thread safe, with one rule for callers: the calls about one session ({@link
 * #open}, then {@link #receive} and {@link #writable}, then {@link #close}) are made one at a time
 * and in that order, as a WebSocket stack's per-connection callbacks are; calls about different
 * sessions may run at the same time on different threads. {@link #setContentId}, {@link #attach},
 * {@link #detach}, {@link #addListener}, {@link #removeListener} and every query may be called from
 * any thread at any time, and sources may notify from any thread.
 *
 * <ul>
 *   <li>A send to a session happens on the thread whose call or source notification caused it
 *       ({@link #receive}, {@link #writable}, {@link #setContentId}, {@link #attach}, {@link
 *       #detach}, {@link TimelineSource#notifyChanged()}), under that session's lock: so one at a
 *       time per session, and in the order the control timestamps were chosen. A {@link Sender}
 *       must not block.
 *   <li>{@link Listener#clientSetUp} and {@link Listener#timingReport} are called on the thread
 *       that called {@link #receive}; {@link Listener#sessionClosed} on the thread that called
 *       {@link #close}.
 *   <li>{@code selectorNeeded} and {@code selectorNotNeeded} (on sources and on listeners) are
 *       called under the core's selector lock, on the thread that caused them ({@link #receive},
 *       {@link #close}, {@link #attach}, {@link #detach}), so they never overlap; they must not
 *       block.
 * </ul>
 *
 * <p>A source, listener or sender that throws is logged at warn and never stops the core or the
 * calls to the others. Never throws because of a message's content.
 */
public final class TsServerCore {
  private static final Logger log = LoggerFactory.getLogger(TsServerCore.class);

  /** Where a session is in its life. */
  public enum State {
    /** Opened; no valid setup data yet. Nothing is sent. */
    AWAITING_SETUP,
    /** Valid setup data received; control timestamps are sent, timing reports expected. */
    SET_UP,
    /** {@link TsServerCore#close} was called. Nothing more is sent or received. */
    CLOSED
  }

  /** What {@link TsServerCore#receive} made of a message. */
  public enum Received {
    /** Valid setup data: the session is now set up. */
    SETUP,
    /** Not valid setup data while awaiting setup: counted and ignored. */
    INVALID_SETUP,
    /** Valid presentation timestamps from a set-up session: kept as its latest report. */
    TIMING_REPORT,
    /** Not valid presentation timestamps from a set-up session: counted and ignored. */
    INVALID_MESSAGE,
    /** The session is closed: not looked at, not counted. */
    IGNORED
  }

  /**
   * How the core puts text on one session's connection. Given to {@link TsServerCore#open}.
   *
   * <p>Threading: called from any thread that drives the core (see the class comment), one call at
   * a time per session, under the session's lock; must not block.
   */
  @FunctionalInterface
  public interface Sender {
    /**
     * Sends a text message (the JSON of a control timestamp) on the connection.
     *
     * @param text the message; the same instance goes to every session sent that control timestamp
     * @return true if the message was taken (it will go out); false if not (for example the
     *     connection closed): the core then does not count it as sent to this session
     */
    boolean send(String text);

    /**
     * Whether the connection can take a send now without queueing past its limit. While false the
     * core sends nothing to this session; call {@link TsServerCore#writable} when it becomes true.
     * Default: always true.
     *
     * @return true if a send now is welcome
     */
    default boolean isWritable() {
      return true;
    }
  }

  /**
   * Hears sessions set up, report and close, and selectors come and go. Every method defaults to
   * nothing. See the class comment for the threads they are called on.
   */
  public interface Listener {
    /**
     * A session sent valid setup data (before it is sent its first control timestamp).
     *
     * @param session the session
     * @param setup what it asked for
     */
    default void clientSetUp(Session session, SetupData setup) {}

    /**
     * A set-up session sent presentation timestamps.
     *
     * @param session the session
     * @param timestamps what it sent (wall clock times in wall clock ticks, content times in
     *     timeline ticks)
     */
    default void timingReport(Session session, AptEptLpt timestamps) {}

    /**
     * A session was closed (after any {@code selectorNotNeeded} it caused).
     *
     * @param session the session
     */
    default void sessionClosed(Session session) {}

    /**
     * The first session asked for a selector.
     *
     * @param timelineSelector the selector
     */
    default void selectorNeeded(String timelineSelector) {}

    /**
     * The last session asking for a selector closed.
     *
     * @param timelineSelector the selector
     */
    default void selectorNotNeeded(String timelineSelector) {}
  }

  /**
   * The latest presentation timestamps of one session.
   *
   * @param sessionId the session's id
   * @param setup what it asked for
   * @param timestamps what it sent last
   * @param receivedAt the wall clock ticks when it was received, rounded
   */
  public record TimingReport(
      String sessionId, SetupData setup, AptEptLpt timestamps, long receivedAt) {
    /**
     * Checks for nulls.
     *
     * @throws NullPointerException if an argument is null
     */
    public TimingReport {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(setup, "setup");
      Objects.requireNonNull(timestamps, "timestamps");
    }
  }

  /**
   * The window of wall clock times in which the TV can present one content time of a timeline so
   * that every companion reporting on it can keep up: the latest of their earliest times and the
   * earliest of their latest times.
   *
   * @param timelineSelector the selector
   * @param contentTime the content time, timeline ticks
   * @param earliest the earliest wall clock time, wall clock ticks; negative infinity if no
   *     companion bounds it
   * @param latest the latest wall clock time, wall clock ticks; positive infinity if no companion
   *     bounds it
   * @param reports how many companions' reports were combined
   */
  public record PresentationWindow(
      String timelineSelector, long contentTime, double earliest, double latest, int reports) {
    /**
     * Whether some wall clock time satisfies every companion.
     *
     * @return true if {@code earliest <= latest}
     */
    public boolean isSatisfiable() {
      return earliest <= latest;
    }
  }

  /**
   * Counts since the core was made.
   *
   * @param setups valid setup messages
   * @param invalidSetups messages before a valid setup that were not valid setup data (ignored)
   * @param timingReports valid presentation timestamp messages
   * @param invalidMessages messages after setup that were not valid presentation timestamps
   *     (ignored)
   * @param messagesSent control timestamps sent (taken by a session's sender)
   */
  public record Counters(
      long setups,
      long invalidSetups,
      long timingReports,
      long invalidMessages,
      long messagesSent) {}

  /**
   * One connection, as the core sees it: an opaque handle made by {@link TsServerCore#open}, which
   * the transport passes back on every call about that connection.
   *
   * <p>Threading: its getters may be called from any thread. A transport may {@linkplain #attach
   * attach} its own connection object to find it again from a {@link Listener} call.
   */
  public static final class Session {
    private final TsServerCore core;
    private final String id;
    private final Sender sender;
    private volatile @Nullable Object attachment;
    // Guarded by this:
    private State state = State.AWAITING_SETUP;
    private @Nullable SetupData setup;
    private @Nullable ControlTimestamp lastSent;
    private @Nullable TimingReport report;

    private Session(TsServerCore core, String id, Sender sender) {
      this.core = core;
      this.id = id;
      this.sender = sender;
    }

    /**
     * The id given to {@link TsServerCore#open}.
     *
     * @return the id
     */
    public String id() {
      return id;
    }

    /**
     * Where the session is in its life.
     *
     * @return the state
     */
    public synchronized State state() {
      return state;
    }

    /**
     * What the session asked for.
     *
     * @return its setup data, or null before a valid setup
     */
    public synchronized @Nullable SetupData setup() {
      return setup;
    }

    /**
     * The control timestamp this session last took.
     *
     * @return it, or null if none yet
     */
    public synchronized @Nullable ControlTimestamp lastSent() {
      return lastSent;
    }

    /**
     * The latest presentation timestamps this session sent.
     *
     * @return the report, or null if none yet
     */
    public synchronized @Nullable TimingReport timingReport() {
      return report;
    }

    /**
     * Stores the transport's own state with this session, replacing any earlier attachment.
     *
     * @param attachment the state, or null to clear
     */
    public void attach(@Nullable Object attachment) {
      this.attachment = attachment;
    }

    /**
     * The state stored with {@link #attach}.
     *
     * @return the attachment, or null if none
     */
    public @Nullable Object attachment() {
      return attachment;
    }

    @Override
    public String toString() {
      return "TsServerCore.Session[" + id + "]";
    }
  }

  private final Clock wallClock;
  private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
  private final CopyOnWriteArrayList<TimelineSource> sources = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Object selectorLock = new Object();
  private final Map<String, Integer> selectorCounts = new HashMap<>(); // guarded by selectorLock
  private final TimelineSource.Sink sink = source -> pushAll();
  private final ConcurrentHashMap<ControlTimestamp, String> encoded = new ConcurrentHashMap<>();
  private final LongAdder setups = new LongAdder();
  private final LongAdder invalidSetups = new LongAdder();
  private final LongAdder timingReports = new LongAdder();
  private final LongAdder invalidMessages = new LongAdder();
  private final LongAdder messagesSent = new LongAdder();
  private final boolean matchStems;
  private volatile @Nullable String contentId;

  /**
   * A core with no sources and no sessions, which matches sessions' content id stems.
   *
   * @param wallClock the wall clock: its ticks are the wall clock times of "unavailable" control
   *     timestamps and of received reports (nanoseconds for DVB-CSS), and its tick rate converts
   *     seconds in {@link #presentationWindow}
   * @param contentId the content id sessions' stems are matched against, or null for none
   */
  public TsServerCore(Clock wallClock, @Nullable String contentId) {
    this(wallClock, contentId, true);
  }

  /**
   * A core with no sources and no sessions, matching stems or not.
   *
   * @param wallClock the wall clock, as for {@link #TsServerCore(Clock, String)}
   * @param contentId the content id, or null for none (every timeline then unavailable)
   * @param matchStems true (the specification's behaviour) to serve a session only while the
   *     content id starts with its stem; false to ignore stems and serve every session while the
   *     content id is not null
   */
  public TsServerCore(Clock wallClock, @Nullable String contentId, boolean matchStems) {
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    this.contentId = contentId;
    this.matchStems = matchStems;
  }

  /**
   * Whether sessions' content id stems are matched against the content id.
   *
   * @return true unless made with {@code matchStems} false
   */
  public boolean matchesStems() {
    return matchStems;
  }

  /**
   * The wall clock given to the constructor.
   *
   * @return the wall clock
   */
  public Clock wallClock() {
    return wallClock;
  }

  /**
   * The content id.
   *
   * @return the content id, or null
   */
  public @Nullable String contentId() {
    return contentId;
  }

  /**
   * Changes the content id and sends every session what changed for it, on the calling thread.
   *
   * @param contentId the new content id, or null for none (every timeline then unavailable)
   */
  public void setContentId(@Nullable String contentId) {
    this.contentId = contentId;
    pushAll();
  }

  /**
   * Adds a timeline source after those already attached (so it loses to them for a selector they
   * also recognise). It hears {@code selectorNeeded} for every selector already in use, and
   * sessions are sent what changed for them, on the calling thread. Attaching a source twice does
   * nothing.
   *
   * @param source the source
   */
  public void attach(TimelineSource source) {
    Objects.requireNonNull(source, "source");
    synchronized (selectorLock) {
      if (sources.contains(source)) {
        return;
      }
      sources.add(source);
      source.addSink(sink);
      for (String selector : selectorCounts.keySet()) {
        callNeeded(source, selector, true);
      }
    }
    pushAll();
  }

  /**
   * Removes a timeline source. It hears {@code selectorNotNeeded} for every selector in use, and
   * sessions are sent what changed for them (another source's timestamp, or "unavailable"), on the
   * calling thread. Detaching a source not attached does nothing.
   *
   * @param source the source
   */
  public void detach(TimelineSource source) {
    synchronized (selectorLock) {
      if (!sources.remove(source)) {
        return;
      }
      source.removeSink(sink);
      for (String selector : selectorCounts.keySet()) {
        callNeeded(source, selector, false);
      }
    }
    pushAll();
  }

  /**
   * The attached sources, in attach order.
   *
   * @return a copy
   */
  public List<TimelineSource> sources() {
    return List.copyOf(sources);
  }

  /**
   * How many set-up sessions use each selector.
   *
   * @return a sorted copy; selectors with no sessions are absent
   */
  public Map<String, Integer> selectorsInUse() {
    synchronized (selectorLock) {
      return new TreeMap<>(selectorCounts);
    }
  }

  /**
   * How many sessions are open (set up or not).
   *
   * @return a count
   */
  public int sessionCount() {
    return sessions.size();
  }

  /**
   * The open sessions.
   *
   * @return a snapshot, in no particular order
   */
  public List<Session> sessions() {
    return List.copyOf(sessions);
  }

  /**
   * The counters.
   *
   * @return a snapshot
   */
  public Counters counters() {
    return new Counters(
        setups.sum(),
        invalidSetups.sum(),
        timingReports.sum(),
        invalidMessages.sum(),
        messagesSent.sum());
  }

  /**
   * The latest presentation timestamps of every open session that has sent some.
   *
   * @return a snapshot, one per session, in no particular order
   */
  public List<TimingReport> timingReports() {
    List<TimingReport> reports = new ArrayList<>();
    for (Session s : sessions) {
      TimingReport r = s.timingReport();
      if (r != null) {
        reports.add(r);
      }
    }
    return reports;
  }

  /**
   * Combines the latest reports of the open sessions set up for one selector into the window of
   * wall clock times in which the TV may present {@code contentTime}.
   *
   * <p>Each report's earliest timestamp {@code (ce, we)} is moved to {@code contentTime} along
   * normal play: {@code we + (contentTime - ce) / timelineTicksPerSecond * wallClockTickRate}
   * (minus infinity stays minus infinity); the same for its latest timestamp (plus infinity stays
   * plus infinity). The window runs from the largest of the moved earliest times to the smallest of
   * the moved latest times. It is empty ({@link PresentationWindow#isSatisfiable()} false) when the
   * companions cannot all be satisfied. Actual timestamps are not used.
   *
   * @param timelineSelector the selector the sessions set up
   * @param contentTime the content time, timeline ticks
   * @param timelineTicksPerSecond the timeline's tick rate at normal speed
   * @return the window, or null if no such session has reported
   */
  public @Nullable PresentationWindow presentationWindow(
      String timelineSelector, long contentTime, double timelineTicksPerSecond) {
    return window(
        timingReports(),
        timelineSelector,
        contentTime,
        timelineTicksPerSecond,
        wallClock.tickRate());
  }

  /** The presentation window over given reports; null if none is for the selector. */
  private static @Nullable PresentationWindow window(
      Iterable<TimingReport> reports,
      String timelineSelector,
      long contentTime,
      double timelineTicksPerSecond,
      double wallClockTicksPerSecond) {
    double earliest = Double.NEGATIVE_INFINITY;
    double latest = Double.POSITIVE_INFINITY;
    int n = 0;
    for (TimingReport r : reports) {
      if (!r.setup().timelineSelector().equals(timelineSelector)) {
        continue;
      }
      n++;
      Timestamp e = r.timestamps().earliest();
      if (e.isFinite()) {
        earliest =
            Math.max(
                earliest, movedTo(contentTime, e, timelineTicksPerSecond, wallClockTicksPerSecond));
      }
      Timestamp l = r.timestamps().latest();
      if (l.isFinite()) {
        latest =
            Math.min(
                latest, movedTo(contentTime, l, timelineTicksPerSecond, wallClockTicksPerSecond));
      }
    }
    return n == 0
        ? null
        : new PresentationWindow(timelineSelector, contentTime, earliest, latest, n);
  }

  /**
   * The wall clock time, in wall clock ticks, at which a finite timestamp's timeline reaches {@code
   * contentTime} at normal play.
   */
  private static double movedTo(
      long contentTime,
      Timestamp t,
      double timelineTicksPerSecond,
      double wallClockTicksPerSecond) {
    return t.wallClockTime()
        + (double) (contentTime - t.contentTime())
            / timelineTicksPerSecond
            * wallClockTicksPerSecond;
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   */
  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  /**
   * A connection opened. Sends nothing: the session awaits setup.
   *
   * @param id names the session in reports and logs (for example the connection's id)
   * @param sender how to send on the connection
   * @return the session, to pass to every later call about this connection
   */
  public Session open(String id, Sender sender) {
    Session s =
        new Session(
            this, Objects.requireNonNull(id, "id"), Objects.requireNonNull(sender, "sender"));
    sessions.add(s);
    return s;
  }

  /**
   * A text message arrived on a session. Awaiting setup, valid setup data sets the session up
   * ({@code selectorNeeded} if it is the selector's first session, then {@link
   * Listener#clientSetUp}, then the current control timestamp is sent to it). Set up, valid
   * presentation timestamps become its latest report ({@link Listener#timingReport}).
   *
   * @param session a session of this core
   * @param text the message
   * @return what the message was
   * @throws IllegalArgumentException if the session belongs to another core
   */
  public Received receive(Session session, String text) {
    State state;
    SetupData setup;
    synchronized (mine(session)) {
      state = session.state;
      setup = session.setup;
    }
    return switch (state) {
      case CLOSED -> Received.IGNORED;
      case AWAITING_SETUP -> onSetup(session, text);
      case SET_UP -> onTimestamps(session, Objects.requireNonNull(setup), text);
    };
  }

  /**
   * A session's connection can take sends again: sends it its latest control timestamp if that is
   * not the one it last took.
   *
   * @param session a session of this core
   * @throws IllegalArgumentException if the session belongs to another core
   */
  public void writable(Session session) {
    push(mine(session));
  }

  /**
   * A session's connection ended. Nothing more is sent to it; its report is dropped from {@link
   * #timingReports()}; if it was the last one set up for its selector, {@code selectorNotNeeded}
   * follows; then {@link Listener#sessionClosed}. Closing a closed session does nothing.
   *
   * @param session a session of this core
   * @return true if it was open
   * @throws IllegalArgumentException if the session belongs to another core
   */
  public boolean close(Session session) {
    if (!sessions.remove(mine(session))) {
      return false;
    }
    SetupData setup;
    synchronized (session) {
      setup = session.setup;
      session.state = State.CLOSED;
    }
    if (setup != null) {
      String selector = setup.timelineSelector();
      synchronized (selectorLock) {
        Integer left = selectorCounts.merge(selector, -1, Integer::sum);
        if (left != null && left <= 0) {
          selectorCounts.remove(selector);
          for (TimelineSource source : sources) {
            callNeeded(source, selector, false);
          }
          tell(l -> l.selectorNotNeeded(selector));
        }
      }
    }
    tell(l -> l.sessionClosed(session));
    return true;
  }

  private Session mine(Session session) {
    if (session.core != this) {
      throw new IllegalArgumentException(session + " belongs to another TsServerCore");
    }
    return session;
  }

  private Received onSetup(Session session, String text) {
    SetupData setup;
    try {
      setup = SetupData.decode(text);
    } catch (ProtocolException e) {
      invalidSetups.increment();
      log.debug("TS session {}: expected setup data, ignored: {}", session.id, e.getMessage());
      return Received.INVALID_SETUP;
    }
    synchronized (session) {
      session.setup = setup;
    }
    setups.increment();
    String selector = setup.timelineSelector();
    synchronized (selectorLock) {
      int count = selectorCounts.merge(selector, 1, Integer::sum);
      if (count == 1) {
        for (TimelineSource source : sources) {
          callNeeded(source, selector, true);
        }
        tell(l -> l.selectorNeeded(selector));
      }
    }
    tell(l -> l.clientSetUp(session, setup));
    synchronized (session) {
      session.state = State.SET_UP; // from now on pushes reach it
    }
    push(session);
    return Received.SETUP;
  }

  private Received onTimestamps(Session session, SetupData setup, String text) {
    AptEptLpt timestamps;
    try {
      timestamps = AptEptLpt.decode(text);
    } catch (ProtocolException e) {
      invalidMessages.increment();
      log.debug("TS session {}: invalid timestamps, ignored: {}", session.id, e.getMessage());
      return Received.INVALID_MESSAGE;
    }
    TimingReport report =
        new TimingReport(session.id, setup, timestamps, Math.round(wallClock.ticks()));
    synchronized (session) {
      session.report = report;
    }
    timingReports.increment();
    tell(l -> l.timingReport(session, timestamps));
    return Received.TIMING_REPORT;
  }

  private void tell(Consumer<Listener> call) {
    for (Listener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        log.warn("TS listener threw; carrying on", e);
      }
    }
  }

  private static void callNeeded(TimelineSource source, String selector, boolean needed) {
    try {
      if (needed) {
        source.selectorNeeded(selector);
      } else {
        source.selectorNotNeeded(selector);
      }
    } catch (RuntimeException e) {
      log.warn("timeline source {} threw; carrying on", source, e);
    }
  }

  /** Sends every session what changed for it. */
  private void pushAll() {
    for (Session s : sessions) {
      push(s);
    }
  }

  /** Sends one session its current control timestamp if it changed and it can take it. */
  private void push(Session s) {
    synchronized (s) {
      SetupData setup = s.setup;
      if (s.state != State.SET_UP || setup == null) {
        return;
      }
      ControlTimestamp target = targetFor(setup);
      if (target == null || !ControlTimestamp.isChanged(s.lastSent, target)) {
        return;
      }
      boolean taken;
      try {
        if (!s.sender.isWritable()) {
          return; // a slow reader: writable() sends it the latest later
        }
        taken = s.sender.send(textOf(target));
      } catch (RuntimeException e) {
        log.warn("TS sender of session {} threw; not sent", s.id, e);
        return;
      }
      if (taken) {
        s.lastSent = target;
        messagesSent.increment();
      }
    }
  }

  /** The control timestamp a session with this setup should have, or null if not ready. */
  private @Nullable ControlTimestamp targetFor(SetupData setup) {
    String ci = contentId;
    if (ci != null && (!matchStems || ci.startsWith(setup.contentIdStem()))) {
      String selector = setup.timelineSelector();
      for (TimelineSource source : sources) {
        boolean recognised;
        try {
          recognised = source.recognises(selector);
        } catch (RuntimeException e) {
          log.warn("timeline source {} threw; skipping it", source, e);
          continue;
        }
        if (recognised) {
          try {
            return source.controlTimestamp(selector);
          } catch (RuntimeException e) {
            log.warn("timeline source {} threw; nothing sent", source, e);
            return null;
          }
        }
      }
    }
    return ControlTimestamp.unavailable(Math.round(wallClock.ticks()));
  }

  /** The encoded text of a control timestamp, computed once for a fan-out to many sessions. */
  private String textOf(ControlTimestamp ct) {
    String text = encoded.get(ct);
    if (text == null) {
      if (encoded.size() > 64) {
        encoded.clear();
      }
      text = ct.encode();
      encoded.put(ct, text);
    }
    return text;
  }
}
