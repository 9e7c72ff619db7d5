package org.dvbcss.net.cii;

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
import org.dvbcss.net.internal.DeviationCounts;
import org.dvbcss.net.internal.IncomingText;
import org.dvbcss.net.internal.Listeners;
import org.dvbcss.net.wsclient.WebSocketClient;
import org.dvbcss.net.wsclient.WebSocketClientConfig;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.ReadMode;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A companion's mirror of a TV's CSS-CII state.
 *
 * <p>Each message from the TV updates the mirror: a property the message carries (value or null)
 * replaces the one held; an omitted property keeps its value. The first message of each connection
 * is the TV's whole state (the protocol has it carry every property that is not null), so it
 * replaces the mirror entirely, and a nullable property it omits is null: after a reconnect the
 * mirror is exactly what the TV says now.
 *
 * <p>For each message the listener hears one {@link Listener#propertyChanged} per property whose
 * value changed, then one {@link Listener#changed change set} (possibly empty, if the message
 * repeated what was known). A message that is not valid CII is reported to {@link
 * Listener#protocolError} and counted; the connection stays up and the mirror is unchanged.
 *
 * <p><b>Reading mode.</b> Messages are read {@linkplain ReadMode#TOLERANT tolerantly} by default
 * ({@link Builder#readMode}): a message that deviates from the spec in a way with exactly one
 * sensible reading (a {@link Deviation}, such as {@code presentationStatus} sent as an array) is
 * applied as that reading, the kinds are counted ({@link Counters#deviations()}) and reported to
 * {@link Listener#deviations} before the message's changes. In {@link ReadMode#STRICT} mode such a
 * message is a protocol error (except an unknown property, which both modes ignore and report).
 *
 * <p>Threading: listener methods are called on the connection's event loop thread, one at a time,
 * in order; they must not block. {@link #state()}, {@link #counters()} and {@link #close()} may be
 * called from any thread.
 */
public final class CiiClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CiiClient.class);

  /** Hears the TV's state change. Called on the connection's event loop; must not block. */
  public interface Listener {
    /** A connection to the TV opened; its first message will be the TV's whole state. */
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
     * One property changed value. For each message, called once per changed property, before {@link
     * #changed}.
     *
     * @param property the property
     * @param before its value before the message (absent, null, or a value)
     * @param after its value now
     */
    default void propertyChanged(CiiProperty property, Presence<?> before, Presence<?> after) {}

    /**
     * A message arrived and was applied.
     *
     * @param state the mirror after the message
     * @param changed the properties whose value changed (empty if none did)
     * @param message the message as received
     */
    default void changed(Cii state, Set<CiiProperty> changed, Cii message) {}

    /**
     * A message deviated from the spec and was read anyway. Called before the message's {@link
     * #propertyChanged} and {@link #changed} calls.
     *
     * @param kinds the kinds of deviation accepted in the message: not empty, in {@link Deviation}
     *     order
     * @param text the message as received
     */
    default void deviations(Set<Deviation> kinds, String text) {}

    /**
     * A message was not valid CII; it was ignored.
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
   * What the client has seen.
   *
   * @param messages valid CII messages applied
   * @param protocolErrors messages that were not valid CII
   * @param connects connections opened
   * @param deviations for each kind of deviation accepted at least once, the number of messages
   *     read with it; unmodifiable, kinds never seen are not in it
   */
  public record Counters(
      long messages, long protocolErrors, long connects, Map<Deviation, Long> deviations) {
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
     * @param messages valid CII messages applied
     * @param protocolErrors messages that were not valid CII
     * @param connects connections opened
     */
    public Counters(long messages, long protocolErrors, long connects) {
      this(messages, protocolErrors, connects, Map.of());
    }
  }

  private final WebSocketClient webSocket;
  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
  private final LongAdder messages = new LongAdder();
  private final LongAdder connects = new LongAdder();
  private final IncomingText incoming = new IncomingText(log, "CII message");
  private final ReadMode readMode;
  private volatile Cii state = Cii.empty();
  // event-loop confined
  private boolean firstMessage;

  private CiiClient(Builder b) throws SSLException {
    listeners.addAll(b.listeners);
    this.readMode = b.readMode;
    this.webSocket = WebSocketClient.builder(b.uri, new Bridge()).config(b.webSocket).start();
  }

  /**
   * Starts configuring a client.
   *
   * @param uri the TV's CII URL, {@code ws://} or {@code wss://}
   * @return a builder; by default no reconnection
   */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /**
   * The mirror of the TV's state.
   *
   * @return the state (empty before the first message)
   */
  public Cii state() {
    return state;
  }

  /**
   * How messages are read.
   *
   * @return the mode ({@link ReadMode#TOLERANT} unless configured otherwise)
   */
  public ReadMode readMode() {
    return readMode;
  }

  /**
   * Whether a connection is open.
   *
   * @return true while connected
   */
  public boolean isConnected() {
    return webSocket.isOpen();
  }

  /**
   * What the client has seen so far.
   *
   * @return a snapshot
   */
  public Counters counters() {
    return new Counters(
        messages.sum(), incoming.protocolErrors(), connects.sum(), incoming.deviations());
  }

  /** Closes the connection (1000) and stops reconnecting. Idempotent. */
  @Override
  public void close() {
    webSocket.close();
  }

  private void tell(Consumer<Listener> call) {
    Listeners.tell(listeners, call, log, "CII listener");
  }

  /** A first message: every nullable property it omits is null. */
  static Cii asWholeState(Cii first) {
    Cii.Builder b = first.toBuilder();
    for (CiiProperty property : CiiProperty.values()) {
      if (property.isNullable() && first.get(property).isAbsent()) {
        b.setNull(property);
      }
    }
    return b.build();
  }

  /** Turns WebSocket events into CII events, on the event loop. */
  private final class Bridge implements WebSocketClient.Listener {
    @Override
    public void onOpen() {
      firstMessage = true;
      connects.increment();
      tell(Listener::connected);
    }

    @Override
    public void onText(String text) {
      Cii message =
          incoming.read(
              text,
              t -> Cii.decode(t, readMode),
              e -> tell(l -> l.protocolError(text, e)),
              kinds -> tell(l -> l.deviations(kinds, text)));
      if (message == null) {
        return;
      }
      Cii before = state;
      Cii after = firstMessage ? asWholeState(message) : Cii.update(before, message);
      firstMessage = false;
      state = after;
      messages.increment();
      Set<CiiProperty> changed = Cii.changedProperties(before, after);
      for (CiiProperty property : changed) {
        tell(l -> l.propertyChanged(property, before.get(property), after.get(property)));
      }
      tell(l -> l.changed(after, changed, message));
    }

    @Override
    public void onClose(int code, String reason, boolean willReconnect) {
      tell(l -> l.disconnected(code, reason, willReconnect));
    }

    @Override
    public void onError(Throwable error) {
      tell(l -> l.error(error));
    }
  }

  /** Configuration of a {@link CiiClient}. Not thread safe. */
  public static final class Builder {
    private final URI uri;
    private final List<Listener> listeners = new ArrayList<>();
    private WebSocketClientConfig webSocket = WebSocketClientConfig.defaults();
    private ReadMode readMode = ReadMode.TOLERANT;

    private Builder(URI uri) {
      this.uri = uri;
    }

    /**
     * Sets how messages are read: {@link ReadMode#TOLERANT} (the default) accepts each documented
     * {@link Deviation} with one sensible reading and reports it to {@link Listener#deviations};
     * {@link ReadMode#STRICT} accepts the spec only, and anything else goes to {@link
     * Listener#protocolError}.
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder readMode(ReadMode mode) {
      this.readMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener hears connections, changes and errors
     * @return this builder
     */
    public Builder listener(Listener listener) {
      listeners.add(listener);
      return this;
    }

    /**
     * Sets the underlying WebSocket client's settings: TLS trust, timeouts, maximum message size, a
     * shared event loop group, and reconnection: {@link WebSocketClientConfig.Builder#reconnect},
     * after which each new connection re-syncs the whole state (default {@link
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
     * Starts connecting; returns at once. Events go to the listeners.
     *
     * @return the client
     * @throws SSLException if the TLS configuration for a {@code wss://} URI is unusable
     */
    public CiiClient start() throws SSLException {
      return new CiiClient(this);
    }
  }
}
