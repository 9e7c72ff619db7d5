package org.dvbcss.net.ts;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.dvbcss.net.internal.Listeners;
import org.dvbcss.net.wsclient.Backoff;
import org.dvbcss.net.wsclient.WebSocketClient;
import org.dvbcss.protocol.ProtocolException;
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
   */
  public record Counters(
      long controlTimestamps, long protocolErrors, long connects, long timingReportsSent) {}

  private final SetupData setupData;
  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
  private final LongAdder controlTimestamps = new LongAdder();
  private final LongAdder protocolErrors = new LongAdder();
  private final LongAdder connects = new LongAdder();
  private final LongAdder timingReportsSent = new LongAdder();
  private final WebSocketClient webSocket;

  /** Guards {@link #setupSent} against a send racing the setup data of a new connection. */
  private final Object sendLock = new Object();

  private boolean setupSent;

  private TsClient(Builder b) throws SSLException {
    this.setupData = b.setupData;
    listeners.addAll(b.listeners);
    WebSocketClient.Builder ws = WebSocketClient.builder(b.uri, new Bridge());
    if (b.backoff != null) {
      ws.reconnect(b.backoff);
    }
    b.webSocketOptions.accept(ws);
    this.webSocket = ws.build();
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
        controlTimestamps.sum(), protocolErrors.sum(), connects.sum(), timingReportsSent.sum());
  }

  /** Closes the connection (1000) and stops reconnecting. Idempotent; any thread. */
  @Override
  public void close() {
    webSocket.close();
  }

  private void tell(Consumer<Listener> call) {
    Listeners.tell(listeners, call, log, "TS listener");
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
      ControlTimestamp ct;
      try {
        ct = ControlTimestamp.decode(text);
      } catch (ProtocolException e) {
        protocolErrors.increment();
        log.debug("invalid control timestamp ignored: {}", e.getMessage());
        tell(l -> l.protocolError(text, e));
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
    private @Nullable Backoff backoff;
    private Consumer<WebSocketClient.Builder> webSocketOptions = ws -> {};

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
     * Reconnects after the connection ends or fails, with this backoff, until closed; each new
     * connection sends the setup data again first.
     *
     * @param backoff the delays between attempts
     * @return this builder
     */
    public Builder reconnect(Backoff backoff) {
      this.backoff = backoff;
      return this;
    }

    /**
     * Sets options of the underlying WebSocket client (TLS trust, timeouts, maximum message size, a
     * shared event loop group).
     *
     * @param options applied to the WebSocket client's builder before it starts
     * @return this builder
     */
    public Builder webSocket(Consumer<WebSocketClient.Builder> options) {
      this.webSocketOptions = Objects.requireNonNull(options, "options");
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
