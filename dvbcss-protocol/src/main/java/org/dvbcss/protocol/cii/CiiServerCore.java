package org.dvbcss.protocol.cii;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.UriHosts;
import org.jspecify.annotations.Nullable;

/**
 * The protocol logic of a TV's CSS-CII endpoint, with no socket: the current state, and for each
 * companion what it was last sent and the text that takes it to the latest state.
 *
 * <p>A transport {@linkplain #open opens} a {@link Session} for each companion that connects,
 * giving the host and port that companion dialled. Whenever the state may have moved ({@link
 * #update} was called) or the connection can take a message again, it asks {@link #owed} for the
 * text that session is owed; if there is one and the transport sends it, it says so with {@link
 * #sent}. What it decides:
 *
 * <ul>
 *   <li><b>First message and diffs.</b> A new session is owed every property the state defines
 *       (values and nulls); after that only what differs from what it last received (with {@code
 *       contentIdStatus} whenever {@code contentId} changed, see {@link Cii#diff}), and nothing
 *       when nothing differs. No text it returns is ever {@code {}}.
 *   <li><b>Coalescing.</b> A transport asks only when its connection can take a message; the text
 *       is always computed from the session's last-sent state to the <em>latest</em> state. So a
 *       companion that could not take anything for a while gets one message when it drains, not the
 *       changes it missed.
 *   <li><b>Host and port rewriting.</b> In the properties chosen at construction, {@code {{host}}}
 *       and {@code {{port}}} are replaced by the host and port that session dialled. The rewritten
 *       state is computed once per dialled address and state, not per session. A null property is
 *       left alone.
 *   <li><b>One encoding for many companions.</b> Sessions that were sent the same state and are
 *       owed the same state get the same text, diffed and encoded once.
 *   <li><b>Companion messages.</b> CSS-CII flows from TV to companion only; what a companion sends
 *       is {@linkplain #received counted} and otherwise ignored.
 *   <li><b>Full-state updates.</b> Made with {@link Updates#FULL_STATE}, a session is sent the
 *       whole state (every property it defines, as in a first message) whenever something changed
 *       for it, instead of only what changed. The specification allows it ("at least the changed
 *       properties"); some TVs do it, and a TV simulator can choose it to test companions against
 *       them. Still nothing is sent when nothing changed.
 * </ul>
 *
 * <p><b>Threading.</b> Thread safe, with one rule per session. {@link #update}, {@link #state},
 * {@link #open}, {@link #close}, {@link #received} and the counters may be called from any thread
 * at any time. For one session, {@link #owed}, the transport's send and {@link #sent} form one step
 * that must not overlap another such step for the same session (two overlapping steps could send
 * two diffs from the same last-sent state, and a companion applying both could end up wrong): make
 * them on one thread at a time, for example under a lock on the {@link Session} handle (what {@code
 * org.dvbcss.net.cii.CiiServer} does, since updates push from the caller's thread and drains from
 * the event loop) or only on the session's event loop. Steps for different sessions may run
 * concurrently.
 */
public final class CiiServerCore {

  /**
   * What a session is sent after its first message, when the state changed for it. Both are valid
   * CSS-CII; {@link #CHANGES} is the default.
   */
  public enum Updates {
    /**
     * Only the properties that differ from what the session last received (with {@code
     * contentIdStatus} whenever {@code contentId} changed).
     */
    CHANGES,
    /** Every property the state defines, values and nulls, as in the first message. */
    FULL_STATE
  }

  /**
   * One companion's connection, as the core sees it: what it was last sent and the address it
   * dialled. Opaque; get one from {@link CiiServerCore#open}. Its monitor is free for the transport
   * to lock (see the class comment); the core never locks it.
   */
  public static final class Session {
    private final Dialled dialled;
    // written and read only inside a transport's owed/sent step (one at a time per session)
    private Cii lastSent = Cii.empty();
    private @Nullable Cii owedTarget;
    private volatile boolean closed;

    private Session(Dialled dialled) {
      this.dialled = dialled;
    }

    /**
     * The host this session dialled, as it goes in a URL (an IPv6 literal in brackets).
     *
     * @return the host text
     */
    public String host() {
      return dialled.host;
    }

    /**
     * The port this session dialled.
     *
     * @return the port
     */
    public int port() {
      return dialled.port;
    }

    @Override
    public String toString() {
      return "CiiServerCore.Session[" + dialled.host + ":" + dialled.port + "]";
    }
  }

