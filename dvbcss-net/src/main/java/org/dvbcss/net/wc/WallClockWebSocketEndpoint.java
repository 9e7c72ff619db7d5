package org.dvbcss.net.wc;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.TimeSource;
import org.dvbcss.clock.TokenBucket;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketSession;
import org.dvbcss.protocol.wc.WallClockServerCore;
import org.dvbcss.protocol.wc.WallClockServerCore.DropReason;
import org.dvbcss.protocol.wc.WallClockServerCore.Reply;
import org.dvbcss.protocol.wc.WcMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CSS-WC over WebSocket: a {@link WebSocketEndpoint}, served at {@link #PATH} on a {@link
 * org.dvbcss.net.ws.WebSocketServer}, that answers wall clock requests carried in binary frames.
 * Each binary message is one 32-byte CSS-WC message, exactly as the UDP datagram would be: the
 * client sends requests, the server sends a response (and, in follow-up mode, a follow-up) on the
 * same session. This is the binary WebSocket form of CSS-WC that browser companions use, since a
 * web page cannot send UDP. CSS-CII does not advertise it; a companion asks for it by URL.
 *
 * <p>The answers come from the same {@link WallClockServerCore} logic and the same {@link
 * WallClockServerConfig} as the UDP {@link WallClockServer}: precision, maximum frequency error,
 * follow-up mode, and the hooks to misbehave ({@link WallClockServerConfig#outgoing()}, {@link
 * WallClockServerConfig#withholdFollowUps()}, {@link WallClockServerConfig#stopAfterMalformed()}).
 * The UDP-only settings ({@code bind}, {@code threads}) are ignored; a {@linkplain
 * WallClockServerConfig#hasRateLimit() per-source rate limit} applies to each session.
 *
 * <p>Receive time: the served clock is read as soon as {@link #onBinary} is entered, then moved
 * back by the time elapsed since the socket read that completed the message ({@code receivedNanos},
 * stamped at the head of the connection's pipeline, before TLS and WebSocket decoding), scaled by
 * the clock's effective speed. This is honest because the request was in the server at that stamp:
 * the time spent decoding it counts as server processing, which the response's receive and transmit
 * times show and the client subtracts. For a clock whose time source is not {@link
 * TimeSource#system()} (a manual source in tests) the stamp is on another time base, so the reading
 * on entry is used unchanged. The transmit time is read (by the core) just before the response is
 * written; in follow-up mode the follow-up's transmit time is read after the response was handed to
 * the connection. Over TCP a lost segment or a queue in front of a request delays it whole
 * (head-of-line blocking); that delay falls between the client's send and the server's stamp, or
 * between the server's send and the client's receipt, so it shows as round-trip time and widens the
 * client's error bound instead of biasing its estimate unseen.
 *
 * <p>A binary message that is not a valid request is counted by reason and dropped: never answered,
 * never fatal to the session. A text message closes the session with 1003. A request that arrives
 * while the session's outbound queue is above its high water mark is dropped and counted as {@link
 * Counters#backlogged()}: a client that does not read cannot grow the server's queue without bound.
 *
 * <p>Threading: the callbacks run on each session's event loop as {@link WebSocketEndpoint} says;
 * {@link #counters()} and {@link #sessions()} may be called from any thread.
 */
public final class WallClockWebSocketEndpoint implements WebSocketEndpoint {
  private static final Logger log = LoggerFactory.getLogger(WallClockWebSocketEndpoint.class);

  /** The path CSS-WC over WebSocket is served at. */
  public static final String PATH = "/wc";

  private final Clock wallClock;
  private final WallClockServerConfig config;
  private final boolean backdate;
  private final LongAdder answered = new LongAdder();
  private final LongAdder backlogged = new LongAdder();
  private final LongAdder textRefused = new LongAdder();
  private final LongAdder sessionsOpened = new LongAdder();
  private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
  private final Map<String, WebSocketSession> open = new ConcurrentHashMap<>();
  private volatile boolean stopped; // after a malformed message, with stopAfterMalformed

  /**
   * Creates the endpoint.
   *
   * @param wallClock the clock to serve; readings are sent as nanoseconds at its tick rate
   * @param config the same options as the UDP server's ({@code bind} and {@code threads} unused)
   */
  public WallClockWebSocketEndpoint(Clock wallClock, WallClockServerConfig config) {
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    this.config = Objects.requireNonNull(config, "config");
    this.backdate = wallClock.timeSource() == TimeSource.system();
    for (DropReason reason : DropReason.values()) {
      dropped.put(reason, new LongAdder());
    }
  }

  /** Per-session state, used on the session's event loop only. */
  private static final class PerSession {
    final WallClockServerCore core;
    final @Nullable TokenBucket limit;

    PerSession(WallClockServerCore core, @Nullable TokenBucket limit) {
      this.core = core;
      this.limit = limit;
    }
  }

  @Override
  public boolean acceptsBinary() {
    return true;
  }

  @Override
  public void onOpen(WebSocketSession session) {
    sessionsOpened.increment();
    open.put(session.id(), session);
    session.attach(
        new PerSession(
            new WallClockServerCore(
                wallClock, config.precisionSeconds(), config.maxFreqErrorPpm(), config.followUp()),
            config.hasRateLimit()
                ? new TokenBucket(
                    config.rateLimitPerSecond(), config.rateLimitBurst(), System.nanoTime())
                : null));
  }

  @Override
  public void onText(WebSocketSession session, String text) {
    textRefused.increment();
    session.close(1003, "CSS-WC over WebSocket carries binary messages only");
  }

  @Override
  public void onBinary(WebSocketSession session, ByteBuffer data, long receivedNanos) {
    double receivedTicks = wallClock.ticks();
    if (backdate) {
      long elapsed = Math.max(0, System.nanoTime() - receivedNanos);
      receivedTicks -= wallClock.nanosToTicks(elapsed * wallClock.effectiveSpeed());
    }
    if (!(session.attachment() instanceof PerSession state)) {
      return; // not opened through this endpoint
    }
    if (stopped) {
      dropped.get(DropReason.STOPPED).increment();
      return;
    }
    TokenBucket limit = state.limit;
    if (limit != null && !limit.tryTake(System.nanoTime())) {
      dropped.get(DropReason.RATE_LIMITED).increment();
      return;
    }
    Reply reply = state.core.handle(data, receivedTicks);
    if (reply instanceof Reply.Drop drop) {
      if (drop.reason().isMalformed() && config.stopAfterMalformed()) {
        stopped = true; // before the count, so whoever sees the count sees the endpoint stopped
        log.info("CSS-WC over WebSocket stops answering after a malformed message");
      }
      dropped.get(drop.reason()).increment();
      return;
    }
    if (!session.isWritable()) {
      backlogged.increment();
      return;
    }
    Reply.Respond respond = (Reply.Respond) reply;
    UnaryOperator<WcMessage> outgoing = config.outgoing();
    send(session, outgoing.apply(respond.response()));
    if (respond.followUpDue() && !config.withholdFollowUps()) {
      send(session, outgoing.apply(state.core.followUp(respond.response())));
    }
    answered.increment();
  }

  private static void send(WebSocketSession session, @Nullable WcMessage message) {
    Objects.requireNonNull(message, "the outgoing rewrite returned null");
    session.sendBinary(message.encode());
  }

  @Override
  public void onClose(WebSocketSession session, int code, String reason) {
    open.remove(session.id());
  }

  /**
   * The sessions open now, in order of their ids' sequence numbers.
   *
   * @return a snapshot: each session's id and remote address
   */
  public List<SessionInfo> sessions() {
    List<SessionInfo> list = new ArrayList<>();
    open.values().forEach(s -> list.add(new SessionInfo(s.id(), s.remoteAddress())));
    list.sort(Comparator.comparingLong(SessionInfo::sequence).thenComparing(SessionInfo::id));
    return List.copyOf(list);
  }

  /**
   * What the endpoint has done so far. Read without stopping it, so a snapshot under load may be a
   * few messages out of step between fields.
   *
   * @return a snapshot
   */
  public Counters counters() {
    Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
    dropped.forEach((reason, count) -> drops.put(reason, count.sum()));
    return new Counters(
        answered.sum(),
        Map.copyOf(drops),
        backlogged.sum(),
        textRefused.sum(),
        sessionsOpened.sum(),
        open.size());
  }

  /**
   * One open session.
   *
   * @param id the session id, e.g. {@code wc-3}
   * @param remote the client's address and port
   */
  public record SessionInfo(String id, InetSocketAddress remote) {
    /** Checks the fields are present. */
    public SessionInfo {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(remote, "remote");
    }

    long sequence() {
      int dash = id.lastIndexOf('-');
      try {
        return Long.parseLong(id.substring(dash + 1));
      } catch (NumberFormatException e) {
        return Long.MAX_VALUE;
      }
    }
  }

  /**
   * What the endpoint has done.
   *
   * @param answered requests answered (a type-2 response and its follow-up count as one)
   * @param dropped binary messages dropped unanswered, by reason (malformed ones by their fault)
   * @param backlogged requests dropped because the session's outbound queue was above its high
   *     water mark
   * @param textRefused sessions closed with 1003 for sending a text message
   * @param sessionsOpened sessions opened so far
   * @param sessionsOpen sessions open now
   */
  public record Counters(
      long answered,
      Map<DropReason, Long> dropped,
      long backlogged,
      long textRefused,
      long sessionsOpened,
      int sessionsOpen) {
    /** Copies the map. */
    public Counters {
      dropped = Map.copyOf(dropped);
    }

    /**
     * All binary messages dropped, whatever the reason (backlogged ones not included).
     *
     * @return a count
     */
    public long droppedTotal() {
      return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
