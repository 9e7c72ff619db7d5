package org.dvbcss.tv;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.cii.CiiServer;
import org.dvbcss.net.ts.TsServer;
import org.dvbcss.net.wc.WallClockServer;
import org.dvbcss.net.wc.WallClockServerConfig;
import org.dvbcss.net.wc.WallClockWebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.scheduler.ClockScheduler;
import org.dvbcss.scheduler.ScheduledTask;
import org.jspecify.annotations.Nullable;

/**
 * A running simulated HbbTV 2 TV: CSS-CII at {@code /cii} and CSS-TS at {@code /ts} on one
 * WebSocket server, CSS-WC on UDP, all on one wall clock (this machine's monotonic clock,
 * nanoseconds, or that clock offset and drifting as {@link TvConfig} says). What it presents is its
 * {@link TvModel}; this class binds the servers that serve it, rewrites {@code {{host}}}/{@code
 * {{port}}} per companion, and says "okay" after a content change.
 *
 * <pre>{@code
 * TvConfig config = TvConfig.builder()
 *     .webSocketAddress(new InetSocketAddress(7681))
 *     .wallClockAddress(new InetSocketAddress(6677))
 *     .build();
 * try (Tv tv = Tv.start(config)) {
 *   System.out.println("point companions at " + tv.ciiUrl());
 *   tv.seek(30);
 *   tv.nextContent();
 * }
 * }</pre>
 *
 * <p><b>What it presents.</b> One of {@link DemoContent#CONTENT_IDS} at a time, announced with
 * {@code contentIdStatus} "final", and three timelines that progress in real time while playing:
 *
 * <ul>
 *   <li>{@link Timeline#PTS} at 90 kHz: the position of the presentation; pause, play, speed and
 *       seek act on it.
 *   <li>{@link Timeline#TEMI} at 1 kHz and {@link Timeline#DASH} at 1 kHz: children of PTS that
 *       read 0 when PTS does, so they follow every pause, seek and speed change.
 * </ul>
 *
 * <p>CII's {@code timelines} lists each with {@code unitsPerTick}/{@code unitsPerSecond} taken from
 * the same {@link Timeline} constant that sets the served clock's tick rate, so what is advertised
 * is exactly what is served (unlike pydvbcss's TVDevice, whose documented and served TEMI rates
 * differ). {@code tsUrl} and {@code wcUrl} carry {@code {{host}}} (and {@code {{port}}} for TS),
 * rewritten per companion to the address it connected to.
 *
 * <p><b>Content changes.</b> {@link #nextContent()} announces the next content id with
 * presentationStatus "transitioning", restarts the timelines from 0 at speed 1, and a moment later
 * ({@link TvConfig#transition()}) announces "okay". The TS server's content id changes first, so
 * companions of the old content are told "unavailable" and never hear the restart.
 *
 * <p><b>Availability.</b> {@link #toggleTimeline(String)} stops (or resumes) serving one timeline
 * on CSS-TS: companions following it are sent "unavailable". CII keeps listing it: the content
 * still has that timeline, it is just not being delivered now, like a TEMI timeline missing from
 * the broadcast for a while.
 *
 * <p><b>Its page.</b> The same port serves the TV's web page at {@code /} ({@link #pageUrl()}): the
 * state above, live, the companions connected with their timing reports, and the controls. It is
 * fed by a WebSocket at {@code /status} that pushes a snapshot every 250 ms and after each control,
 * and takes the controls as JSON commands ({@code docs/tv-page.md}).
 *
 * <p><b>Faults.</b> Started with {@link Faults}, the TV reproduces what real TVs get wrong (see
 * {@link Fault}): deviant CII and TS text, full-state CII, ignored stems, control timestamps on a 2
 * s tick, late first messages (on a scheduler thread of the TV's own), connections closed on a
 * companion's messages, refusals by closing the connection, a shutdown without close frames, and
 * CSS-WC answers with a wrong precision or originate, no follow-up, or none at all after a
 * malformed datagram. Without faults it keeps to the specification.
 *
 * <p><b>Units.</b> Positions are seconds ({@link #seek}, {@link Status#positionSeconds()}) or PTS
 * ticks at 90 kHz ({@link #ptsTicks()}); speeds are multiples of normal speed; the transition time
 * is milliseconds.
 *
 * <p>Threading: thread safe. Controls may be called from any thread; they are serialised, and
 * companions hear each change on the thread that made it. The "okay" after a content change is sent
 * from a daemon thread of the TV's own. Read-outs are snapshots.
 */
