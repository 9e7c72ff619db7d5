package org.dvbcss.companion;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.clock.TimeSource;
import org.dvbcss.net.cii.CiiClient;
import org.dvbcss.net.ts.TsClient;
import org.dvbcss.net.ts.TsClockController;
import org.dvbcss.net.wc.UdpUrls;
import org.dvbcss.net.wc.WallClockClient;
import org.dvbcss.net.wc.WallClockWebSocketClient;
import org.dvbcss.net.wsclient.Backoff;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.ReadMode;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.dvbcss.protocol.companion.FollowPlan;
import org.dvbcss.protocol.companion.TsTarget;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.protocol.wc.UdpUrl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A companion device: follows a TV from its CSS-CII URL alone, and gives the application a wall
 * clock and a timeline clock that follow the TV's, each with its error bound.
 *
 * <pre>{@code
 * try (Companion companion = new Companion()) {
 *   companion.start(URI.create("ws://192.168.1.20:7681/cii"), null); // returns at once
 *   ...
 *   Companion.Status s = companion.status();
 *   if (s.available()) {
 *     play(s.seconds(), s.speed()); // within s.errorBound() seconds of the TV
 *   }
 * }
 * }</pre>
 *
 * <p>It connects to the TV's CII endpoint (reconnecting with a {@link Backoff} whenever the
 * connection ends or cannot be opened) and keeps in step with what CII advertises:
 *
 * <ul>
 *   <li>{@code wcUrl} ({@code udp://host:port}): a {@link WallClockClient} keeps the wall clock, a
 *       {@link CorrelatedClock} at 1e9 ticks per second (nanoseconds) on the local {@link
 *       SysClock}, in step with the TV's. A new {@code wcUrl} closes the old client and starts a
 *       new one (the wall clock's error becomes unknown until it answers). With {@link
 *       CompanionConfig#wallClockWebSocket()} set, a {@link WallClockWebSocketClient} follows the
 *       wall clock over that {@code ws://} or {@code wss://} URL instead, whatever CII's {@code
 *       wcUrl} says.
 *   <li>{@code tsUrl}, {@code contentId} and {@code timelines}: a {@link TsClockController} (whose
 *       {@link TsClient} reconnects with the same backoff) drives a timeline clock, a {@link
 *       CorrelatedClock} under the wall clock ticking at the timeline's rate. The timeline is the
 *       selector given to {@link #start}, or else the first one CII advertises; its tick rate is
 *       {@code unitsPerSecond / unitsPerTick} from CII's {@code timelines}. A given selector that
 *       CII does not advertise is followed only if its rate is known without CII: PTS ({@value
 *       #PTS}) at 90000 ticks per second; otherwise nothing is followed and a {@link
 *       Listener#problem} says why. The content id stem sent in the setup is CII's {@code
 *       contentId} ("" if there is none).
 * </ul>
 *
 * <p>Whenever the TS connection's target (URL, stem, selector, tick rate) changes, the old
 * controller is closed and a new one started on a new timeline clock: {@link #timelineClock()} then
 * returns the new clock (a {@link Listener#following} event says so). When the CII connection opens
 * again (say after the TV restarted) and the TS connection is down, TS is reconnected at once
 * instead of waiting for its backoff.
 *
 * <p><b>Error bounds.</b> Each clock's {@link CorrelatedClock#dispersion() dispersion()} is how
 * wrong its reading can be, in seconds: for the wall clock, the error of the last CSS-WC
 * measurement grown since ({@link #wallClockDispersion()}; infinite before the first); for the
 * timeline clock, in seconds of content time, the wall clock's scaled by the speed plus the error
 * of the control timestamp it follows (the TV's rounding and change threshold, the companion's
 * threshold: {@link org.dvbcss.protocol.ts.TsClientConfig#timestampErrorSeconds}), which is {@link
 * Status#errorBound()}; see {@code docs/timeline-sync.md}. A clock that is not {@linkplain
 * CorrelatedClock#isAvailable() available} (no timeline followed, the TV says unavailable, or the
 * TS connection is down) has no meaningful position.
 *
 * <p><b>Tolerance.</b> By default the companion reads the TV's CII and TS messages {@linkplain
 * ReadMode#TOLERANT tolerantly}: a message that deviates from the spec in a way with exactly one
 * sensible reading (a {@link Deviation}, such as {@code contentTime} sent as a JSON number) is read
 * that way, and the companion says so: each kind is counted ({@link #deviations()}), logged once at
 * WARN when first seen ({@code TV deviates from the spec: contentTime or wallClockTime sent as a
 * JSON number (accepted)}) and told once to {@link Listener#deviation}. A message it cannot read is
 * rejected (its state is kept, the connection stays up), counted ({@link #rejectedMessages()}),
 * told to {@link Listener#rejected}, and logged at WARN with the reason, at most once a second per
 * protocol (the next warning says how many were not shown). {@link ReadMode#STRICT} ({@link
 * #Companion(Backoff, ReadMode)}) reads by the spec only, for conformance testing: every deviation
 * is then a rejected message.
 *
 * <p><b>Jumps.</b> A TV that sends control timestamps only every few seconds reports a pause or a
 * seek late; until it does, the companion's timeline runs on as before, and the change then makes
 * it jump. That is an error the companion cannot know about, so no error bound includes it: {@link
 * #timelineJumps()} measures it.
 *
 * <p><b>Lifecycle.</b> Construct, add listeners and a trust manager, {@link #start} once, read or
 * listen for as long as needed, {@link #close} once (further closes do nothing). It reconnects by
 * itself: nothing but {@link #close} stops it.
 *
 * <p><b>Units.</b> Wall clock ticks are nanoseconds; timeline ticks are the timeline's; positions
 * in {@link Status} are ticks and seconds, dispersions and error bounds seconds.
 *
 * <p><b>Threading.</b> Thread safe. Connections and reconfiguration are handled on one control
 * thread of the companion's own, so CII events never block the CII connection. Listener methods are
 * called on the connections' threads and the control thread, one at a time per source but possibly
 * concurrently across sources; they must not block, and one that throws is logged and the companion
 * carries on. Read-outs may be called from any thread.
 */
public final class Companion implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Companion.class);

  /** The PTS timeline selector; followed at 90000 ticks per second even if CII omits it. */
  public static final String PTS = FollowPlan.PTS;

  /** The protocol name given to {@link Listener#rejected} for a CII message. */
  public static final String CII = "CSS-CII";

  /** The protocol name given to {@link Listener#rejected} for a TS message. */
  public static final String TS = "CSS-TS";

  /**
   * Hears what the companion sees. Methods are called on connection threads and the control thread;
   * they must not block.
   */
  public interface Listener {
    /** The CII connection opened. */
    default void ciiConnected() {}

    /**
     * The CII connection ended (it will be retried).
     *
     * @param code the WebSocket close code
     * @param reason the close reason
     */
    default void ciiDisconnected(int code, String reason) {}

    /**
     * A CII property changed; called once per changed property of a message, in {@link CiiProperty}
     * order.
     *
     * @param property the property
     * @param before the TV's state before the message ({@code before.get(property)} is the old
     *     value)
     * @param after the TV's state after it
     */
    default void ciiChanged(CiiProperty property, Cii before, Cii after) {}

    /**
     * The wall clock now follows another server.
     *
     * @param server its address, or null for none
     */
    default void wallClockServer(@Nullable InetSocketAddress server) {}

    /**
     * The timeline followed changed (a new TS connection is being opened).
     *
     * @param target what is followed now, or null for nothing
     */
    default void following(@Nullable TsTarget target) {}

    /** The TS connection opened. */
    default void tsConnected() {}

    /**
     * The TS connection ended.
     *
     * @param code the WebSocket close code
     * @param reason the close reason
     */
    default void tsDisconnected(int code, String reason) {}

    /** The TV said the timeline is available. */
    default void timelineAvailable() {}

    /** The timeline became unavailable (the TV said so, or the TS connection ended). */
    default void timelineUnavailable() {}

    /**
     * A new correlation (and maybe speed) was applied to the timeline clock.
     *
     * @param speedChanged whether the speed changed too
     */
    default void timingChanged(boolean speedChanged) {}

    /**
     * Something is wrong that the companion cannot fix by itself (a bad URL, a timeline the TV does
     * not offer). Said once per distinct problem.
     *
     * @param message what is wrong
     */
    default void problem(String message) {}

    /**
     * The TV deviates from the spec in this way, and the companion accepted it (tolerant reading).
     * Called once per kind, the first time a message shows it; {@link Companion#deviations()}
     * counts every message.
     *
     * @param kind the kind of deviation
     */
    default void deviation(Deviation kind) {}

    /**
     * A message from the TV could not be read and was ignored (the state it would have changed is
     * kept). Called for every such message; the log's warnings are rate-limited.
     *
     * @param protocol {@link Companion#CII} or {@link Companion#TS}
     * @param reason what is wrong with it
     */
    default void rejected(String protocol, String reason) {}
  }

  /**
   * A snapshot of the companion's state, read at (nearly) one instant.
   *
   * @param ciiConnected whether the CII connection is open
   * @param contentId CII's content id, or null if none
   * @param presentationStatus CII's presentation status tokens joined by spaces, or null
   * @param wallClockDispersion the wall clock's error bound, seconds (infinite before a first
   *     measurement)
   * @param timelineSelector the timeline followed, or null
   * @param available whether the timeline clock is available
   * @param ticks the timeline position, timeline ticks (NaN if unavailable)
   * @param seconds the timeline position, seconds (NaN if unavailable)
   * @param speed the timeline speed (NaN if unavailable)
   * @param errorBound the timeline position's error bound (the timeline clock's dispersion),
   *     seconds; infinite if unknown
   */
  public record Status(
      boolean ciiConnected,
      @Nullable String contentId,
      @Nullable String presentationStatus,
      double wallClockDispersion,
      @Nullable String timelineSelector,
      boolean available,
      double ticks,
      double seconds,
      double speed,
      double errorBound) {}

  private final SysClock localClock = new SysClock();
  private final CorrelatedClock wallClock = new CorrelatedClock(localClock, 1e9);
  private final CompanionConfig config;
  private final ReadMode readMode;
  private final DeviationLog deviationLog;
  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService control =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "dvbcss-companion");
            t.setDaemon(true);
            return t;
          });

  private volatile @Nullable CiiClient cii;
  private volatile boolean everConnected;
  private volatile @Nullable String requestedSelector;
  private volatile CorrelatedClock timeline = new CorrelatedClock(wallClock, 90000);
  private volatile @Nullable TsTarget target;
  private volatile boolean closed;
  private final AtomicReference<TsClockController.Jumps> jumps =
      new AtomicReference<>(TsClockController.Jumps.NONE);

  // control-thread confined
  private @Nullable WallClockClient wc;
  private @Nullable WallClockWebSocketClient wcWebSocket;
  private @Nullable InetSocketAddress wcServer;
  private @Nullable TsClockController controller;
  // the controller timing reports go to; written on the control thread, read on any
  private volatile @Nullable TsClockController reporting;
  // which controller's events count: set before it starts, read on its event loop
  private volatile @Nullable Object currentTs;
  private @Nullable String lastProblem;

  /** A companion with the defaults ({@link CompanionConfig#defaults()}). */
  public Companion() {
    this(CompanionConfig.defaults());
  }

  /**
   * A companion.
   *
   * @param config how it connects (backoff, TLS trust, read mode, a CSS-WC server of its own) and
   *     what it assumes about the TV's control timestamps
   */
  public Companion(CompanionConfig config) {
    this(config, TimeSource.system());
  }

  /**
   * A companion whose warnings' rate limit reads {@code warningTime}.
   *
   * @param config the configuration
   * @param warningTime the time source of the rate limit of rejection warnings
   */
  Companion(CompanionConfig config, TimeSource warningTime) {
    this.config = Objects.requireNonNull(config, "config");
    this.readMode = config.readMode();
    this.deviationLog = new DeviationLog(warningTime, log::warn);
    unknownWallClock();
    timeline.setAvailability(false);
  }

  /**
   * Adds a listener; add listeners before {@link #start}.
   *
   * @param listener hears events
   * @return this companion
   */
  public Companion addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Starts following the TV; returns at once.
   *
   * @param ciiUrl the TV's CII URL, {@code ws://} or {@code wss://}
   * @param timelineSelector the timeline to follow, or null for the first one CII advertises
   * @throws SSLException if a {@code wss://} URL cannot be used
   * @throws IllegalStateException if already started or closed
   */
  public synchronized void start(URI ciiUrl, @Nullable String timelineSelector)
      throws SSLException {
    if (cii != null || closed) {
      throw new IllegalStateException("already started or closed");
    }
    this.requestedSelector = timelineSelector;
    cii =
        CiiClient.builder(ciiUrl)
            .readMode(readMode)
            .listener(new CiiEvents())
            .webSocket(config.webSocket())
            .start();
  }

  /** Hears CII; hands reconfiguration to the control thread. */
  private final class CiiEvents implements CiiClient.Listener {
    // event-loop confined: the next message is the first of a connection; the state before it
    private boolean first;
    private Cii previous = Cii.empty();

    @Override
    public void connected() {
      first = true;
      everConnected = true;
      tell(Listener::ciiConnected);
    }

    @Override
    public void disconnected(int code, String reason, boolean willReconnect) {
      tell(l -> l.ciiDisconnected(code, reason));
    }

    @Override
    public void changed(Cii state, Set<CiiProperty> changed, Cii message) {
      Cii before = previous;
      previous = state;
      for (CiiProperty property : changed) {
        tell(l -> l.ciiChanged(property, before, state));
      }
      // a whole state (a first message after connecting) may find TS down: retry it now
      boolean resync = first;
      first = false;
      onControl(() -> reconcile(state, resync));
    }

    @Override
    public void deviations(Set<Deviation> kinds, String text) {
      accepted(kinds);
    }

    @Override
    public void protocolError(String text, ProtocolException error) {
      rejected(CII, error);
    }

    @Override
    public void error(Throwable error) {
      log.debug("CII connection failed: {}", error.toString());
    }
  }

  /** Counts deviations the TV's messages were read with; says each new kind. Any thread. */
  private void accepted(Set<Deviation> kinds) {
    for (Deviation d : deviationLog.accepted(kinds)) {
      tell(l -> l.deviation(d));
    }
  }

  /** Counts a rejected message, warns (rate-limited) and tells the listeners. Any thread. */
  private void rejected(String protocol, ProtocolException error) {
    String reason = error.getMessage();
    deviationLog.rejected(protocol, reason);
    tell(l -> l.rejected(protocol, reason));
  }

  private void onControl(Runnable task) {
    try {
      control.execute(
          () -> {
            if (closed) {
              return;
            }
            try {
              task.run();
            } catch (RuntimeException e) {
              log.warn("companion reconfiguration failed", e);
            }
          });
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  /** Brings the WC and TS clients in line with the CII state. On the control thread. */
  private void reconcile(Cii state, boolean resync) {
    FollowPlan plan = FollowPlan.decide(state, requestedSelector);
    reconcileWallClock(state, plan);
    if (plan.tsProblem() != null) {
      problem(plan.tsProblem());
    }
    @Nullable TsTarget wanted = plan.ts();
    TsClockController c = controller;
    boolean tsDown = c == null || c.client() == null || !c.client().isConnected();
    if (!Objects.equals(wanted, target) || (resync && wanted != null && tsDown)) {
      startTs(wanted);
    }
  }

  private void reconcileWallClock(Cii state, FollowPlan plan) {
    URI webSocket = config.wallClockWebSocket();
    if (webSocket != null) {
      startWallClockWebSocket(webSocket);
      return;
    }
    @Nullable InetSocketAddress wanted = null;
    UdpUrl server = config.wallClockServer();
    if (server == null) {
      // follow CII
      if (plan.wallClockProblem() != null) {
        problem(plan.wallClockProblem());
      }
      server = plan.wallClockServer();
    }
    if (server != null) {
      try {
        wanted = UdpUrls.resolve(server);
      } catch (IOException e) {
        problem(FollowPlan.cannotUseWcUrl(state.wcUrl().value(), e.getMessage()));
      }
    }
    if (Objects.equals(wanted, wcServer)) {
      return;
    }
    WallClockClient old = wc;
    if (old != null) {
      old.close();
      wc = null;
    }
    wcServer = wanted;
    if (wanted == null) {
      unknownWallClock();
    } else {
      try {
        wc = WallClockClient.start(wanted, wallClock, config.wallClock());
      } catch (IOException e) {
        problem("cannot start the wall clock client for " + wanted + ": " + e.getMessage());
        wcServer = null;
      }
    }
    @Nullable InetSocketAddress now = wcServer;
    tell(l -> l.wallClockServer(now));
  }

  /**
   * Follows the wall clock over WebSocket, once: CII's {@code wcUrl} does not change the server. On
   * the control thread.
   */
  private void startWallClockWebSocket(URI url) {
    if (wcWebSocket != null) {
      return;
    }
    try {
      wcWebSocket =
          WallClockWebSocketClient.start(
              url, wallClock, config.wallClock(), config.webSocket(), null);
    } catch (IOException | RuntimeException e) {
      problem("cannot start the wall clock client for " + url + ": " + e.getMessage());
      return;
    }
    int port =
        url.getPort() >= 0 ? url.getPort() : "wss".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    InetSocketAddress server = InetSocketAddress.createUnresolved(url.getHost(), port);
    tell(l -> l.wallClockServer(server));
  }

  /** Marks the wall clock's error unknown (infinite): no server measures it. */
  private void unknownWallClock() {
    wallClock.setCorrelation(wallClock.correlation().withInitialError(Double.POSITIVE_INFINITY));
  }

  /** Closes the TS controller, if any, and starts one for {@code wanted}. On the control thread. */
  private void startTs(@Nullable TsTarget wanted) {
    currentTs = null;
    TsClockController old = controller;
    reporting = null;
    if (old != null) {
      old.close();
      controller = null;
    }
    CorrelatedClock clock =
        new CorrelatedClock(
            wallClock, wanted == null ? FollowPlan.PTS_TICK_RATE : wanted.tickRate());
    clock.setAvailability(false);
    timeline = clock;
    target = wanted;
    tell(l -> l.following(wanted));
    if (wanted == null) {
      return;
    }
    lastProblem = null;
    Object token = new Object();
    currentTs = token;
    TsClockController.Listener events =
        new TsClockController.Listener() {
          private boolean current() {
            return currentTs == token && !closed;
          }

          @Override
          public void connected() {
            if (current()) {
              tell(Listener::tsConnected);
            }
          }

          @Override
          public void disconnected(int code, String reason, boolean willReconnect) {
            if (current()) {
              tell(l -> l.tsDisconnected(code, reason));
            }
          }

          @Override
          public void timingChanged(boolean speedChanged) {
            if (current()) {
              tell(l -> l.timingChanged(speedChanged));
            }
          }

          @Override
          public void timelineAvailable() {
            if (current()) {
              tell(Listener::timelineAvailable);
            }
          }

          @Override
          public void timelineUnavailable() {
            if (current()) {
              tell(Listener::timelineUnavailable);
            }
          }

          @Override
          public void deviations(Set<Deviation> kinds) {
            accepted(kinds);
          }

          @Override
          public void timelineJumped(double seconds) {
            if (current()) {
              jumps.updateAndGet(j -> j.plus(seconds));
            }
          }
        };
    TsClient.Listener errors =
        new TsClient.Listener() {
          @Override
          public void protocolError(String text, ProtocolException error) {
            rejected(TS, error);
          }

          @Override
          public void error(Throwable error) {
            log.debug("TS connection failed: {}", error.toString());
          }
        };
    try {
      TsClockController c =
          TsClockController.builder(clock)
              .config(config.timestamps())
              .listener(events)
              .start(
                  wanted.tsUrl(),
                  new SetupData(wanted.contentIdStem(), wanted.timelineSelector()),
                  config.webSocket(),
                  List.of(errors));
      controller = c;
      reporting = c;
    } catch (SSLException | RuntimeException e) {
      problem("cannot connect to " + wanted.tsUrl() + ": " + e.getMessage());
      target = null;
    }
  }

  private void problem(String message) {
    if (!message.equals(lastProblem)) {
      lastProblem = message;
      log.debug("companion: {}", message);
      tell(l -> l.problem(message));
    }
  }

  private interface Call {
    void to(Listener listener);
  }

  private void tell(Call call) {
    for (Listener l : listeners) {
      try {
        call.to(l);
      } catch (RuntimeException e) {
        log.warn("companion listener threw; carrying on", e);
      }
    }
  }

  // ---- read-outs ----

  /**
   * The configuration this companion was made with.
   *
   * @return the configuration
   */
  public CompanionConfig config() {
    return config;
  }

  /**
   * How the TV's messages are read.
   *
   * @return the mode given at construction ({@link ReadMode#TOLERANT} by default)
   */
  public ReadMode readMode() {
    return readMode;
  }

  /**
   * The deviations from the spec accepted so far, on CII and TS.
   *
   * @return for each kind seen, the number of messages read with it; unmodifiable, in {@link
   *     Deviation} order; empty for a TV that follows the spec
   */
  public Map<Deviation, Long> deviations() {
    return deviationLog.deviations();
  }

  /**
   * The messages rejected so far (not readable in the companion's mode).
   *
   * @return for each protocol ({@link #CII}, {@link #TS}) with any, the number rejected;
   *     unmodifiable
   */
  public Map<String, Long> rejectedMessages() {
    return deviationLog.rejected();
  }

  /**
   * How much the timeline's position jumped when the TV's changes were applied to it while it was
   * available (see {@link TsClockController.Jumps}): a pause that a TV reports 2 s late makes a 2 s
   * jump. Over the companion's whole life, across TS reconnections and timelines.
   *
   * @return the jumps so far
   */
  public TsClockController.Jumps timelineJumps() {
    return jumps.get();
  }

  /**
   * Whether the CII connection has ever opened.
   *
   * @return true once it has
   */
  public boolean hasConnected() {
    return everConnected;
  }

  /**
   * Whether the CII connection is open.
   *
   * @return true while it is
   */
  public boolean isCiiConnected() {
    CiiClient c = cii;
    return c != null && c.isConnected();
  }

  /**
   * The mirror of the TV's CII state.
   *
   * @return the state (empty before the first message)
   */
  public Cii cii() {
    CiiClient c = cii;
    return c == null ? Cii.empty() : c.state();
  }

  /**
   * CII's content id.
   *
   * @return the content id, or null if none
   */
  public @Nullable String contentId() {
    return cii().contentId().orNull();
  }

  /**
   * CII's presentation status.
   *
   * @return its tokens joined by spaces, or null if not known
   */
  public @Nullable String presentationStatus() {
    Presence<List<String>> p = cii().presentationStatus();
    return p.hasValue() ? String.join(" ", p.value()) : null;
  }

  /**
   * The wall clock: nanoseconds (1e9 ticks per second) on this machine's monotonic clock, following
   * the TV's wall clock. Its {@link CorrelatedClock#dispersion() dispersion()} is its error bound
   * ({@link #wallClockDispersion()}). The same clock for the companion's whole life; read it,
   * schedule on it, do not change it.
   *
   * @return the wall clock
   */
  public CorrelatedClock wallClock() {
    return wallClock;
  }

  /**
   * The wall clock's error bound: how far its reading can be from the TV's wall clock now.
   *
   * @return seconds; infinite before a first measurement, and while no CSS-WC server is known
   */
  public double wallClockDispersion() {
    return wallClock.dispersion();
  }

  /**
   * What the TS connection follows.
   *
   * @return the target, or null if nothing is followed
   */
  public @Nullable TsTarget target() {
    return target;
  }

  /**
   * The timeline followed.
   *
   * @return its selector, or null if none
   */
  public @Nullable String timelineSelector() {
    TsTarget t = target;
    return t == null ? null : t.timelineSelector();
  }

  /**
   * The current timeline clock: a child of {@link #wallClock()} ticking at the timeline's rate
   * ({@link TsTarget#tickRate()}), available while the TV says the timeline is. Its {@link
   * CorrelatedClock#dispersion() dispersion()} is the error bound of its position in seconds of
   * content time, including the wall clock's scaled by the speed. A new clock replaces it whenever
   * the TS target changes ({@link Listener#following}), so read this again rather than keeping the
   * clock; read it, schedule on it, do not change it.
   *
   * @return the timeline clock
   */
  public CorrelatedClock timelineClock() {
    return timeline;
  }

  /**
   * Sends the companion's own presentation timing to the TV on the current CSS-TS connection (a
   * player synchroniser's report of where its player is; see {@code
   * org.dvbcss.companion.player.PlayerSynchroniser}). Any thread.
   *
   * @param timing the actual, earliest and latest presentation timestamps: content times in ticks
   *     of the current timeline ({@link #timelineClock()}), wall clock times in nanoseconds of
   *     {@link #wallClock()}
   * @return true if queued on an open TS connection; false if none is open (dropped)
   */
  public boolean sendTimingReport(AptEptLpt timing) {
    Objects.requireNonNull(timing, "timing");
    TsClockController c = reporting;
    TsClient client = c == null || closed ? null : c.client();
    return client != null && client.send(timing);
  }

  /**
   * Whether the timeline is available (the TV says so and the wall clock is available).
   *
   * @return true if available
   */
  public boolean isTimelineAvailable() {
    return timeline.isAvailable();
  }

  /**
   * Everything at once.
   *
   * @return a snapshot; the timeline fields are read from one clock
   */
  public Status status() {
    CorrelatedClock clock = timeline;
    boolean available = clock.isAvailable();
    double ticks = available ? clock.ticks() : Double.NaN;
    return new Status(
        isCiiConnected(),
        contentId(),
        presentationStatus(),
        wallClock.dispersion(),
        timelineSelector(),
        available,
        ticks,
        ticks / clock.tickRate(),
        available ? clock.speed() : Double.NaN,
        clock.dispersion());
  }

  /**
   * Stops following: closes the CII, TS and WC clients and the control thread. Idempotent; waits
   * (up to a few seconds) for the clients to close.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    CiiClient c = cii;
    if (c != null) {
      c.close();
    }
    control.shutdown();
    try {
      if (!control.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("companion control thread did not stop in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // the control thread has stopped: its fields are ours now
    TsClockController ts = controller;
    if (ts != null) {
      ts.close();
      controller = null;
    }
    WallClockClient w = wc;
    if (w != null) {
      w.close();
      wc = null;
    }
    WallClockWebSocketClient ww = wcWebSocket;
    if (ww != null) {
      ww.close();
      wcWebSocket = null;
    }
    deviationLog.flush();
  }
}
