package org.dvbcss.net.cii;

import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.dvbcss.net.internal.Addresses;
import org.dvbcss.net.internal.Listeners;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketSession;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
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
 * counted ({@link #ignoredMessages()}) and otherwise ignored, and the connection stays up.
 *
 * <p>Threading: thread safe. {@link #update(Cii)} may be called from any thread; endpoint callbacks
 * arrive on the server's event loops; listeners are called on those event loops.
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

  /** What one companion has been sent. Guarded by itself. */
  private static final class Companion {
    private Cii lastSent = Cii.empty();
  }

  /**
   * A message computed once and reused: companions that were sent the same state (the same object)
   * and are owed the same target state get the same text, so a change to N companions is diffed and
   * encoded once, not N times.
   */
  private record Message(Cii from, Cii to, String text) {}

  /**
   * A state rewritten for one local address, valid while {@code state} is the state it came from.
   */
  private record Rewritten(Cii state, Cii rewritten) {}

  private final Set<CiiProperty> rewrite;
  private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();
  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
  private final LongAdder ignored = new LongAdder();
  private final LongAdder messagesSent = new LongAdder();
  private volatile Cii state;
  private volatile @Nullable Message lastMessage;
  private final ConcurrentHashMap<InetSocketAddress, Rewritten> rewritten =
      new ConcurrentHashMap<>();

  /**
   * A CII endpoint.
   *
   * @param initial the initial state; should define {@code protocolVersion} ("1.1")
   * @param rewriteHostPort the string properties in which {@code {{host}}} and {@code {{port}}} are
   *     replaced per connection (e.g. {@code wcUrl}, {@code tsUrl})
   */
  public CiiServer(Cii initial, Set<CiiProperty> rewriteHostPort) {
    this.state = initial;
    this.rewrite = rewriteHostPort.isEmpty() ? Set.of() : EnumSet.copyOf(rewriteHostPort);
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
    return state;
  }

  /**
   * Changes the state: every property present in {@code changes} (value or null) replaces the
   * current one; omitted properties keep theirs. Companions are sent what changed for them.
   *
   * @param changes the properties to change
   */
  public void update(Cii changes) {
    synchronized (this) {
      state = Cii.update(state, changes);
    }
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
   * How many messages were sent to companions so far.
   *
   * @return a count
   */
  public long messagesSent() {
    return messagesSent.sum();
  }

  /**
   * How many messages companions sent (CSS-CII has none from companions), ignored.
   *
   * @return a count
   */
  public long ignoredMessages() {
    return ignored.sum();
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
    session.attach(new Companion());
    sessions.add(session);
    push(session);
    Listeners.tell(listeners, l -> l.connected(session), log, "CII listener");
  }

  @Override
  public void onText(WebSocketSession session, String text) {
    ignored.increment();
    log.debug("ignored a message from companion {}: CSS-CII is one-way", session.id());
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
    Listeners.tell(listeners, l -> l.disconnected(session, code, reason), log, "CII listener");
  }

  /** Sends a companion what takes it from what it has to the current state, if it can take it. */
  private void push(WebSocketSession session) {
    if (!(session.attachment() instanceof Companion companion)) {
      return;
    }
    synchronized (companion) {
      Cii target = targetFor(session.localAddress());
      if (target == companion.lastSent || !session.isWritable()) {
        return; // nothing new, or a slow reader: onWritable brings it up to date later
      }
      String text = messageText(companion.lastSent, target);
      if (text == null) {
        companion.lastSent = target; // nothing differs
      } else if (session.send(text)) {
        companion.lastSent = target;
        messagesSent.increment();
      }
    }
  }

  /** The current state as a companion connected to {@code local} should see it. */
  private Cii targetFor(InetSocketAddress local) {
    Cii current = state;
    if (rewrite.isEmpty()) {
      return current;
    }
    Rewritten cached = rewritten.get(local);
    if (cached != null && cached.state() == current) {
      return cached.rewritten();
    }
    Cii target = rewriteFor(current, local);
    rewritten.put(local, new Rewritten(current, target));
    return target;
  }

  /** The encoded diff from one state to another, or null if they do not differ. */
  private @Nullable String messageText(Cii from, Cii to) {
    Message memo = lastMessage;
    if (memo != null && memo.from() == from && memo.to() == to) {
      return memo.text();
    }
    Cii diff = Cii.diff(from, to);
    String text = diff.definedProperties().isEmpty() ? null : diff.encode();
    if (text != null) {
      lastMessage = new Message(from, to, text);
    }
    return text;
  }

  private Cii rewriteFor(Cii cii, InetSocketAddress local) {
    String host = Addresses.uriHost(local.getAddress());
    String port = Integer.toString(local.getPort());
    Cii.Builder b = cii.toBuilder();
    for (CiiProperty property : rewrite) {
      if (cii.get(property).hasValue() && cii.get(property).value() instanceof String text) {
        Presence<String> replaced =
            Presence.of(text.replace("{{host}}", host).replace("{{port}}", port));
        switch (property) {
          case MRS_URL -> b.mrsUrl(replaced);
          case CONTENT_ID -> b.contentId(replaced);
          case WC_URL -> b.wcUrl(replaced);
          case TS_URL -> b.tsUrl(replaced);
          case TE_URL -> b.teUrl(replaced);
          default -> throw new IllegalArgumentException(property + " is not a string property");
        }
      }
    }
    return b.build();
  }
}