public final class Tv implements AutoCloseable {
  /**
   * A snapshot for a status line.
   *
   * @param contentId the content id presented
   * @param presentationStatus CII's presentationStatus, e.g. {@code [okay]}
   * @param positionSeconds the PTS position, seconds since the content started
   * @param speed the playback speed (0 paused, 1 normal)
   * @param available each timeline and whether it is served now
   * @param ciiConnections companions connected to CSS-CII
   * @param tsConnections companions connected to CSS-TS
   * @param wcAnswered CSS-WC requests answered so far (on UDP)
   * @param wcWebSocketAnswered CSS-WC requests answered so far over WebSocket at {@code /wc}
   */
  public record Status(
      String contentId,
      List<String> presentationStatus,
      double positionSeconds,
      double speed,
      Map<Timeline, Boolean> available,
      int ciiConnections,
      int tsConnections,
      long wcAnswered,
      long wcWebSocketAnswered) {

    /**
     * A one-line summary.
     *
     * @return e.g. {@code content dvb://... [okay] pts 12.345 s speed 1.0 ...}
     */
    public String line() {
      StringBuilder offline = new StringBuilder();
      available.forEach(
          (t, on) -> {
            if (!on) {
              offline.append(offline.length() == 0 ? "  off:" : ",").append(t.shortName());
            }
          });
      return String.format(
          Locale.ROOT,
          "content %s %s  position %.3f s  speed %s  companions cii %d ts %d  wc answered %d%s",
          contentId,
          String.join(" ", presentationStatus),
          positionSeconds,
          speed,
          ciiConnections,
          tsConnections,
          wcAnswered,
          offline);
    }
  }

  private final Clock wallClock; // ticks in nanoseconds
  private final TvConfig config;
  private final TvModel model;
  private final long transitionMillis;
  private final WallClockServer wc;
  private final WallClockWebSocketEndpoint wcWebSocket; // the same clock and settings at /wc
  private final WebSocketServer server;
  private final @Nullable DialService dial;

  /** Runs the TV's timed work on its wall clock: "okay" after a transition, fault ticks. */
  private final ClockScheduler scheduler;

  private @Nullable ScheduledTask pendingOkay; // guarded by this

  /** The TV page's feed at {@code /status}. */
  private final StatusFeed statusFeed =
      new StatusFeed(this::statusJson, command -> command.apply(this));

  /** CSS-WC requests answered on UDP per second, for the page. */
  private final RequestRate wcRate = new RequestRate();

  /** CSS-WC requests answered over WebSocket per second, for the page. */
  private final RequestRate wcWebSocketRate = new RequestRate();

  private long contentChanges; // guarded by this

