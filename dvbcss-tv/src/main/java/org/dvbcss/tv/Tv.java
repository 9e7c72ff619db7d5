package org.dvbcss.tv;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.SysClock;
import org.dvbcss.clock.TunableClock;
import org.dvbcss.net.cii.CiiServer;
import org.dvbcss.net.ts.ClockTimelineSource;
import org.dvbcss.net.ts.TsServer;
import org.dvbcss.net.wc.WallClockServer;
import org.dvbcss.net.ws.WebSocketSecurity;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.dvbcss.protocol.cii.ContentIdStatus;
import org.dvbcss.protocol.cii.TimelineOption;
import org.jspecify.annotations.Nullable;

/**
 * A simulated HbbTV 2 TV: CSS-CII at {@code /cii} and CSS-TS at {@code /ts} on one WebSocket
 * server, CSS-WC on UDP, all on one wall clock (this machine's monotonic clock, nanoseconds).
 *
 * <p><b>What it presents.</b> One of {@link DemoContent#CONTENT_IDS} at a time, announced with
 * {@code contentIdStatus} "final", and three timelines that progress in real time while playing:
 *
 * <ul>
 *   <li>{@link DemoContent#PTS} at 90 kHz: a {@link TunableClock} under the wall clock, the
 *       position of the presentation; pause, play, speed and seek act on it.
 *   <li>{@link DemoContent#TEMI} at 1 kHz and {@link DemoContent#DASH} at 1 kHz: children of PTS
 *       that read 0 when PTS does, so they follow every pause, seek and speed change.
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
 * ({@code transitionMillis}) announces "okay". The TS server's content id follows CII's at once.
 *
 * <p><b>Availability.</b> {@link #toggleTimeline(String)} stops (or resumes) serving one timeline
 * on CSS-TS: companions following it are sent "unavailable". CII keeps listing it: the content
 * still has that timeline, it is just not being delivered now, like a TEMI timeline missing from
 * the broadcast for a while.
 *
 * <p>Threading: thread safe. Controls may be called from any thread; they are serialised, and
 * companions hear each change on the thread that made it. Read-outs are snapshots.
 */
public final class Tv implements AutoCloseable {
  /** A timeline the TV serves, with its CII units. Its tick rate is units per second per tick. */
  public enum Timeline {
    /** PTS: 90 kHz. */
    PTS("pts", DemoContent.PTS, 1, 90_000),
    /** TEMI 1:1: 1 kHz. */
    TEMI("temi", DemoContent.TEMI, 1, 1_000),
    /** DASH period-relative, 1000 units per second: 1 kHz. */
    DASH("dash", DemoContent.DASH, 1, 1_000);

    private final String shortName;
    private final String selector;
    private final long unitsPerTick;
    private final long unitsPerSecond;

    Timeline(String shortName, String selector, long unitsPerTick, long unitsPerSecond) {
      this.shortName = shortName;
      this.selector = selector;
      this.unitsPerTick = unitsPerTick;
      this.unitsPerSecond = unitsPerSecond;
    }

    /**
     * The short name used by the keyboard and scripts.
     *
     * @return {@code pts}, {@code temi} or {@code dash}
     */
    public String shortName() {
      return shortName;
    }

    /**
     * The timeline selector.
     *
     * @return a URN
     */
    public String selector() {
      return selector;
    }

    /**
     * The tick rate served and advertised.
     *
     * @return ticks per second
     */
    public double tickRate() {
      return (double) unitsPerSecond / unitsPerTick;
    }

    /**
     * How CII advertises this timeline.
     *
     * @return the {@code timelines} entry
     */
    public TimelineOption option() {
      return new TimelineOption(selector, unitsPerTick, unitsPerSecond);
    }

