package org.dvbcss.net.ts;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.dvbcss.clock.Clock;
import org.dvbcss.net.internal.Listeners;
import org.dvbcss.net.internal.OutgoingText;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketSession;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.protocol.ts.TimelineSource;
import org.dvbcss.protocol.ts.TsServerCore;
import org.dvbcss.scheduler.ClockScheduler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TV's CSS-TS endpoint: sends each companion the control timestamps of the timeline it asked
 * for, and collects the presentation timestamps companions report. Mount it on a {@link
 * org.dvbcss.net.ws.WebSocketServer} at {@link #PATH}.
 *
 * <p>The protocol logic is {@link TsServerCore}'s (dvbcss-protocol): this endpoint opens a core
 * session per connection, hands it every text message and writability, closes it with the
 * connection, and sends what the core asks to send when the connection is writable. An app with its
 * own WebSocket stack can drive a {@link TsServerCore} the same way.
 *
 * <p><b>Setup.</b> A companion's first valid message must be setup data ({@link SetupData}). Any
 * message that is not valid setup data before that is counted ({@link
 * TsServerCore.Counters#invalidSetups()}) and ignored; the connection stays open, still awaiting
 * setup. Once set up, the companion is sent the current control timestamp at once, unless the
 * source is not ready (it answers null): then it is sent as soon as the source becomes ready,
 * without the companion asking again.
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
 * #presentationWindow}). Invalid ones are counted ({@link TsServerCore.Counters#invalidMessages()})
 * and ignored.
 *
 * <p><b>Options.</b> By default ({@link Options#DEFAULT}) the endpoint matches stems, sends the
 * core's strict text, sends the first control timestamp at once and keeps presentation timestamps.
 * A TV simulator that must behave like a TV that deviates can turn stem matching off, rewrite what
 * is sent, delay each companion's first control timestamp and close connections that send
 * presentation timestamps ({@link Options}).
 *
 * <p>Threading: thread safe. {@link #setContentId}, {@link #attach} and {@link #detach} may be
 * called from any thread and send on it; sources push on the thread that noticed the change.
 * Endpoint callbacks arrive on the server's event loops. {@link Listener} methods about one
 * companion are called on its event loop; selector needed/not needed (on listeners and sources) are
 * called under the server's selector lock, on the thread that caused them, and must not block. A
 * delayed first control timestamp ({@link Options#firstTimestampDelay()}) is sent on the
 * scheduler's thread.
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
   * How a TS endpoint departs from its defaults, for a TV simulator. Immutable.
   *
   * @param matchStems true (the default, the specification's behaviour) to serve a companion only
   *     while the content id starts with its content id stem; false to serve any stem while there
   *     is a content id, as some TVs do
   * @param outgoingText rewrites every control timestamp's text just before it is sent (default
   *     {@link UnaryOperator#identity()}, which sends the core's strict text). It is given one
   *     message's JSON text and answers the text to send, which need not be valid CSS-TS. Called on
   *     the sending thread, possibly on several at once: it must be thread safe, quick and not
   *     block. One text sent to many companions is rewritten once. If it throws or answers null,
   *     that is logged at warn and the text is sent unchanged.
   * @param firstTimestampDelay how long after a companion's valid setup data its first control
   *     timestamp is sent (default {@link Duration#ZERO}: at once). Until then it is sent nothing;
   *     then the control timestamp current at that moment, and after that every change, as usual.
   *     Measured on the wall clock, which must read {@code scheduler}'s time source.
   * @param scheduler runs the delayed first control timestamps, on its thread (or the caller of a
   *     manual scheduler's {@link ClockScheduler#runDueTasks()}); needed only with a positive
   *     {@code firstTimestampDelay}, may be null otherwise. If it is closed, delayed first control
   *     timestamps are not sent.
   * @param closeOnPresentationTimestamps false (the default, the specification's behaviour) to keep
   *     a companion's valid presentation timestamps ({@link AptEptLpt}); true to close its
   *     connection (status {@value #CLOSED_ON_TIMESTAMPS}) when it sends one, as some TVs do
   */
  public record Options(
      boolean matchStems,
      UnaryOperator<String> outgoingText,
      Duration firstTimestampDelay,
      @Nullable ClockScheduler scheduler,
      boolean closeOnPresentationTimestamps) {
    /** Stems matched, and the core's text as it is: the behaviour of the two-argument server. */
    public static final Options DEFAULT = new Options(true, UnaryOperator.identity());

    /**
     * Checks the options.
     *
     * @throws NullPointerException if the hook or the delay is null
     * @throws IllegalArgumentException if {@code firstTimestampDelay} is negative, or positive with
     *     no scheduler
     */
    public Options {
      Objects.requireNonNull(outgoingText, "outgoingText");
      Objects.requireNonNull(firstTimestampDelay, "firstTimestampDelay");
      if (firstTimestampDelay.isNegative()) {
        throw new IllegalArgumentException("negative firstTimestampDelay: " + firstTimestampDelay);
      }
      if (!firstTimestampDelay.isZero() && scheduler == null) {
        throw new IllegalArgumentException("a firstTimestampDelay needs a scheduler");
      }
    }

    /**
     * Stem matching and an outgoing text hook; first control timestamps at once, presentation
     * timestamps kept.
     *
     * @param matchStems whether to match stems
     * @param outgoingText the rewrite of every control timestamp sent
     */
    public Options(boolean matchStems, UnaryOperator<String> outgoingText) {
      this(matchStems, outgoingText, Duration.ZERO, null, false);
    }

    /**
     * These options with stem matching on or off.
     *
     * @param matchStems whether to match stems
     * @return the new options
     */
    public Options withMatchStems(boolean matchStems) {
      return new Options(
          matchStems, outgoingText, firstTimestampDelay, scheduler, closeOnPresentationTimestamps);
    }

    /**
     * These options with another outgoing text hook.
     *
     * @param outgoingText the rewrite
     * @return the new options
     */
    public Options withOutgoingText(UnaryOperator<String> outgoingText) {
      return new Options(
          matchStems, outgoingText, firstTimestampDelay, scheduler, closeOnPresentationTimestamps);
    }

    /**
     * These options with each companion's first control timestamp sent {@code delay} after its
     * setup data.
     *
     * @param delay the delay; zero for at once
     * @param scheduler runs the delayed messages; may be null for a zero delay
     * @return the new options
     */
    public Options withFirstTimestampDelay(Duration delay, @Nullable ClockScheduler scheduler) {
      return new Options(matchStems, outgoingText, delay, scheduler, closeOnPresentationTimestamps);
    }

    /**
     * These options closing, or not, a connection on which the companion sends presentation
     * timestamps.
     *
     * @param close true to close it
     * @return the new options
     */
    public Options withCloseOnPresentationTimestamps(boolean close) {
      return new Options(matchStems, outgoingText, firstTimestampDelay, scheduler, close);
    }
  }

  /**
   * The close status sent to a companion that sent presentation timestamps, with {@link
   * Options#closeOnPresentationTimestamps()}: 1008, policy violation.
   */
  public static final int CLOSED_ON_TIMESTAMPS = 1008;

  /**
   * Sends on one connection for the core: only while it is writable and its first control timestamp
   * is not held back.
   */
  private static final class WsSender implements TsServerCore.Sender {
    private final WebSocketSession session;
    private final OutgoingText outgoing;
    private volatile boolean held;

    WsSender(WebSocketSession session, OutgoingText outgoing) {
      this.session = session;
      this.outgoing = outgoing;
    }

    @Override
    public boolean send(String text) {
      return session.send(outgoing.apply(text));
    }

    @Override
    public boolean isWritable() {
      return !held && session.isWritable();
    }
  }

  /**
   * Passes the core's events to this server's listeners, with the connection in place of the
   * session.
   */
  private final class Bridge implements TsServerCore.Listener {
    @Override
    public void clientSetUp(TsServerCore.Session session, SetupData setup) {
      WebSocketSession ws = connection(session);
      if (!options.firstTimestampDelay().isZero()) {
        hold(ws, session);
      }
      Listeners.tell(listeners, l -> l.clientSetUp(ws, setup), log, "TS listener");
    }

    @Override
    public void timingReport(TsServerCore.Session session, AptEptLpt timestamps) {
      WebSocketSession ws = connection(session);
      Listeners.tell(listeners, l -> l.timingReport(ws, timestamps), log, "TS listener");
      if (options.closeOnPresentationTimestamps()) {
        log.debug("closing companion {}: it sent presentation timestamps", ws.id());
        ws.close(CLOSED_ON_TIMESTAMPS, "presentation timestamps not accepted");
      }
    }

    @Override
    public void selectorNeeded(String timelineSelector) {
      Listeners.tell(listeners, l -> l.selectorNeeded(timelineSelector), log, "TS listener");
    }

    @Override
    public void selectorNotNeeded(String timelineSelector) {
      Listeners.tell(listeners, l -> l.selectorNotNeeded(timelineSelector), log, "TS listener");
    }
  }

  private final TsServerCore core;
  private final OutgoingText outgoing;
  private final Clock wallClock;
  private final Options options;
  private final Map<TsServerCore.Session, WsSender> senders = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

  /**
   * A TS endpoint with no sources.
   *
   * @param wallClock the wall clock: its ticks are the wall clock times of "unavailable" control
   *     timestamps and of received reports (nanoseconds for DVB-CSS)
   * @param contentId the content id companions' stems are matched against, or null for none
   */
  public TsServer(Clock wallClock, @Nullable String contentId) {
    this(wallClock, contentId, Options.DEFAULT);
  }

  /**
   * A TS endpoint with no sources, with options.
   *
   * @param wallClock the wall clock, as for {@link #TsServer(Clock, String)}
   * @param contentId the content id companions' stems are matched against, or null for none
   * @param options stem matching and an outgoing text hook; {@link Options#DEFAULT} for the
   *     specification's behaviour
   */
  public TsServer(Clock wallClock, @Nullable String contentId, Options options) {
    this.core = new TsServerCore(wallClock, contentId, options.matchStems());
    this.outgoing = new OutgoingText(options.outgoingText(), log);
    this.wallClock = wallClock;
    this.options = options;
    ClockScheduler scheduler = options.scheduler();
    if (!options.firstTimestampDelay().isZero()
        && scheduler != null
        && scheduler.timeSource() != wallClock.timeSource()) {
      throw new IllegalArgumentException("the scheduler must run on the wall clock's time source");
    }
    core.addListener(new Bridge());
  }

  /**
   * The content id.
   *
   * @return the content id, or null
   */
  public @Nullable String contentId() {
    return core.contentId();
  }

  /**
   * Changes the content id (keep it in step with the CII server's) and sends every companion what
   * changed for it.
   *
   * @param contentId the new content id, or null for none (every timeline then unavailable)
   */
  public void setContentId(@Nullable String contentId) {
    core.setContentId(contentId);
  }

  /**
   * Adds a timeline source after those already attached (so it loses to them for a selector they
   * also recognise). It hears {@code selectorNeeded} for every selector already in use, and
   * companions are sent what changed for them. Attaching a source twice does nothing.
   *
   * @param source the source
   */
  public void attach(TimelineSource source) {
    core.attach(source);
  }

  /**
   * Removes a timeline source. It hears {@code selectorNotNeeded} for every selector in use, and
   * companions are sent what changed for them (another source's timestamp, or "unavailable").
   *
   * @param source the source
   */
  public void detach(TimelineSource source) {
    core.detach(source);
  }

  /**
   * The attached sources, in attach order.
   *
   * @return a copy
   */
  public List<TimelineSource> sources() {
    return core.sources();
  }

  /**
   * How many set-up companions use each selector.
   *
   * @return a sorted copy; selectors with no companions are absent
   */
  public Map<String, Integer> selectorsInUse() {
    return core.selectorsInUse();
  }

  /**
   * How many companions are connected (set up or not).
   *
   * @return a count
   */
  public int connectionCount() {
    return core.sessionCount();
  }

  /**
   * One connected companion, for display.
   *
   * @param id the connection's {@link WebSocketSession#id()}
   * @param remoteAddress the companion's address and port
   * @param setup what it set up, or null before a valid setup message
   * @param timingReport the latest presentation timestamps it sent, or null if none yet
   */
  public record Connection(
      String id,
      InetSocketAddress remoteAddress,
      @Nullable SetupData setup,
      TsServerCore.@Nullable TimingReport timingReport) {
    /**
     * Checks for nulls.
     *
     * @throws NullPointerException if {@code id} or {@code remoteAddress} is null
     */
    public Connection {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(remoteAddress, "remoteAddress");
    }
  }

  /**
   * The companions connected now (set up or not), with what each set up and reported last.
   *
   * @return a snapshot, ordered by id
   */
  public List<Connection> connections() {
    return senders.entrySet().stream()
        .map(
            e ->
                new Connection(
                    e.getKey().id(),
                    e.getValue().session.remoteAddress(),
                    e.getKey().setup(),
                    e.getKey().timingReport()))
        .sorted(Comparator.comparing(Connection::id))
        .toList();
  }

  /**
   * The counters.
   *
   * @return a snapshot
   */
  public TsServerCore.Counters counters() {
    return core.counters();
  }

  /**
   * The latest presentation timestamps of every connected companion that has sent some.
   *
   * @return a snapshot, one per companion, in no particular order
   */
  public List<TsServerCore.TimingReport> timingReports() {
    return core.timingReports();
  }

  /**
   * Combines the latest reports of the companions set up for one selector into the window of wall
   * clock times in which the TV may present {@code contentTime}.
   *
   * <p>Each report's earliest timestamp {@code (ce, we)} is moved to {@code contentTime} along
   * normal play: {@code we + (contentTime - ce) / timelineTicksPerSecond * wallClockTickRate}
   * (minus infinity stays minus infinity); the same for its latest timestamp. The window runs from
   * the largest of the moved earliest times to the smallest of the moved latest times. It is empty
   * ({@link TsServerCore.PresentationWindow#isSatisfiable()} false) when the companions cannot all
   * be satisfied. Actual timestamps are not used.
   *
   * @param timelineSelector the selector the companions set up
   * @param contentTime the content time, timeline ticks
   * @param timelineTicksPerSecond the timeline's tick rate at normal speed
   * @return the window, or null if no such companion has reported
   */
  public TsServerCore.@Nullable PresentationWindow presentationWindow(
      String timelineSelector, long contentTime, double timelineTicksPerSecond) {
    return core.presentationWindow(timelineSelector, contentTime, timelineTicksPerSecond);
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
    WsSender sender = new WsSender(session, outgoing);
    TsServerCore.Session s = core.open(session.id(), sender);
    senders.put(s, sender);
    s.attach(session);
    session.attach(s);
  }

  @Override
  public void onText(WebSocketSession session, String text) {
    if (session.attachment() instanceof TsServerCore.Session s) {
      core.receive(s, text);
    }
  }

  @Override
  public void onWritable(WebSocketSession session) {
    if (session.attachment() instanceof TsServerCore.Session s) {
      core.writable(s);
    }
  }

  @Override
  public void onClose(WebSocketSession session, int code, String reason) {
    if (session.attachment() instanceof TsServerCore.Session s) {
      senders.remove(s);
    }
    if (session.attachment() instanceof TsServerCore.Session s && core.close(s)) {
      Listeners.tell(listeners, l -> l.disconnected(session, code, reason), log, "TS listener");
    }
  }

  /**
   * Holds back a set-up companion's first control timestamp for the delay of the options, then
   * sends it the current one.
   */
  private void hold(WebSocketSession ws, TsServerCore.Session session) {
    WsSender sender = senders.get(session);
    if (sender == null) {
      return;
    }
    sender.held = true;
    double at =
        wallClock.ticks() + options.firstTimestampDelay().toNanos() * wallClock.tickRate() / 1e9;
    try {
      Objects.requireNonNull(options.scheduler())
          .runAt(
              wallClock,
              at,
              () -> {
                sender.held = false;
                core.writable(session);
              });
    } catch (IllegalStateException closed) {
      log.debug("scheduler closed: no first control timestamp for companion {}", ws.id());
    }
  }

  private static WebSocketSession connection(TsServerCore.Session session) {
    return (WebSocketSession) Objects.requireNonNull(session.attachment());
  }
}
