package org.dvbcss.net.cii;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.internal.Listeners;
import org.dvbcss.net.internal.OutgoingText;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketSession;
import org.dvbcss.protocol.UriHosts;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.dvbcss.protocol.cii.CiiServerCore;
import org.dvbcss.scheduler.ClockScheduler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TV's CSS-CII endpoint: holds the current CII state and keeps every connected companion up to
 * date. Mount it on a {@link org.dvbcss.net.ws.WebSocketServer} at {@link #PATH}.
 *
 * <p>On connect a companion gets every property the state defines (values and nulls); after that,
 * only what changed since what that companion last received, and nothing when nothing changed. When
 * {@code contentId} changes, {@code contentIdStatus} is sent with it.
 *
 * <p><b>Host and port rewriting.</b> In the properties chosen at construction, the text {@code
 * {{host}}} and {@code {{port}}} is replaced, per connection, by the address and port that
 * companion connected to (an IPv6 host in brackets). A TV bound to every interface thus advertises,
 * say, {@code ws://{{host}}:{{port}}/ts} and each companion gets a URL it can reach.
 *
 * <p><b>Slow companions.</b> A companion whose connection is not writable (its unread data is above
 * the server's high water mark) is sent nothing more until it drains; it then gets one message that
 * takes it from what it last received to the latest state. So state never queues without bound.
 *
 * <p><b>Companion messages.</b> CSS-CII flows from TV to companion only; text a companion sends is
 * counted ({@link #ignoredMessages()}) and otherwise ignored, and the connection stays up (unless
 * {@link Options#closeOnClientMessage()}).
 *
 * <p>What to send and when is decided by {@link CiiServerCore} (dvbcss-protocol, no sockets); this
 * class binds it to the {@link org.dvbcss.net.ws.WebSocketServer}'s sessions.
 *
 * <p><b>Options.</b> By default ({@link Options#DEFAULT}) the endpoint sends what the core makes:
 * strict CSS-CII, changes only, the first message at once. A TV simulator that must behave like a
 * TV that deviates can choose full-state updates, an outgoing text hook, a delayed first message
 * and closing on companions' messages ({@link Options}).
 *
 * <p>Threading: thread safe. {@link #update(Cii)} may be called from any thread (it pushes to the
 * companions from that thread); endpoint callbacks arrive on the server's event loops; listeners
 * are called on those event loops. Pushes to one companion are serialized by a lock on its core
 * session, so an update and a drain never send it two messages computed from the same state. A
 * delayed first message ({@link Options#firstMessageDelay()}) is sent on the scheduler's thread.
 */
public final class CiiServer implements WebSocketEndpoint {
  private static final Logger log = LoggerFactory.getLogger(CiiServer.class);

  /** The conventional path of the CII endpoint. */
  public static final String PATH = "/cii";

  /** Hears companions connect and disconnect. Called on the server's event loops. */
  public interface Listener {
    /**
     * A companion connected (it has been sent the current state, or will be when it can take it).
     *
     * @param session its connection
     */
    default void connected(WebSocketSession session) {}

    /**
     * A companion's connection ended.
     *
     * @param session its connection
     * @param code the WebSocket close code
     * @param reason the close reason
     */
    default void disconnected(WebSocketSession session, int code, String reason) {}
  }

  /**
   * How a CII endpoint departs from its defaults, for a TV simulator. Immutable.
   *
   * @param updates what a companion is sent after its first message when the state changed for it
   *     (default {@link CiiServerCore.Updates#CHANGES})
   * @param outgoingText rewrites every message just before it is sent (default {@link
   *     UnaryOperator#identity()}, which sends the core's strict text as it is). It is given one
   *     message's JSON text and answers the text to send, which need not be valid CSS-CII (that is
   *     what it is for: a simulated TV that deviates). Called on the sending thread (an {@link
   *     #update} caller or an event loop), possibly on several at once: it must be thread safe,
   *     quick and not block. One text sent to many companions is rewritten once. If it throws or
   *     answers null, that is logged at warn and the text is sent unchanged.
   * @param firstMessageDelay how long after a companion connects its first message is sent (default
   *     {@link Duration#ZERO}: at once). Until then it is sent nothing; then it is sent the state
   *     as it is at that moment (so changes made meanwhile arrive in that first message), and after
   *     that what changes, as usual. Measured on {@code scheduler}'s time source.
   * @param scheduler runs the delayed first messages, on its thread (or the caller of a manual
   *     scheduler's {@link ClockScheduler#runDueTasks()}); needed only with a positive {@code
   *     firstMessageDelay}, may be null otherwise. If it is closed, delayed first messages are not
   *     sent.
   * @param closeOnClientMessage false (the default, the specification's behaviour) to ignore what a
   *     companion sends; true to close its connection (status {@value #CLOSED_ON_MESSAGE}) when it
   *     sends any text, as some TVs do
   */
  public record Options(
      CiiServerCore.Updates updates,
      UnaryOperator<String> outgoingText,
      Duration firstMessageDelay,
      @Nullable ClockScheduler scheduler,
      boolean closeOnClientMessage) {
    /** Changes only, and the core's text as it is: the behaviour of the two-argument server. */
    public static final Options DEFAULT =
        new Options(CiiServerCore.Updates.CHANGES, UnaryOperator.identity());

    /**
     * Checks the options.
     *
     * @throws NullPointerException if {@code updates}, {@code outgoingText} or {@code
     *     firstMessageDelay} is null
     * @throws IllegalArgumentException if {@code firstMessageDelay} is negative, or positive with
     *     no scheduler
     */
    public Options {
      Objects.requireNonNull(updates, "updates");
      Objects.requireNonNull(outgoingText, "outgoingText");
      Objects.requireNonNull(firstMessageDelay, "firstMessageDelay");
      if (firstMessageDelay.isNegative()) {
        throw new IllegalArgumentException("negative firstMessageDelay: " + firstMessageDelay);
      }
      if (!firstMessageDelay.isZero() && scheduler == null) {
        throw new IllegalArgumentException("a firstMessageDelay needs a scheduler");
      }
    }

    /**
     * Updates and an outgoing text hook; first messages at once, companions' messages ignored.
     *
     * @param updates what a companion is sent after its first message
     * @param outgoingText the rewrite of every message sent
     */
    public Options(CiiServerCore.Updates updates, UnaryOperator<String> outgoingText) {
      this(updates, outgoingText, Duration.ZERO, null, false);
    }

    /**
     * These options with other updates.
     *
     * @param updates what a companion is sent after its first message
     * @return the new options
     */
    public Options withUpdates(CiiServerCore.Updates updates) {
      return new Options(updates, outgoingText, firstMessageDelay, scheduler, closeOnClientMessage);
    }

    /**
     * These options with another outgoing text hook.
     *
     * @param outgoingText the rewrite
     * @return the new options
     */
    public Options withOutgoingText(UnaryOperator<String> outgoingText) {
      return new Options(updates, outgoingText, firstMessageDelay, scheduler, closeOnClientMessage);
    }

    /**
     * These options with each companion's first message sent {@code delay} after it connects.
     *
     * @param delay the delay; zero for at once
     * @param scheduler runs the delayed messages; may be null for a zero delay
     * @return the new options
     */
    public Options withFirstMessageDelay(Duration delay, @Nullable ClockScheduler scheduler) {
      return new Options(updates, outgoingText, delay, scheduler, closeOnClientMessage);
    }

    /**
     * These options closing, or not, a connection on which the companion sends a message.
     *
     * @param close true to close it
     * @return the new options
     */
    public Options withCloseOnClientMessage(boolean close) {
      return new Options(updates, outgoingText, firstMessageDelay, scheduler, close);
    }
  }

  /**
   * The close status sent to a companion that sent a message, with {@link
   * Options#closeOnClientMessage()}: 1008, policy violation.
   */
  public static final int CLOSED_ON_MESSAGE = 1008;

  private final CiiServerCore core;
  private final OutgoingText outgoing;
  private final Options options;
  private final @Nullable Clock delayClock; // over the scheduler's time source, nanoseconds
  private final Set<WebSocketSession> held = ConcurrentHashMap.newKeySet(); // first message due
  private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();
  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

  /**
   * A CII endpoint.
   *
   * @param initial the initial state; should define {@code protocolVersion} ("1.1")
   * @param rewriteHostPort the string properties in which {@code {{host}}} and {@code {{port}}} are
   *     replaced per connection (e.g. {@code wcUrl}, {@code tsUrl}); other properties are ignored
   * @throws IllegalArgumentException if {@code rewriteHostPort} holds {@code protocolVersion}
   */
  public CiiServer(Cii initial, Set<CiiProperty> rewriteHostPort) {
    this(initial, rewriteHostPort, Options.DEFAULT);
  }

  /**
   * A CII endpoint with options.
   *
   * @param initial the initial state; should define {@code protocolVersion} ("1.1")
   * @param rewriteHostPort the string properties in which {@code {{host}}} and {@code {{port}}} are
   *     replaced per connection
   * @param options full-state updates and an outgoing text hook; {@link Options#DEFAULT} for none
   * @throws IllegalArgumentException if {@code rewriteHostPort} holds {@code protocolVersion}
   */
  public CiiServer(Cii initial, Set<CiiProperty> rewriteHostPort, Options options) {
    this.core = new CiiServerCore(initial, rewriteHostPort, options.updates());
    this.outgoing = new OutgoingText(options.outgoingText(), log);
    this.options = options;
    ClockScheduler scheduler = options.scheduler();
    this.delayClock =
        options.firstMessageDelay().isZero() || scheduler == null
            ? null
            : SysClock.builder().timeSource(scheduler.timeSource()).build();
  }

  /** A CII endpoint whose state is just {@code protocolVersion: "1.1"}, with no rewriting. */
  public CiiServer() {
    this(Cii.builder().protocolVersion(Cii.PROTOCOL_VERSION).build(), Set.of());
  }

  /**
   * The current state, before any per-connection rewriting.
   *
   * @return the state
   */
  public Cii state() {
    return core.state();
  }

  /**
   * Changes the state: every property present in {@code changes} (value or null) replaces the
   * current one; omitted properties keep theirs. Companions are sent what changed for them.
   *
   * @param changes the properties to change
   */
  public void update(Cii changes) {
    core.update(changes);
    for (WebSocketSession session : sessions) {
      push(session);
    }
  }

  /**
   * How many companions are connected.
   *
   * @return a count
   */
  public int connectionCount() {
    return sessions.size();
  }

  /**
   * The companions connected now, for display: read their {@link WebSocketSession#id()} and {@link
   * WebSocketSession#remoteAddress()}; sending on them bypasses this server.
   *
   * @return a copy, ordered by id
   */
  public List<WebSocketSession> connections() {
    return sessions.stream().sorted(Comparator.comparing(WebSocketSession::id)).toList();
  }

  /**
   * How many messages were sent to companions so far.
   *
   * @return a count
   */
  public long messagesSent() {
    return core.messagesSent();
  }

  /**
   * How many messages companions sent (CSS-CII has none from companions), ignored.
   *
   * @return a count
   */
  public long ignoredMessages() {
    return core.ignoredMessages();
  }

  /**
   * Adds a listener.
   *
   * @param listener hears connects and disconnects
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
    InetSocketAddress local = session.localAddress();
    session.attach(core.open(UriHosts.of(local.getAddress()), local.getPort()));
    sessions.add(session);
    if (delayClock != null) {
      hold(session, delayClock);
    }
    push(session);
    Listeners.tell(listeners, l -> l.connected(session), log, "CII listener");
  }

  @Override
  public void onText(WebSocketSession session, String text) {
    if (session.attachment() instanceof CiiServerCore.Session companion) {
      core.received(companion, text);
    }
    if (options.closeOnClientMessage()) {
      log.debug("closing companion {}: it sent a message on one-way CSS-CII", session.id());
      session.close(CLOSED_ON_MESSAGE, "CSS-CII is one-way");
      return;
    }
    log.debug("ignored a message from companion {}: CSS-CII is one-way", session.id());
  }

  /** Holds back a companion's first message for the delay of the options. */
  private void hold(WebSocketSession session, Clock clock) {
    held.add(session);
    double at = clock.ticks() + options.firstMessageDelay().toNanos() * clock.tickRate() / 1e9;
    try {
      Objects.requireNonNull(options.scheduler())
          .runAt(
              clock,
              at,
              () -> {
                held.remove(session);
                push(session);
              });
    } catch (IllegalStateException closed) {
      log.debug("scheduler closed: no first message for companion {}", session.id());
    }
  }

  @Override
  public void onWritable(WebSocketSession session) {
    push(session);
  }

  @Override
  public void onClose(WebSocketSession session, int code, String reason) {
    if (session.attachment() instanceof CiiServerCore.Session companion) {
      core.close(companion);
    }
    held.remove(session);
    if (!sessions.remove(session)) {
      return;
    }
    Listeners.tell(listeners, l -> l.disconnected(session, code, reason), log, "CII listener");
  }

  /** Sends a companion what takes it from what it has to the current state, if it can take it. */
  private void push(WebSocketSession session) {
    if (!(session.attachment() instanceof CiiServerCore.Session companion)) {
      return;
    }
    // one owed/send/sent step at a time per companion: updates push from the caller's thread,
    // drains from the event loop
    synchronized (companion) {
      if (held.contains(session)) {
        return; // its first message is not due yet
      }
      if (!session.isWritable()) {
        return; // a slow reader: onWritable brings it up to date later
      }
      String text = core.owed(companion);
      if (text != null && session.send(outgoing.apply(text))) {
        core.sent(companion);
      }
    }
  }
}