    /**
     * The timeline named by a short name ({@code pts}, {@code temi}, {@code dash}, any case) or a
     * selector.
     *
     * @param name the name
     * @return the timeline
     * @throws IllegalArgumentException if none has that name
     */
    public static Timeline named(String name) {
      for (Timeline t : values()) {
        if (t.shortName.equalsIgnoreCase(name.trim()) || t.selector.equals(name.trim())) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown timeline '" + name + "': pts, temi or dash");
    }
  }

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
   * @param wcAnswered CSS-WC requests answered so far
   */
  public record Status(
      String contentId,
      List<String> presentationStatus,
      double positionSeconds,
      double speed,
      Map<Timeline, Boolean> available,
      int ciiConnections,
      int tsConnections,
      long wcAnswered) {

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

  private final SysClock wallClock = new SysClock(); // System.nanoTime, 1e9 ticks per second
  private final TunableClock pts;
  private final Map<Timeline, ClockTimelineSource> sources = new LinkedHashMap<>();
  private final Map<Timeline, Boolean> available = new LinkedHashMap<>(); // guarded by this
  private final CiiServer cii;
  private final TsServer ts;
  private final long transitionMillis;
  private final ScheduledExecutorService scheduler;
  private final WallClockServer wc;
  private final WebSocketServer server;
  private int contentIndex; // guarded by this
  private @Nullable ScheduledFuture<?> pendingOkay; // guarded by this

  private Tv(
      InetSocketAddress wsAddress,
      InetSocketAddress wcAddress,
      long transitionMillis,
      WebSocketSecurity security,
      Consumer<WebSocketServer.Builder> wsOptions,
      Consumer<WallClockServer.Builder> wcOptions)
      throws IOException {
    this.transitionMillis = transitionMillis;
    String contentId = DemoContent.CONTENT_IDS.get(0);
    ts = new TsServer(wallClock, contentId);
    List<TimelineOption> options = new ArrayList<>();
    for (Timeline t : Timeline.values()) {
      options.add(t.option());
    }
    WallClockServer.Builder wcBuilder = WallClockServer.builder(wallClock).bind(wcAddress);
    wcOptions.accept(wcBuilder);
    WallClockServer wcServer = wcBuilder.start();
    try {
      cii =
          new CiiServer(
              Cii.builder()
                  .protocolVersion(Cii.PROTOCOL_VERSION)
                  .contentId(contentId)
                  .contentIdStatus(ContentIdStatus.FINAL)
                  .presentationStatus(List.of("okay"))
                  .wcUrl("udp://{{host}}:" + wcServer.localAddress().getPort())
                  .tsUrl(security.scheme() + "://{{host}}:{{port}}" + TsServer.PATH)
                  .timelines(options)
                  .build(),
              EnumSet.of(CiiProperty.WC_URL, CiiProperty.TS_URL));
      WebSocketServer.Builder builder =
          security
              .applyTo(WebSocketServer.builder())
              .bind(wsAddress)
              .endpoint(CiiServer.PATH, cii)
              .endpoint(TsServer.PATH, ts);
      wsOptions.accept(builder);
      server = builder.start();
    } catch (IOException | RuntimeException e) {
      wcServer.close();
      throw e;
    }
    wc = wcServer;
    // the content starts from 0 now that companions can reach it
    pts = new TunableClock(wallClock, Timeline.PTS.tickRate(), 0);
    sources.put(Timeline.PTS, new ClockTimelineSource(Timeline.PTS.selector(), wallClock, pts));
    for (Timeline t : List.of(Timeline.TEMI, Timeline.DASH)) {
      CorrelatedClock child = new CorrelatedClock(pts, t.tickRate(), new Correlation(0, 0));
      sources.put(t, new ClockTimelineSource(t.selector(), wallClock, child));
    }
    for (Map.Entry<Timeline, ClockTimelineSource> e : sources.entrySet()) {
      ts.attach(e.getValue());
      available.put(e.getKey(), true);
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tv-transition");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Binds CSS-CII and CSS-TS on one WebSocket server and CSS-WC on UDP, and starts presenting the
   * first content id from PTS 0, playing. Returns once everything is bound.
   *
   * @param wsAddress where to bind the WebSocket server (port 0 picks a free one)
   * @param wcAddress where to bind the CSS-WC server (port 0 picks a free one)
   * @param transitionMillis how long presentationStatus stays "transitioning" after a content
   *     change, milliseconds, not negative
   * @return the running TV; close it to stop
   * @throws IOException if a server cannot bind
   */
  public static Tv start(
      InetSocketAddress wsAddress, InetSocketAddress wcAddress, long transitionMillis)
      throws IOException {
    return start(wsAddress, wcAddress, transitionMillis, WebSocketSecurity.NONE, b -> {}, b -> {});
  }

  /**
   * Like {@link #start(InetSocketAddress, InetSocketAddress, long)}, with an {@code Origin}
   * allow-list and TLS for the WebSocket server, more WebSocket server settings (connection limit,
   * frame size, idle timeout, ...) and more CSS-WC server settings, such as a rate limit. With TLS,
   * every WebSocket URL the TV prints or advertises in CII ({@code tsUrl}) is {@code wss://}.
   *
   * @param wsAddress where to bind the WebSocket server (port 0 picks a free one)
   * @param wcAddress where to bind the CSS-WC server (port 0 picks a free one)
   * @param transitionMillis how long presentationStatus stays "transitioning" after a content
   *     change, milliseconds, not negative
   * @param security the allow-list and TLS files
   * @param wsOptions called once, on the calling thread, with the WebSocket server's builder (after
   *     the address, endpoints and security) before it starts
   * @param wcOptions called once, on the calling thread, with the CSS-WC server's builder (already
   *     bound to {@code wcAddress}) before it starts
   * @return the running TV; close it to stop
   * @throws IOException if a server cannot bind or the TLS files cannot be used
   */
  public static Tv start(
      InetSocketAddress wsAddress,
      InetSocketAddress wcAddress,
      long transitionMillis,
      WebSocketSecurity security,
      Consumer<WebSocketServer.Builder> wsOptions,
      Consumer<WallClockServer.Builder> wcOptions)
      throws IOException {
    if (transitionMillis < 0) {
      throw new IllegalArgumentException("transitionMillis must not be negative");
    }
    return new Tv(
        Objects.requireNonNull(wsAddress, "wsAddress"),
        Objects.requireNonNull(wcAddress, "wcAddress"),
        transitionMillis,
        Objects.requireNonNull(security, "security"),
        Objects.requireNonNull(wsOptions, "wsOptions"),
        Objects.requireNonNull(wcOptions, "wcOptions"));
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
   * The CSS-WC URL as bound, {@code udp://host:port}.
   *
   * @return the URL
   */
  public String wcUrl() {
    return wc.url();
  }

  /**
   * The CII state as set (before per-companion rewriting of {@code {{host}}} and {@code {{port}}}).
   *
   * @return the state
   */
  public Cii cii() {
    return cii.state();
  }

  /**
   * The TV's true PTS position, read now: what companions estimate. Reading it changes nothing.
   *
   * @return PTS ticks (90 kHz)
   */
  public double ptsTicks() {
    return pts.ticks();
  }

  /** Pauses: PTS (and so every timeline) stops at its current position; speed 0. */
  public synchronized void pause() {
    pts.setSpeed(0);
  }

  /** Plays at normal speed (speed 1) from the current position. */
  public synchronized void play() {
    pts.setSpeed(1);
  }

  /**
   * Pauses if moving, otherwise plays at speed 1.
   *
   * @return true if now playing
   */
  public synchronized boolean togglePlay() {
    boolean playing = pts.speed() == 0;
    pts.setSpeed(playing ? 1 : 0);
    return playing;
  }

  /**
   * Sets the playback speed from the current position.
   *
   * @param speed finite; 0 pauses, 2 is double speed, negative plays backwards
   */
  public synchronized void setSpeed(double speed) {
    if (!Double.isFinite(speed)) {
      throw new IllegalArgumentException("speed must be finite: " + speed);
    }
    pts.setSpeed(speed);
  }

  /**
   * Moves the position by a relative amount, not before 0.
   *
   * @param seconds seconds to skip forward (negative: back)
   */
  public synchronized void seek(double seconds) {
    if (!Double.isFinite(seconds)) {
      throw new IllegalArgumentException("seconds must be finite: " + seconds);
    }
    double ticks = seconds * Timeline.PTS.tickRate();
    double now = pts.ticks();
    pts.adjustTicks(Math.max(ticks, -now));
  }

  /**
   * Changes to the next content id: CII announces it as "transitioning" (TS matches stems against
   * it at once), the timelines restart from 0 at speed 1, and {@code transitionMillis} later CII
   * announces "okay".
   *
   * @return the new content id
   */
  public synchronized String nextContent() {
    contentIndex = (contentIndex + 1) % DemoContent.CONTENT_IDS.size();
    String contentId = DemoContent.CONTENT_IDS.get(contentIndex);
    if (pendingOkay != null) {
      pendingOkay.cancel(false);
    }
    ts.setContentId(contentId); // first, so companions of the old content hear no restart
    pts.setCorrelationAndSpeed(new Correlation(wallClock.ticks(), 0), 1);
    cii.update(
        Cii.builder()
            .contentId(contentId)
            .contentIdStatus(ContentIdStatus.FINAL)
            .presentationStatus(List.of("transitioning"))
            .build());
    pendingOkay = scheduler.schedule(this::okay, transitionMillis, TimeUnit.MILLISECONDS);
    return contentId;
  }

  private synchronized void okay() {
    cii.update(Cii.builder().presentationStatus(List.of("okay")).build());
    pendingOkay = null;
  }

  /**
   * Stops or resumes serving one timeline on CSS-TS.
   *
   * @param name a short name ({@code pts}, {@code temi}, {@code dash}) or a selector
   * @return true if the timeline is now served
   * @throws IllegalArgumentException if no timeline has that name
   */
  public synchronized boolean toggleTimeline(String name) {
    Timeline t = Timeline.named(name);
    boolean on = !available.get(t);
    if (on) {
      ts.attach(sources.get(t));
    } else {
      ts.detach(sources.get(t));
    }
    available.put(t, on);
    return on;
  }

  /**
   * A snapshot of what the TV presents and who is connected.
   *
   * @return the status
   */
  public synchronized Status status() {
    Cii state = cii.state();
    return new Status(
        state.contentId().value(),
        state.presentationStatus().value(),
        pts.ticks() / Timeline.PTS.tickRate(),
        pts.speed(),
        Collections.unmodifiableMap(new LinkedHashMap<>(available)),
        cii.connectionCount(),
        ts.connectionCount(),
        wc.counters().answered());
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
    return new int[] {cii.connectionCount(), ts.connectionCount()};
  }

  /** Stops the servers (companions are disconnected). Idempotent. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      server.close();
    } finally {
      wc.close();
    }
  }
}
