package org.dvbcss.net.ts;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.dvbcss.clock.Clock;
import org.dvbcss.net.internal.DeviationCounts;
import org.dvbcss.net.internal.IncomingText;
import org.dvbcss.net.internal.Listeners;
import org.dvbcss.net.wsclient.WebSocketClient;
import org.dvbcss.net.wsclient.WebSocketClientConfig;
import org.dvbcss.protocol.Decoded;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.ReadMode;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A companion's CSS-TS connection to a TV: sends the setup data, hears control timestamps, and can
 * send the companion's own presentation timing ({@link AptEptLpt}).
 *
 * <p>On every connection (the first and each reconnection) the {@link SetupData} is the first
 * message sent, before the listener hears {@link Listener#connected}; {@link #send} refuses to send
 * anything on a connection until it has gone. Each message from the TV is decoded as a {@link
 * ControlTimestamp}; one that is not valid is reported to {@link Listener#protocolError} and
 * counted, and the connection stays up.
 *
 * <p><b>Reading mode.</b> Messages are read {@linkplain ReadMode#TOLERANT tolerantly} by default
 * ({@link Builder#readMode}): a control timestamp that deviates from the spec in a way with exactly
 * one sensible reading (a {@link Deviation}, such as {@code contentTime} sent as a JSON number) is
 * taken as that reading, the kinds are counted ({@link Counters#deviations()}) and reported to
 * {@link Listener#deviations} just before {@link Listener#controlTimestamp}. In {@link
 * ReadMode#STRICT} mode such a message is a protocol error.
 *
 * <p>Units: control timestamps are as on the wire: content time in timeline ticks, wall clock time
 * in wall clock nanoseconds. This class does no clock arithmetic; see {@link TsClockController}.
 *
 * <p>Threading: listener methods are called on the connection's event loop thread, one at a time,
 * in order; they must not block. {@link #send}, {@link #isConnected()}, {@link #counters()} and
 * {@link #close()} may be called from any thread.
 */
public final class TsClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TsClient.class);

  /** Hears the TV's control timestamps. Called on the connection's event loop; must not block. */
  public interface Listener {
    /** A connection opened and the setup data has been sent on it. */
    default void connected() {}

    /**
     * The connection ended.
     *
     * @param code the WebSocket close code (1006 if the connection just dropped)
     * @param reason the close reason
     * @param willReconnect whether the client will try again
     */
    default void disconnected(int code, String reason, boolean willReconnect) {}

    /**
     * A valid control timestamp arrived.
     *
     * @param ct the control timestamp: content time in timeline ticks, wall clock time in
     *     nanoseconds
     */
    default void controlTimestamp(ControlTimestamp ct) {}

    /**
     * A message deviated from the spec and was read anyway ({@link ReadMode#TOLERANT} mode). Called
     * just before {@link #controlTimestamp} for the same message.
     *
     * @param kinds the kinds of deviation accepted in the message: not empty, in {@link Deviation}
     *     order
     * @param text the message as received
     */
    default void deviations(Set<Deviation> kinds, String text) {}

    /**
     * A message was not a valid control timestamp; it was ignored and the connection kept.
     *
     * @param text the message
     * @param error what is wrong with it
     */
    default void protocolError(String text, ProtocolException error) {}

    /**
     * Connecting failed, or the connection broke the WebSocket protocol.
     *
     * @param error what happened
     */
    default void error(Throwable error) {}
  }

  /**
   * What the client has done so far.
   *
   * @param controlTimestamps valid control timestamps received
   * @param protocolErrors messages that were not valid control timestamps
   * @param connects connections opened (each sent the setup data)
   * @param timingReportsSent {@link AptEptLpt} messages queued on an open connection
   * @param deviations for each kind of deviation accepted at least once, the number of control
   *     timestamps read with it; unmodifiable, kinds never seen are not in it
   */
  public record Counters(
      long controlTimestamps,
      long protocolErrors,
      long connects,
      long timingReportsSent,
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
     * @param controlTimestamps valid control timestamps received
     * @param protocolErrors messages that were not valid control timestamps
     * @param connects connections opened
     * @param timingReportsSent timing reports queued
     */
    public Counters(
        long controlTimestamps, long protocolErrors, long connects, long timingReportsSent) {
      this(controlTimestamps, protocolErrors, connects, timingReportsSent, Map.of());
    }
  }

  /**
   * Reads one message; how the client decodes, replaceable within the package (a {@link
   * TsClockController} has its core read and apply each message in one step).
   */
  interface Reader {
    /**
     * Decodes one message.
     *
     * @param text the message
     * @return the control timestamp and the deviations accepted to read it
     * @throws ProtocolException if it is not a control timestamp the reader accepts
     */
    Decoded<ControlTimestamp> read(String text);
  }

  private final SetupData setupData;
  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
  private final LongAdder controlTimestamps = new LongAdder();
  private final LongAdder connects = new LongAdder();
  private final LongAdder timingReportsSent = new LongAdder();
  private final IncomingText incoming = new IncomingText(log, "control timestamp");
  private final ReadMode readMode;
  private final Reader reader;
  private final WebSocketClient webSocket;

  /** Guards {@link #setupSent} against a send racing the setup data of a new connection. */
  private final Object sendLock = new Object();

  private boolean setupSent;

  private TsClient(Builder b) throws SSLException {
    this.setupData = b.setupData;
    this.readMode = b.readMode;
    this.reader = b.reader != null ? b.reader : defaultReader(b.readMode, b.wallClock);
    listeners.addAll(b.listeners);
    this.webSocket = WebSocketClient.builder(b.uri, new Bridge()).config(b.webSocket).build();
    webSocket.start();
  }

  /**
   * Starts configuring a client.
   *
   * @param uri the TV's CSS-TS URL, {@code ws://} or {@code wss://}
   * @param setupData what to ask for: content id stem, timeline selector, optional private data
   * @return a builder; by default no reconnection
   */
  public static Builder builder(URI uri, SetupData setupData) {
    return new Builder(uri, setupData);
  }

  /**
   * The setup data sent first on every connection.
   *
   * @return the setup data
   */
  public SetupData setupData() {
    return setupData;
  }

  /**
   * How control timestamps are read.
   *
   * @return the mode ({@link ReadMode#TOLERANT} unless configured otherwise)
   */
  public ReadMode readMode() {
    return readMode;
  }

  /**
   * Whether a connection is open and its setup data has been sent.
   *
   * @return true while connected
   */
  public boolean isConnected() {
    synchronized (sendLock) {
      return setupSent && webSocket.isOpen();
    }
  }

  /**
   * Sends the companion's actual, earliest and latest presentation timestamps, if a connection is
   * open (and its setup data sent). Any thread.
   *
   * @param timing the timestamps: content times in timeline ticks, wall clock times in nanoseconds
   * @return true if the message was queued on an open connection; false if none is open (dropped)
   */
  public boolean send(AptEptLpt timing) {
    String text = timing.encode();
    synchronized (sendLock) {
      if (!setupSent || !webSocket.send(text)) {
        return false;
      }
    }
    timingReportsSent.increment();
    return true;
  }

  /**
   * What the client has done so far.
   *
   * @return a snapshot
   */
  public Counters counters() {
    return new Counters(
        controlTimestamps.sum(),
        incoming.protocolErrors(),
        connects.sum(),
        timingReportsSent.sum(),
        incoming.deviations());
  }

  /** Closes the connection (1000) and stops reconnecting. Idempotent; any thread. */
  @Override
  public void close() {
    webSocket.close();
  }

  private void tell(Consumer<Listener> call) {
    Listeners.tell(listeners, call, log, "TS listener");
  }

  /**
   * Decodes in {@code mode}; an "unavailable" control timestamp without a wall clock time is taken
   * at {@code wallClock}'s time now (nanoseconds), or 0 without one.
   */
  private static Reader defaultReader(ReadMode mode, @Nullable Clock wallClock) {
    return text -> {
      long now = mode == ReadMode.STRICT || wallClock == null ? 0 : wallNanos(wallClock);
      return ControlTimestamp.decode(text, mode, now);
    };
  }

  /** A wall clock's time now in nanoseconds, whatever its tick rate. */
  static long wallNanos(Clock wallClock) {
    double rate = wallClock.tickRate();
    double ticks = wallClock.ticks();
    return Math.round(rate == 1e9 ? ticks : ticks * (1e9 / rate));
  }

  /** Turns WebSocket events into CSS-TS events, on the event loop. */
  private final class Bridge implements WebSocketClient.Listener {
    @Override
    public void onOpen() {
      synchronized (sendLock) {
        setupSent = webSocket.send(setupData.encode());
      }
      connects.increment();
      tell(Listener::connected);
    }

    @Override
    public void onText(String text) {
      ControlTimestamp ct =
          incoming.read(
              text,
              reader::read,
              e -> tell(l -> l.protocolError(text, e)),
              kinds -> tell(l -> l.deviations(kinds, text)));
      if (ct == null) {
        return;
      }
      controlTimestamps.increment();
      tell(l -> l.controlTimestamp(ct));
    }

    @Override
    public void onClose(int code, String reason, boolean willReconnect) {
      synchronized (sendLock) {
        setupSent = false;
      }
      tell(l -> l.disconnected(code, reason, willReconnect));
    }

    @Override
    public void onError(Throwable error) {
      tell(l -> l.error(error));
    }
  }

  /** Configuration of a {@link TsClient}. Not thread safe. */
  public static final class Builder {
    private final URI uri;
    private final SetupData setupData;
    private final List<Listener> listeners = new ArrayList<>();
    private WebSocketClientConfig webSocket = WebSocketClientConfig.defaults();
    private ReadMode readMode = ReadMode.TOLERANT;
    private @Nullable Clock wallClock;
    private @Nullable Reader reader;

    private Builder(URI uri, SetupData setupData) {
      this.uri = Objects.requireNonNull(uri, "uri");
      this.setupData = Objects.requireNonNull(setupData, "setupData");
    }

    /**
     * Adds a listener.
     *
     * @param listener hears connections, control timestamps and errors
     * @return this builder
     */
    public Builder listener(Listener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Sets the underlying WebSocket client's settings: TLS trust, timeouts, maximum message size, a
     * shared event loop group, and reconnection: {@link WebSocketClientConfig.Builder#reconnect},
     * after which each new connection sends the setup data again first (default {@link
     * WebSocketClientConfig#defaults()}: no reconnection).
     *
     * @param config the WebSocket client's settings
     * @return this builder
     */
    public Builder webSocket(WebSocketClientConfig config) {
      this.webSocket = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Sets how control timestamps are read: {@link ReadMode#TOLERANT} (the default) accepts each
     * documented {@link Deviation} with one sensible reading and reports it to {@link
     * Listener#deviations}; {@link ReadMode#STRICT} accepts the spec only, and anything else goes
     * to {@link Listener#protocolError}.
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder readMode(ReadMode mode) {
      this.readMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Sets the companion's wall clock (any tick rate), whose time on arrival is taken as the wall
     * clock time of an "unavailable" control timestamp sent without one ({@link
     * Deviation#TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME}, tolerant mode). Without one, such a
     * control timestamp gets wall clock time 0 (an unavailable timeline has no position, so it
     * carries no meaning there).
     *
     * @param wallClock the wall clock
     * @return this builder
     */
    public Builder wallClock(Clock wallClock) {
      this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
      return this;
    }

    /** Replaces the decoding (the read mode and wall clock are then the reader's). */
    Builder reader(Reader reader) {
      this.reader = Objects.requireNonNull(reader, "reader");
      return this;
    }

    /**
     * Starts connecting; returns at once. Events go to the listeners.
     *
     * @return the client
     * @throws SSLException if the TLS configuration for a {@code wss://} URI is unusable
     */
    public TsClient start() throws SSLException {
      return new TsClient(this);
    }
  }
}