  /** A dialled address, shared by the sessions that dialled it, with its rewritten state. */
  private static final class Dialled {
    private final String host;
    private final int port;
    private volatile @Nullable Rewritten rewritten;

    private Dialled(String host, int port) {
      this.host = host;
      this.port = port;
    }
  }

  private record Address(String host, int port) {}

  /** A state rewritten for one dialled address, valid while {@code state} is the current state. */
  private record Rewritten(Cii state, Cii rewritten) {}

  /**
   * A message computed once and reused: sessions that were sent the same state (the same object)
   * and are owed the same target state get the same text.
   */
  private record Memo(Cii from, Cii to, String text) {}

  private static final Set<CiiProperty> STRING_PROPERTIES =
      EnumSet.of(
          CiiProperty.MRS_URL,
          CiiProperty.CONTENT_ID,
          CiiProperty.WC_URL,
          CiiProperty.TS_URL,
          CiiProperty.TE_URL);

  private final Set<CiiProperty> rewrite;
  private final Updates updates;
  private final ConcurrentHashMap<Address, Dialled> addresses = new ConcurrentHashMap<>();
  private final LongAdder ignored = new LongAdder();
  private final LongAdder messagesSent = new LongAdder();
  private volatile Cii state;
  private volatile @Nullable Memo lastMessage;

  /**
   * A core.
   *
   * @param initial the initial state; should define {@code protocolVersion} ("1.1")
   * @param rewriteHostPort the properties in which {@code {{host}}} and {@code {{port}}} are
   *     replaced per session (e.g. {@code wcUrl}, {@code tsUrl}); only string properties ({@code
   *     mrsUrl}, {@code contentId}, {@code wcUrl}, {@code tsUrl}, {@code teUrl}) are rewritten,
   *     others are ignored
   * @throws IllegalArgumentException if {@code rewriteHostPort} holds {@code protocolVersion},
   *     whose only value is {@code "1.1"}
   */
  public CiiServerCore(Cii initial, Set<CiiProperty> rewriteHostPort) {
    this(initial, rewriteHostPort, Updates.CHANGES);
  }

  /**
   * A core that sends either the changes or the full state after the first message.
   *
   * @param initial the initial state; should define {@code protocolVersion} ("1.1")
   * @param rewriteHostPort the properties in which {@code {{host}}} and {@code {{port}}} are
   *     replaced per session, as for {@link #CiiServerCore(Cii, Set)}
   * @param updates what a session is sent when the state changed for it
   * @throws IllegalArgumentException if {@code rewriteHostPort} holds {@code protocolVersion}
   */
  public CiiServerCore(Cii initial, Set<CiiProperty> rewriteHostPort, Updates updates) {
    this.updates = Objects.requireNonNull(updates, "updates");
    this.state = Objects.requireNonNull(initial, "initial");
    if (rewriteHostPort.contains(CiiProperty.PROTOCOL_VERSION)) {
      throw new IllegalArgumentException("protocolVersion cannot be rewritten");
    }
    EnumSet<CiiProperty> chosen = EnumSet.noneOf(CiiProperty.class);
    for (CiiProperty property : rewriteHostPort) {
      if (STRING_PROPERTIES.contains(property)) {
        chosen.add(property);
      }
    }
    this.rewrite = chosen.isEmpty() ? Set.of() : chosen;
  }

  /**
   * What a session is sent when the state changed for it.
   *
   * @return the choice made at construction
   */
  public Updates updates() {
    return updates;
  }

  /**
   * The current state, before any per-session rewriting.
   *
   * @return the state
   */
  public Cii state() {
    return state;
  }

  /**
   * Changes the state: every property present in {@code changes} (value or null) replaces the
   * current one; omitted properties keep theirs. Sessions are then owed what changed for them (ask
   * {@link #owed}). Any thread.
   *
   * @param changes the properties to change
   */
  public void update(Cii changes) {
    Objects.requireNonNull(changes, "changes");
    synchronized (this) {
      state = Cii.update(state, changes);
    }
  }