  private Tv(TvConfig config) throws IOException {
    this.config = config;
    this.transitionMillis = config.transition().toMillis();
    SysClock monotonic = new SysClock(); // System.nanoTime, 1e9 ticks per second
    this.wallClock =
        config.clockOffsetSeconds() == 0 && config.clockDriftPpm() == 0
            ? monotonic
            : CorrelatedClock.offsetAndDrift(
                monotonic, config.clockOffsetSeconds(), config.clockDriftPpm());
    WallClockServer wcServer =
        WallClockServer.start(
            wallClock, FaultyWallClock.apply(config.faults(), wallClockServerConfig(config)));
    wcWebSocket = new WallClockWebSocketEndpoint(wallClock, wcServer.config());
    scheduler = ClockScheduler.start(wallClock.timeSource());
    Faults faults = config.faults();
    WebSocketServerConfig ws = config.webSocket();
    try {
      model =
          new TvModel(
              wallClock,
              DemoContent.CONTENT_IDS,
              "udp://{{host}}:" + wcServer.localAddress().getPort(),
              (ws.isTls() ? "wss" : "ws") + "://{{host}}:{{port}}" + TsServer.PATH,
              faults,
              scheduler);
      WebSocketServerConfig.Builder b = ws.toBuilder();
      if (faults.has(Fault.REFUSE_BY_CLOSE)) {
        b.refuseByClosing(true);
      }
      if (faults.has(Fault.NO_CLOSE_FRAME)) {
        b.shutdownWithoutCloseFrame(true);
      }
      WebSocketServer.Builder sb =
          WebSocketServer.builder()
              .config(b.build())
              .endpoint(CiiServer.PATH, model.ciiEndpoint())
              .endpoint(TsServer.PATH, model.tsEndpoint())
              .endpoint(WallClockWebSocketEndpoint.PATH, wcWebSocket);
      dial =
          config.dial().enabled()
              ? new DialService(config.dial(), ws.isTls(), this::dialCiiUrl)
              : null;
      if (dial != null) {
        dial.addResources(sb);
      }
      WebAssets.register(sb);
      sb.endpoint(StatusFeed.PATH, statusFeed);
      server = sb.start();
      if (dial != null) {
        try {
          dial.startSsdp(server.localAddress().getPort());
        } catch (IOException | RuntimeException e) {
          server.close();
          throw e;
        }
      }
    } catch (IOException | RuntimeException e) {
      scheduler.close();
      wcServer.close();
      throw e;
    }
    wc = wcServer;
    model.restart(); // the content starts from 0 now that companions can reach it
    statusFeed.schedule(scheduler, wallClock);
  }

  /**
   * The CSS-WC server's settings, with a maximum frequency error that covers the wall clock's
   * drift: the configured figure (or, unset, the monotonic clock's own) plus {@code |drift|}.
   */
  private WallClockServerConfig wallClockServerConfig(TvConfig config) {
    WallClockServerConfig wcConfig = config.wallClock();
    if (config.clockDriftPpm() == 0) {
      return wcConfig;
    }
    double declared = wcConfig.maxFreqErrorPpm();
    if (Double.isNaN(declared)) {
      declared = wallClock.rootMaxFreqErrorPpm();
    }
    return wcConfig.toBuilder()
        .maxFreqErrorPpm(declared + Math.abs(config.clockDriftPpm()))
        .build();
  }

  /**
   * Binds CSS-CII and CSS-TS on one WebSocket server and CSS-WC on UDP, and starts presenting the
   * first content id from PTS 0, playing. Returns once everything is bound.
   *
   * @param config the servers' settings, the transition time, the faults, the wall clock's offset
   *     and drift
   * @return the running TV; close it to stop
   * @throws IOException if a server cannot bind or the TLS files cannot be used
   */
  public static Tv start(TvConfig config) throws IOException {
    return new Tv(Objects.requireNonNull(config, "config"));
  }

  /**
   * The configuration this TV was started with.
   *
   * @return the configuration
   */
  public TvConfig config() {
    return config;
  }

  /**
   * The faults this TV reproduces.
   *
   * @return the faults it was started with ({@link Faults#NONE} for none)
   */
  public Faults faults() {
    return model.faults();
  }

  /**
   * The CSS-CII URL a companion is pointed at, e.g. {@code ws://127.0.0.1:7681/cii} or, with TLS,
   * {@code wss://...} (for a server bound to every interface, the wildcard address as bound).
   *
   * @return the URL
   */
  public String ciiUrl() {
    return server.url(CiiServer.PATH);
  }

  /**
   * The CSS-TS URL as bound.
   *
   * @return the URL
   */
  public String tsUrl() {
    return server.url(TsServer.PATH);
  }

