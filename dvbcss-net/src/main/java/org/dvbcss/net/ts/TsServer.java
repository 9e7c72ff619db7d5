package org.dvbcss.net.ts;

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
import org.dvbcss.clock.Clock;
import org.dvbcss.net.internal.Listeners;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketSession;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.protocol.ts.TimelineSource;
import org.dvbcss.protocol.ts.Timestamp;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TV's CSS-TS endpoint: sends each companion the control timestamps of the timeline it asked
 * for, and collects the presentation timestamps companions report. Mount it on a {@link
 * org.dvbcss.net.ws.WebSocketServer} at {@link #PATH}.
 *
 * <p><b>Setup.</b> A companion's first valid message must be setup data ({@link SetupData}). Any
 * message that is not valid setup data before that is counted ({@link Counters#invalidSetups()})
 * and ignored; the connection stays open, still awaiting setup. Once set up, the companion is sent
 * the current control timestamp at once, unless the source is not ready (it answers null): then it
 * is sent as soon as the source becomes ready, without the companion asking again.
 *
 * <p><b>Which control timestamp.</b> If the content id is not null and starts with the companion's
 * content id stem (the empty stem matches any non-null content id; a null content id matches
 * nothing), the first attached {@link TimelineSource} (in attach order) that {@linkplain
 * TimelineSource#recognises recognises} the selector supplies it. Otherwise (no match, or no source
 * recognises the selector) the companion is told the timeline is unavailable, once.
 *
 * <p><b>When it sends.</b> Whenever a source says its control timestamp may have changed, the
 * content id changes, or a source is attached or detached, each companion is sent its control
 * timestamp if it differs from the last one it was sent by {@link ControlTimestamp#isChanged} (so
 * no duplicates, and "unavailable" is not repeated while it stays unavailable). A companion whose
 * connection is not writable is sent nothing until it drains; then it gets only the latest control
 * timestamp. Nothing is ever queued per change.
 *
 * <p><b>Selectors in use.</b> The server counts set-up companions per selector. When a selector
 * goes from 0 to 1 companions every attached source hears {@link TimelineSource#selectorNeeded};
 * from 1 to 0, {@link TimelineSource#selectorNotNeeded}. A source attached while selectors are in
 * use hears {@code selectorNeeded} for each of them, and one detached hears {@code
 * selectorNotNeeded} for each, so its calls always pair up.
 *
 * <p><b>Presentation timestamps.</b> Later messages must be {@link AptEptLpt}; the latest from each
 * companion is kept ({@link #timingReports()}) and can be combined per selector ({@link
 * #presentationWindow}). Invalid ones are counted ({@link Counters#invalidMessages()}) and ignored.
 *
 * <p>Threading: thread safe. {@link #setContentId}, {@link #attach} and {@link #detach} may be
 * called from any thread and send on it; sources push on the thread that noticed the change.
 * Endpoint callbacks arrive on the server's event loops. {@link Listener} methods about one
 * companion are called on its event loop; selector needed/not needed (on listeners and sources) are
 * called under the server's selector lock, on the thread that caused them, and must not block.
 */
public final class TsServer implements WebSocketEndpoint {
  private static final Logger log = LoggerFactory.getLogger(TsServer.class);

  /** The conventional path of the TS endpoint. */
  public static final String PATH = "/ts";

  /** Hears companions and selectors come and go. Every method defaults to nothing. */
  public interface Listener {
    /**
     * A companion sent valid setup data (before it is sent its first control timestamp).
     *
     * @param session its connection
     * @param setup what it asked for
     */
    default void clientSetUp(WebSocketSession session, SetupData setup) {}

    /**
     * A set-up companion sent presentation timestamps.
     *
     * @param session its connection
     * @param timestamps what it sent (wall clock times in wall clock ticks, content times in
     *     timeline ticks)
     */
    default void timingReport(WebSocketSession session, AptEptLpt timestamps) {}

    /**
     * A companion's connection ended.
     *
     * @param session its connection
     * @param code the WebSocket close code
     * @param reason the close reason
     */
    default void disconnected(WebSocketSession session, int code, String reason) {}

    /**
     * The first companion asked for a selector.
     *
     * @param timelineSelector the selector
     */
    default void selectorNeeded(String timelineSelector) {}

    /**
     * The last companion asking for a selector left.
     *
     * @param timelineSelector the selector
     */
    default void selectorNotNeeded(String timelineSelector) {}
  }

  /**
   * The latest presentation timestamps of one companion.
   *
   * @param sessionId the companion's session id
   * @param setup what it asked for
   * @param timestamps what it sent last
   * @param receivedAt the wall clock ticks when it arrived (rounded)
   */
  public record TimingReport(
      String sessionId, SetupData setup, AptEptLpt timestamps, long receivedAt) {}

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
   * Counts since the server was made.
   *
   * @param setups valid setup messages
   * @param invalidSetups messages before a valid setup that were not valid setup data (ignored)
   * @param timingReports valid presentation timestamp messages
   * @param invalidMessages messages after setup that were not valid presentation timestamps
   *     (ignored)
   * @param messagesSent control timestamps sent
   */
  public record Counters(
      long setups,
      long invalidSetups,
      long timingReports,
      long invalidMessages,
      long messagesSent) {}

  /** One companion's state. Guarded by itself. */
  private static final class Companion {
    private final String id;
    private @Nullable SetupData setup;
    private @Nullable ControlTimestamp lastSent;
    private @Nullable TimingReport report;

    Companion(String id) {
      this.id = id;
    }
  }

  private final Clock wallClock;
  private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();
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
  private volatile @Nullable String contentId;

  /**
   * A TS endpoint with no sources.
   *
   * @param wallClock the wall clock: its ticks are the wall clock times of "unavailable" control
   *     timestamps and of received reports (nanoseconds for DVB-CSS)
   * @param contentId the content id companions' stems are matched against, or null for none
   */
  public TsServer(Clock wallClock, @Nullable String contentId) {
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    this.contentId = contentId;
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
   * Changes the content id (keep it in step with the CII server's) and sends every companion what
   * changed for it.
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
   * companions are sent what changed for them. Attaching a source twice does nothing.
   *
   * @param source the source
   */
  public void attach(TimelineSource source) {
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
   * companions are sent what changed for them (another source's timestamp, or "unavailable").
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
   * How many set-up companions use each selector.
   *
   * @return a sorted copy; selectors with no companions are absent
   */
  public Map<String, Integer> selectorsInUse() {
    synchronized (selectorLock) {
      return new TreeMap<>(selectorCounts);
    }
  }

  /**
   * How many companions are connected (set up or not).
   *
   * @return a count
   */
  public int connectionCount() {
    return sessions.size();
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
   * The latest presentation timestamps of every connected companion that has sent some.
   *
   * @return a snapshot, one per companion, in no particular order
   */
  public List<TimingReport> timingReports() {
    List<TimingReport> reports = new ArrayList<>();
    for (WebSocketSession session : sessions) {
      if (session.attachment() instanceof Companion c) {
        synchronized (c) {
          if (c.report != null) {
            reports.add(c.report);
          }
        }
      }
    }
    return reports;
  }

  /**
   * Combines the latest reports of the companions set up for one selector into the window of wall
   * clock times in which the TV may present {@code contentTime}.
   *
   * <p>Each report's earliest timestamp {@code (ce, we)} is moved to {@code contentTime} along
   * normal play: {@code we + (contentTime - ce) / timelineTicksPerSecond * wallClockTickRate}
   * (minus infinity stays minus infinity); the same for its latest timestamp. The window runs from
   * the largest of the moved earliest times to the smallest of the moved latest times. It is empty
   * ({@link PresentationWindow#isSatisfiable()} false) when the companions cannot all be satisfied.
   * Actual timestamps are not used.
   *
   * @param timelineSelector the selector the companions set up
   * @param contentTime the content time, timeline ticks
   * @param timelineTicksPerSecond the timeline's tick rate at normal speed
   * @return the window, or null if no such companion has reported
   */
  public @Nullable PresentationWindow presentationWindow(
      String timelineSelector, long contentTime, double timelineTicksPerSecond) {
    double earliest = Double.NEGATIVE_INFINITY;
    double latest = Double.POSITIVE_INFINITY;
    int n = 0;
    double wallRate = wallClock.tickRate();
    for (TimingReport r : timingReports()) {
      if (!r.setup().timelineSelector().equals(timelineSelector)) {
        continue;
      }
      n++;
      Timestamp e = r.timestamps().earliest();
      if (e.isFinite()) {
        earliest =
            Math.max(
                earliest,
                e.wallClockTime()
                    + (double) (contentTime - e.contentTime()) / timelineTicksPerSecond * wallRate);
      }
      Timestamp l = r.timestamps().latest();
      if (l.isFinite()) {
        latest =
            Math.min(
                latest,
                l.wallClockTime()
                    + (double) (contentTime - l.contentTime()) / timelineTicksPerSecond * wallRate);
      }
    }
    return n == 0
        ? null
        : new PresentationWindow(timelineSelector, contentTime, earliest, latest, n);
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   */
  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  @Override
  public void onOpen(WebSocketSession session) {
    session.attach(new Companion(session.id()));
    sessions.add(session);
  }

  @Override
  public void onText(WebSocketSession session, String text) {
    if (!(session.attachment() instanceof Companion c)) {
      return;
    }
    SetupData setup;
    synchronized (c) {
      setup = c.setup;
    }
    if (setup == null) {
      onSetup(session, c, text);
    } else {
      onTimestamps(session, c, setup, text);
    }
  }

  private void onSetup(WebSocketSession session, Companion c, String text) {
    SetupData setup;
    try {
      setup = SetupData.decode(text);
    } catch (ProtocolException e) {
      invalidSetups.increment();
      log.debug("TS companion {}: expected setup data, ignored: {}", session.id(), e.getMessage());
      return;
    }
    synchronized (c) {
      c.setup = setup;
    }
    setups.increment();
    String selector = setup.timelineSelector();
    synchronized (selectorLock) {
      int count = selectorCounts.merge(selector, 1, Integer::sum);
      if (count == 1) {
        for (TimelineSource source : sources) {
          callNeeded(source, selector, true);
        }
        Listeners.tell(listeners, l -> l.selectorNeeded(selector), log, "TS listener");
      }
    }
    Listeners.tell(listeners, l -> l.clientSetUp(session, setup), log, "TS listener");
    push(session);
  }

  private void onTimestamps(WebSocketSession session, Companion c, SetupData setup, String text) {
    AptEptLpt timestamps;
    try {
      timestamps = AptEptLpt.decode(text);
    } catch (ProtocolException e) {
      invalidMessages.increment();
      log.debug("TS companion {}: invalid timestamps, ignored: {}", session.id(), e.getMessage());
      return;
    }
    TimingReport report = new TimingReport(c.id, setup, timestamps, Math.round(wallClock.ticks()));
    synchronized (c) {
      c.report = report;
    }
    timingReports.increment();
    Listeners.tell(listeners, l -> l.timingReport(session, timestamps), log, "TS listener");
  }

  @Override
  public void onWritable(WebSocketSession session) {
    push(session);
  }

  @Override
  public void onClose(WebSocketSession session, int code, String reason) {
    if (!sessions.remove(session)) {
      return;
    }
    if (session.attachment() instanceof Companion c) {
      SetupData setup;
      synchronized (c) {
        setup = c.setup;
        c.setup = null; // no more sends
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
            Listeners.tell(listeners, l -> l.selectorNotNeeded(selector), log, "TS listener");
          }
        }
      }
    }
    Listeners.tell(listeners, l -> l.disconnected(session, code, reason), log, "TS listener");
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

  /** Sends every companion what changed for it. */
  private void pushAll() {
    for (WebSocketSession session : sessions) {
      push(session);
    }
  }

  /** Sends one companion its current control timestamp if it changed and it can take it. */
  private void push(WebSocketSession session) {
    if (!(session.attachment() instanceof Companion c)) {
      return;
    }
    synchronized (c) {
      SetupData setup = c.setup;
      if (setup == null) {
        return;
      }
      ControlTimestamp target = targetFor(setup);
      if (target == null || !ControlTimestamp.isChanged(c.lastSent, target)) {
        return;
      }
      if (!session.isWritable()) {
        return; // a slow reader: onWritable sends it the latest later
      }
      if (session.send(textOf(target))) {
        c.lastSent = target;
        messagesSent.increment();
      }
    }
  }

  /** The control timestamp a companion with this setup should have, or null if not ready. */
  private @Nullable ControlTimestamp targetFor(SetupData setup) {
    String ci = contentId;
    if (ci != null && ci.startsWith(setup.contentIdStem())) {
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

  /** The encoded text of a control timestamp, computed once for a fan-out to many companions. */
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