  /**
   * Opens a session for a companion that connected. It is owed the whole state at once.
   *
   * @param host the host the companion dialled (the connection's local address), as text: a name or
   *     a dotted IPv4 literal as it is, an IPv6 literal with or without brackets (it is put in
   *     brackets for {@code {{host}}}); e.g. {@code org.dvbcss.protocol.UriHosts.of(address)}
   * @param port the port the companion dialled, 0..65535
   * @return the session's handle
   * @throws IllegalArgumentException if the host is empty or the port out of range
   */
  public Session open(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range:" + port);
    }
    String inUrl = UriHosts.bracketed(host);
    Dialled dialled =
        addresses.computeIfAbsent(new Address(inUrl, port), a -> new Dialled(a.host(), a.port()));
    return new Session(dialled);
  }

  /**
   * Closes a session: it is owed nothing more. Any thread; idempotent.
   *
   * @param session the session
   */
  public void close(Session session) {
    session.closed = true;
  }

  /**
   * The text a session is owed now: the encoded message that takes it from what it was last sent to
   * the latest state as it should see it (the whole state with {@link Updates#FULL_STATE}, once it
   * has had its first message), or null if it is up to date (or closed). Call only when the
   * connection can take a message; follow a send with {@link #sent}. See the class comment for the
   * threading rule.
   *
   * @param session the session
   * @return one CII message's JSON text, never {@code {}}; or null for nothing
   */
  public @Nullable String owed(Session session) {
    session.owedTarget = null;
    if (session.closed) {
      return null;
    }
    Cii target = targetFor(session.dialled);
    Cii from = session.lastSent;
    if (target == from) {
      return null;
    }
    String text =
        updates == Updates.FULL_STATE ? fullStateText(from, target) : messageText(from, target);
    if (text == null) {
      session.lastSent = target; // an equal state: nothing to say
      return null;
    }
    session.owedTarget = target;
    return text;
  }

  /**
   * Says that the text {@link #owed} just returned for this session was sent: the session now has
   * the state that text took it to.
   *
   * @param session the session
   * @throws IllegalStateException if {@link #owed} returned no text for it since the last {@code
   *     sent}
   */
  public void sent(Session session) {
    Cii target = session.owedTarget;
    if (target == null) {
      throw new IllegalStateException("nothing was owed to " + session);
    }
    session.owedTarget = null;
    session.lastSent = target;
    messagesSent.increment();
  }

  /**
   * A companion sent a message: CSS-CII has none from companions, so it is counted and ignored. Any
   * thread.
   *
   * @param session the session it came on
   * @param text what it sent
   */
  public void received(Session session, String text) {
    ignored.increment();
  }

  /**
   * How many messages were {@linkplain #sent sent} to companions so far.
   *
   * @return a count
   */
  public long messagesSent() {
    return messagesSent.sum();
  }

  /**
   * How many messages companions sent, ignored.
   *
   * @return a count
   */
  public long ignoredMessages() {
    return ignored.sum();
  }

  /** The current state as a session that dialled {@code dialled} should see it. */
  private Cii targetFor(Dialled dialled) {
    Cii current = state;
    if (rewrite.isEmpty()) {
      return current;
    }
    Rewritten cached = dialled.rewritten;
    if (cached != null && cached.state() == current) {
      return cached.rewritten();
    }
    Cii target = rewriteFor(current, dialled);
    dialled.rewritten = new Rewritten(current, target);
    return target;
  }

  /**
   * The whole of {@code to} encoded, or null if it does not differ from {@code from}. Encoded once
   * for all sessions owed the same state (the memo holds it, keyed on the empty state).
   */
  private @Nullable String fullStateText(Cii from, Cii to) {
    if (from != Cii.empty() && Cii.diff(from, to).definedProperties().isEmpty()) {
      return null;
    }
    return messageText(Cii.empty(), to);
  }

  /** The encoded diff from one state to another, or null if they do not differ. */
  private @Nullable String messageText(Cii from, Cii to) {
    Memo memo = lastMessage;
    if (memo != null && memo.from() == from && memo.to() == to) {
      return memo.text();
    }
    Cii diff = Cii.diff(from, to);
    if (diff.definedProperties().isEmpty()) {
      return null;
    }
    String text = diff.encode();
    lastMessage = new Memo(from, to, text);
    return text;
  }

  private Cii rewriteFor(Cii cii, Dialled dialled) {
    String port = Integer.toString(dialled.port);
    Cii.Builder b = cii.toBuilder();
    for (CiiProperty property : rewrite) {
      if (cii.get(property).hasValue() && cii.get(property).value() instanceof String text) {
        Presence<String> replaced =
            Presence.of(text.replace("{{host}}", dialled.host).replace("{{port}}", port));
        switch (property) {
          case MRS_URL -> b.mrsUrl(replaced);
          case CONTENT_ID -> b.contentId(replaced);
          case WC_URL -> b.wcUrl(replaced);
          case TS_URL -> b.tsUrl(replaced);
          case TE_URL -> b.teUrl(replaced);
          default -> throw new AssertionError(property);
        }
      }
    }
    return b.build();
  }
}