  /**
   * The TV's web page's URL as bound, e.g. {@code http://127.0.0.1:7681/} or, with TLS, {@code
   * https://...}: it shows what the TV presents and who is connected, live, with its controls.
   *
   * @return the URL
   */
  public String pageUrl() {
    // ws://... becomes http://..., wss://... https://...
    return server.url(WebAssets.PAGE_PATH).replaceFirst("^ws", "http");
  }

  /**
   * The CSS-WC URL as bound, {@code udp://host:port}.
   *
   * @return the URL
   */
  public String wcUrl() {
    return wc.url();
  }

  /**
   * The CSS-WC over WebSocket URL as bound, e.g. {@code ws://127.0.0.1:7681/wc} ({@code wss://}
   * with TLS): the same wall clock as {@link #wcUrl()}, in binary frames. CSS-CII does not
   * advertise it.
   *
   * @return the URL
   */
  public String wcWebSocketUrl() {
    return server.url(WallClockWebSocketEndpoint.PATH);
  }

  /**
   * What CSS-WC over WebSocket has done: sessions, requests answered and dropped.
   *
   * @return a snapshot
   */
  public WallClockWebSocketEndpoint.Counters wcWebSocketCounters() {
    return wcWebSocket.counters();
  }

  /**
   * The sessions open on CSS-WC over WebSocket now.
   *
   * @return each session's id and remote address
   */
  public List<WallClockWebSocketEndpoint.SessionInfo> wcWebSocketSessions() {
    return wcWebSocket.sessions();
  }

  /**
   * The model: what the TV presents, with every control and read-out. Changes made through it are
   * served as made; {@link TvModel#nextContent()} there leaves presentationStatus "transitioning"
   * (this TV's {@link #nextContent()} also says "okay" later).
   *
   * @return the model
   */
  public TvModel model() {
    return model;
  }

  /**
   * The CII state as set (before per-companion rewriting of {@code {{host}}} and {@code {{port}}}).
   *
   * @return the state
   */
  public Cii cii() {
    return model.cii();
  }

  /**
   * The TV's true PTS position, read now: what companions estimate. Reading it changes nothing.
   *
   * @return PTS ticks (90 kHz)
   */
  public double ptsTicks() {
    return model.ptsTicks();
  }

  /** Pauses: PTS (and so every timeline) stops at its current position; speed 0. */
  public void pause() {
    model.pause();
  }

  /** Plays at normal speed (speed 1) from the current position. */
  public void play() {
    model.play();
  }

  /**
   * Pauses if moving, otherwise plays at speed 1.
   *
   * @return true if now playing
   */
  public boolean togglePlay() {
    return model.togglePlay();
  }

  /**
   * Sets the playback speed from the current position.
   *
   * @param speed finite; 0 pauses, 2 is double speed, negative plays backwards
   * @throws IllegalArgumentException if not finite
   */
  public void setSpeed(double speed) {
    model.setSpeed(speed);
  }

  /**
   * Moves the position by a relative amount, not before 0.
   *
   * @param seconds seconds to skip forward (negative: back)
   * @throws IllegalArgumentException if not finite
   */
  public void seek(double seconds) {
    model.seek(seconds);
  }

  /**
   * Changes to the next content id ({@link TvModel#nextContent()}): CSS-TS matches stems against it
   * at once, the timelines restart from 0 at speed 1, CII announces it as "transitioning", and
   * {@link TvConfig#transition()} later (unless another change came first) CII announces "okay".
   *
   * @return the new content id
   */
  public synchronized String nextContent() {
    if (pendingOkay != null) {
      pendingOkay.cancel();
    }
    String contentId = model.nextContent();
    long change = ++contentChanges;
    pendingOkay =
        scheduler.runAt(
            wallClock,
            wallClock.ticks() + transitionMillis * 1e-3 * wallClock.tickRate(),
            () -> okay(change));
    return contentId;
  }

  /** Says "okay" for a content change, unless another came after it. On the scheduler thread. */
  private synchronized void okay(long change) {
    if (change == contentChanges) {
      model.setPresentationStatus(List.of("okay"));
      pendingOkay = null;
    }
  }

  /**
   * Stops or resumes serving one timeline on CSS-TS ({@link TvModel#toggleServed}).
   *
   * @param name a short name ({@code pts}, {@code temi}, {@code dash}) or a selector
   * @return true if the timeline is now served
   * @throws IllegalArgumentException if no timeline has that name
   */
  public boolean toggleTimeline(String name) {
    return model.toggleServed(Timeline.named(name));
  }

  /**
   * A snapshot of what the TV presents and who is connected.
   *
   * @return the status
   */
  public Status status() {
    TvModel.State state = model.state();
    return new Status(
        state.contentId(),
        state.presentationStatus(),
        state.positionSeconds(),
        state.speed(),
        state.served(),
        model.ciiConnectionCount(),
        model.tsConnectionCount(),
        wc.counters().answered(),
        wcWebSocket.counters().answered());
  }

  /**
   * The page's snapshot now, as the JSON text pushed on {@code /status}.
   *
   * @return the JSON text
   */
  String statusJson() {
    long now = Math.round(wallClock.ticks());
    Map<Timeline, Double> ticks = new EnumMap<>(Timeline.class);
    for (Timeline t : Timeline.values()) {
      ticks.put(t, model.timelineClock(t).ticks());
    }
    return new StatusSnapshot(
            now,
            model.state(),
            ticks,
            model.ciiConnections(),
            model.tsConnections(),
            wcRate.sample(wc.counters().answered(), now),
            wcWebSocketRate.sample(wcWebSocket.counters().answered(), now),
            wcWebSocket.sessions(),
            model.faults(),
            Map.of("cii", ciiUrl(), "ts", tsUrl(), "wc", wcUrl(), "wcWebSocket", wcWebSocketUrl()))
        .toJson();
  }

  /**
   * The page's feed, for tests.
   *
   * @return the feed
   */
  StatusFeed statusFeed() {
    return statusFeed;
  }

  /**
   * What the WebSocket server (CSS-CII and CSS-TS) has done: connections, refusals, closes by
   * cause.
   *
   * @return a snapshot
   */
  public WebSocketServer.Counters webSocketCounters() {
    return server.counters();
  }

  /**
   * How many companions are connected to CSS-CII and to CSS-TS.
   *
   * @return {CII, TS} session counts
   */
  public int[] companionCounts() {
    return new int[] {model.ciiConnectionCount(), model.tsConnectionCount()};
  }

  /** Stops the servers (companions are disconnected). Idempotent. */
  @Override
  public void close() {
    scheduler.close();
    try {
      if (dial != null) {
        dial.close();
      }
      server.close();
    } finally {
      wc.close();
    }
  }

  // DIAL: the CII URL a companion is told, and where the device description is

  /**
   * The CSS-CII URL advertised in DIAL's {@code X_HbbTV_InterDevSyncURL} to a companion that
   * reached this TV at {@code host}: the one place that decides it.
   *
   * @param host the host the companion's HTTP request arrived on, URI form (IPv6 bracketed)
   */
  private String dialCiiUrl(String host) {
    // zero-address-urls advertises the wildcard here too, as TVs in the field do
    String h = faults().has(Fault.ZERO_ADDRESS_URLS) ? "0.0.0.0" : host;
    return server.scheme() + "://" + h + ":" + server.localAddress().getPort() + CiiServer.PATH;
  }

  /**
   * The DIAL device description's URL as bound (the SSDP {@code LOCATION} a companion gets names
   * the address its search arrived on instead of a wildcard), e.g. {@code
   * http://0.0.0.0:7681/dial/dd.xml}.
   *
   * @return the URL, or null when DIAL is off
   */
  public @Nullable String dialLocation() {
    return dial == null ? null : dial.location(server.localAddress().getAddress());
  }

  /**
   * The DIAL SSDP responder's bound address, with the actual port.
   *
   * @return the address, or null when DIAL is off
   */
  public @Nullable InetSocketAddress ssdpAddress() {
    return dial == null ? null : dial.ssdpAddress();
  }
}
