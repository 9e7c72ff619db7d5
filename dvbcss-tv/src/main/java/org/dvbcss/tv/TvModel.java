package org.dvbcss.tv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.TunableClock;
import org.dvbcss.net.cii.CiiServer;
import org.dvbcss.net.ts.TsServer;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketSession;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.dvbcss.protocol.cii.CiiServerCore;
import org.dvbcss.protocol.cii.ContentIdStatus;
import org.dvbcss.protocol.cii.TimelineOption;
import org.dvbcss.protocol.ts.ClockTimelineSource;
import org.dvbcss.protocol.ts.TimelineSource;
import org.dvbcss.protocol.ts.TsServerCore;
import org.dvbcss.scheduler.ClockScheduler;
import org.jspecify.annotations.Nullable;

/**
 * What a TV presents, owned in one place: the content id and its status, the presentation status,
 * and the {@linkplain Timeline timelines} with their clocks and whether each is served now. It
 * feeds CSS-CII and CSS-TS from that one state, so the two cannot disagree: mount {@link
 * #ciiEndpoint()} at {@link CiiServer#PATH} and {@link #tsEndpoint()} at {@link TsServer#PATH} on a
 * {@link org.dvbcss.net.ws.WebSocketServer} (or let {@link Tv} do it), and change what is presented
 * only through this model's controls.
 *
 * <p><b>Timelines.</b> {@link Timeline#PTS} is a {@link TunableClock} under the wall clock, the
 * position of the presentation: pause, play, speed and seek act on it. {@link Timeline#TEMI} and
 * {@link Timeline#DASH} are children of PTS that read 0 when PTS does. Each is served on CSS-TS by
 * a clock-driven timeline source that pushes every real change to the companions following it, and
 * advertised in CII's {@code timelines} at exactly the rate served. A timeline that is not served
 * stays listed in CII (the content still has it; it is just not delivered now) and companions
 * following it are told it is unavailable.
 *
 * <p><b>Content changes.</b> {@link #changeContent} (and {@link #nextContent}) tell CSS-TS the new
 * content id first, so companions that followed the old content hear "unavailable" and never the
 * restarted timeline; then restart the timelines from 0 at speed 1, which companions whose stem
 * matches the new content hear; then announce the content id, its status and the presentation
 * status on CII together, so a companion that reacts to CII finds CSS-TS already presenting the new
 * content.
 *
 * <p><b>Faults.</b> A model made with {@link Faults} reproduces what real TVs get wrong ({@link
 * Fault}): its CII and TS endpoints rewrite the strict text they would send, resend the full CII
 * state, ignore stems, close connections on companions' messages, or send timeline changes only on
 * a tick of the {@link ClockScheduler} it was given ({@link Fault#SLOW_TIMESTAMPS}) and first
 * messages late on it ({@link Fault#FIRST_MESSAGE_LATE}, {@link Fault#LATE_FIRST_TIMESTAMP}). The
 * faults of the WebSocket server itself ({@link Fault#REFUSE_BY_CLOSE}, {@link
 * Fault#NO_CLOSE_FRAME}) are {@link Tv}'s to apply. Without faults it sends exactly what a model
 * made without them sends.
 *
 * <p><b>Units.</b> The wall clock ticks in nanoseconds; timeline positions are timeline ticks (at
 * {@link Timeline#tickRate()}) or seconds, as each method says; speeds are multiples of normal
 * speed (0 paused, 1 normal, negative backwards).
 *
 * <p><b>Threading.</b> Thread safe. Controls may be called from any thread; they are serialised (on
 * this model's lock), and companions are sent each change on the thread that made it, before the
 * control returns (a companion whose connection cannot take more now is sent the latest state once
 * it drains, on its event loop). With {@link Fault#SLOW_TIMESTAMPS} the timelines are sampled on
 * the scheduler's thread (or the thread that runs a manual scheduler's due tasks), under the
 * model's lock, and changes are sent from there. Read-outs are snapshots.
 */
public final class TvModel {
  /** The CII properties in which {@code {{host}}} and {@code {{port}}} are rewritten. */
  private static final EnumSet<CiiProperty> REWRITTEN =
      EnumSet.of(CiiProperty.WC_URL, CiiProperty.TS_URL);

  /** The faults that run on the scheduler. */
  private static final EnumSet<Fault> TIMED =
      EnumSet.of(Fault.SLOW_TIMESTAMPS, Fault.FIRST_MESSAGE_LATE, Fault.LATE_FIRST_TIMESTAMP);

  /** {@link Fault#SLOW_TIMESTAMPS_INTERVAL} in wall clock ticks (nanoseconds). */
  private static final double SLOW_TICKS = Fault.SLOW_TIMESTAMPS_INTERVAL.toNanos();

  /**
   * A snapshot of what is presented.
   *
   * @param contentId the content id presented
   * @param contentIdStatus its status
   * @param presentationStatus CII's presentationStatus, e.g. {@code [okay]}
   * @param positionSeconds the PTS position, seconds since the content started
   * @param speed the playback speed (0 paused, 1 normal)
   * @param served each timeline, in {@link Timeline} order, and whether CSS-TS serves it now
   */
  public record State(
      String contentId,
      ContentIdStatus contentIdStatus,
      List<String> presentationStatus,
      double positionSeconds,
      double speed,
      Map<Timeline, Boolean> served) {
    /** Copies the lists and the map. */
    public State {
      presentationStatus = List.copyOf(presentationStatus);
      served = Collections.unmodifiableMap(new LinkedHashMap<>(served));
    }
  }

  private final Clock wallClock;
  private final List<String> contentIds;
  private final TunableClock pts;
  private final Map<Timeline, Clock> clocks = new EnumMap<>(Timeline.class);
  private final Map<Timeline, TimelineSource> sources = new EnumMap<>(Timeline.class);
  private final List<SampledTimelineSource> sampled = new ArrayList<>();
  private final Map<Timeline, Boolean> served = new EnumMap<>(Timeline.class); // guarded by this
  private final CiiServer cii;
  private final TsServer ts;
  private final Faults faults;
  private final @Nullable ClockScheduler scheduler;
  private int contentIndex; // guarded by this

  /**
   * A TV presenting the first of {@code contentIds} with {@code contentIdStatus} "final" and
   * presentationStatus "okay", every timeline served, from PTS 0 now, playing at speed 1.
   *
   * @param wallClock the TV's wall clock, ticking in nanoseconds (1e9 ticks per second): its ticks
   *     are the wall clock times of the control timestamps
   * @param contentIds the content ids presented, the first now and the others in turn by {@link
   *     #nextContent()}; not empty
   * @param wcUrl the CSS-WC URL CII advertises, e.g. {@code udp://{{host}}:6677}; {@code {{host}}}
   *     and {@code {{port}}} are replaced per companion by the address and port it connected to
   * @param tsUrl the CSS-TS URL CII advertises, e.g. {@code ws://{{host}}:{{port}}/ts}, rewritten
   *     the same way
   * @throws IllegalArgumentException if the wall clock does not tick in nanoseconds or there is no
   *     content id
   */
  public TvModel(Clock wallClock, List<String> contentIds, String wcUrl, String tsUrl) {
    this(wallClock, contentIds, wcUrl, tsUrl, Faults.NONE, null);
  }

  /**
   * A TV like {@link #TvModel(Clock, List, String, String)} that reproduces some faults of real
   * TVs.
   *
   * @param wallClock the TV's wall clock, ticking in nanoseconds
   * @param contentIds the content ids presented; not empty
   * @param wcUrl the CSS-WC URL CII advertises
   * @param tsUrl the CSS-TS URL CII advertises
   * @param faults what to get wrong; {@link Faults#NONE} for nothing
   * @param scheduler runs the timed faults: with {@link Fault#SLOW_TIMESTAMPS}, the timelines are
   *     sampled every {@link Fault#SLOW_TIMESTAMPS_INTERVAL} of the wall clock, from now; with
   *     {@link Fault#FIRST_MESSAGE_LATE} and {@link Fault#LATE_FIRST_TIMESTAMP} it sends the
   *     delayed first messages (a manual scheduler lets a test move time by hand); its time source
   *     must be the wall clock's. Unused, and may be null, without timed faults. Closing it stops
   *     the ticks and the delayed messages.
   * @throws IllegalArgumentException as for {@link #TvModel(Clock, List, String, String)}, or if a
   *     timed fault has no scheduler or one on another time source
   */
  public TvModel(
      Clock wallClock,
      List<String> contentIds,
      String wcUrl,
      String tsUrl,
      Faults faults,
      @Nullable ClockScheduler scheduler) {
    this.faults = Objects.requireNonNull(faults, "faults");
    this.scheduler = scheduler;
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    if (wallClock.tickRate() != 1e9) {
      throw new IllegalArgumentException(
          "the wall clock must tick in nanoseconds, not at " + wallClock.tickRate() + " per s");
    }
    this.contentIds = List.copyOf(contentIds);
    if (this.contentIds.isEmpty()) {
      throw new IllegalArgumentException("no content id");
    }
    for (Fault timed : TIMED) {
      if (faults.has(timed)) {
        if (scheduler == null) {
          throw new IllegalArgumentException(
              "the fault " + timed.shortName() + " needs a scheduler");
        }
        if (scheduler.timeSource() != wallClock.timeSource()) {
          throw new IllegalArgumentException(
              "the scheduler must run on the wall clock's time source");
        }
      }
    }
    String contentId = this.contentIds.get(0);
    List<TimelineOption> options = new ArrayList<>();
    for (Timeline t : Timeline.values()) {
      options.add(t.option());
    }
    cii =
        new CiiServer(
            Cii.builder()
                .protocolVersion(Cii.PROTOCOL_VERSION)
                .contentId(contentId)
                .contentIdStatus(ContentIdStatus.FINAL)
                .presentationStatus(List.of("okay"))
                .wcUrl(Objects.requireNonNull(wcUrl, "wcUrl"))
                .tsUrl(Objects.requireNonNull(tsUrl, "tsUrl"))
                .timelines(options)
                .build(),
            REWRITTEN,
            ciiOptions(faults, scheduler));
    ts = new TsServer(wallClock, contentId, tsOptions(faults, scheduler, wallClock));
    pts = new TunableClock(wallClock, Timeline.PTS.tickRate(), 0);
    clocks.put(Timeline.PTS, pts);
    for (Timeline t : Timeline.values()) {
      if (t != Timeline.PTS) {
        clocks.put(t, new CorrelatedClock(pts, t.tickRate(), new Correlation(0, 0)));
      }
    }
    boolean slow = faults.has(Fault.SLOW_TIMESTAMPS);
    for (Timeline t : Timeline.values()) {
      ClockTimelineSource clocked = new ClockTimelineSource(t.selector(), wallClock, clocks.get(t));
      TimelineSource source = clocked;
      if (slow) {
        SampledTimelineSource s = new SampledTimelineSource(clocked);
        sampled.add(s);
        source = s;
      }
      sources.put(t, source);
      ts.attach(source);
      served.put(t, true);
    }
    if (slow) {
      scheduleSample(wallClock.ticks() + SLOW_TICKS);
    }
  }

  /** The CII server's options for these faults ({@link CiiServer.Options#DEFAULT} for none). */
  private static CiiServer.Options ciiOptions(Faults faults, @Nullable ClockScheduler scheduler) {
    CiiServer.Options o =
        new CiiServer.Options(
            faults.has(Fault.FULL_STATE)
                ? CiiServerCore.Updates.FULL_STATE
                : CiiServerCore.Updates.CHANGES,
            FaultyText.cii(faults));
    if (faults.has(Fault.FIRST_MESSAGE_LATE)) {
      o = o.withFirstMessageDelay(Fault.FIRST_MESSAGE_LATE_DELAY, scheduler);
    }
    return o.withCloseOnClientMessage(faults.has(Fault.CII_CLOSES_ON_CLIENT_MESSAGE));
  }

  /** The TS server's options for these faults ({@link TsServer.Options#DEFAULT} for none). */
  private static TsServer.Options tsOptions(
      Faults faults, @Nullable ClockScheduler scheduler, Clock wallClock) {
    long unixOffset = 0;
    if (faults.has(Fault.TIMESTAMPS_OFF_CLOCK)) {
      // Unix time in nanoseconds now, less the wall clock now: added to every wall clock time sent
      unixOffset =
          Math.multiplyExact(System.currentTimeMillis(), 1_000_000L)
              - Math.round(wallClock.ticks());
    }
    TsServer.Options o =
        new TsServer.Options(!faults.has(Fault.IGNORE_STEM), FaultyText.ts(faults, unixOffset));
    if (faults.has(Fault.LATE_FIRST_TIMESTAMP)) {
      o = o.withFirstTimestampDelay(Fault.LATE_FIRST_TIMESTAMP_DELAY, scheduler);
    }
    return o.withCloseOnPresentationTimestamps(faults.has(Fault.TS_CLOSES_ON_CLIENT_TIMESTAMP));
  }

  /** Samples the timelines when the wall clock reaches {@code at} ticks, and then every 2 s. */
  private void scheduleSample(double at) {
    ClockScheduler s = Objects.requireNonNull(scheduler);
    try {
      s.runAt(wallClock, at, () -> sampleTimelines(at));
    } catch (IllegalStateException closed) {
      // the scheduler was closed: no more ticks
    }
  }

  /** One tick of {@link Fault#SLOW_TIMESTAMPS}: companions hear what changed since the last. */
  private void sampleTimelines(double due) {
    synchronized (this) {
      for (SampledTimelineSource s : sampled) {
        s.sample();
      }
    }
    double next = due + SLOW_TICKS;
    double now = wallClock.ticks();
    while (next <= now) {
      next += SLOW_TICKS; // ticks missed (a busy or suspended machine) are not made up
    }
    scheduleSample(next);
  }

  /**
   * The faults this TV reproduces.
   *
   * @return the faults given at construction ({@link Faults#NONE} for none)
   */
  public Faults faults() {
    return faults;
  }

  /**
   * The CSS-CII endpoint, to mount at {@link CiiServer#PATH} ({@value CiiServer#PATH}).
   *
   * @return the endpoint
   */
  public WebSocketEndpoint ciiEndpoint() {
    return cii;
  }

  /**
   * The CSS-TS endpoint, to mount at {@link TsServer#PATH} ({@value TsServer#PATH}).
   *
   * @return the endpoint
   */
  public WebSocketEndpoint tsEndpoint() {
    return ts;
  }

  /**
   * The latest timing report (actual, earliest and latest presentation timestamps) of each
   * companion connected over CSS-TS that has sent one: content times in timeline ticks, wall clock
   * times in nanoseconds.
   *
   * @return a snapshot, in no particular order; safe to call from any thread
   */
  public List<TsServerCore.TimingReport> timingReports() {
    return ts.timingReports();
  }

  /**
   * The wall clock the model was given.
   *
   * @return the wall clock (nanoseconds)
   */
  public Clock wallClock() {
    return wallClock;
  }

  /**
   * The clock of a timeline, under the wall clock at the timeline's tick rate: read it, convert
   * with it, schedule on it; change it only through this model's controls.
   *
   * @param timeline the timeline
   * @return its clock, ticking at {@link Timeline#tickRate()}
   */
  public Clock timelineClock(Timeline timeline) {
    return clocks.get(Objects.requireNonNull(timeline, "timeline"));
  }

  /**
   * The content ids presented, in {@link #nextContent()} order.
   *
   * @return an unmodifiable list
   */
  public List<String> contentIds() {
    return contentIds;
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

  /**
   * What is presented now.
   *
   * @return a snapshot taken under the model's lock
   */
  public synchronized State state() {
    Cii state = cii.state();
    return new State(
        state.contentId().value(),
        state.contentIdStatus().value(),
        state.presentationStatus().value(),
        pts.ticks() / Timeline.PTS.tickRate(),
        pts.speed(),
        served);
  }

  /**
   * Whether CSS-TS serves a timeline now.
   *
   * @param timeline the timeline
   * @return true if served
   */
  public synchronized boolean isServed(Timeline timeline) {
    return served.get(Objects.requireNonNull(timeline, "timeline"));
  }

  /**
   * How many companions are connected to CSS-CII.
   *
   * @return a count
   */
  public int ciiConnectionCount() {
    return cii.connectionCount();
  }

  /**
   * How many companions are connected to CSS-TS (set up or not).
   *
   * @return a count
   */
  public int tsConnectionCount() {
    return ts.connectionCount();
  }

  /**
   * The companions connected to CSS-CII now, for display (their ids and addresses).
   *
   * @return a copy, ordered by id
   */
  public List<WebSocketSession> ciiConnections() {
    return cii.connections();
  }

  /**
   * The companions connected to CSS-TS now, with what each set up and reported last.
   *
   * @return a snapshot, ordered by id
   */
  public List<TsServer.Connection> tsConnections() {
    return ts.connections();
  }

  // ---- controls ----

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
   * @throws IllegalArgumentException if not finite
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
   * @throws IllegalArgumentException if not finite
   */
  public synchronized void seek(double seconds) {
    if (!Double.isFinite(seconds)) {
      throw new IllegalArgumentException("seconds must be finite: " + seconds);
    }
    double ticks = seconds * Timeline.PTS.tickRate();
    double now = pts.ticks();
    pts.adjustTicks(Math.max(ticks, -now));
  }

  /** Restarts the content: every timeline from 0, now, at speed 1. */
  public synchronized void restart() {
    pts.setCorrelationAndSpeed(new Correlation(wallClock.ticks(), 0), 1);
  }

  /**
   * Changes to the next of {@link #contentIds()} (after the first, the one after the last that this
   * method chose, cyclically), announced with {@code contentIdStatus} "final" and
   * presentationStatus "transitioning", as {@link #changeContent} does. Say "okay" with {@link
   * #setPresentationStatus} once the new content is presented ({@link Tv} does so after its
   * transition time).
   *
   * @return the new content id
   */
  public synchronized String nextContent() {
    contentIndex = (contentIndex + 1) % contentIds.size();
    String contentId = contentIds.get(contentIndex);
    changeContent(contentId, ContentIdStatus.FINAL, List.of("transitioning"));
    return contentId;
  }

  /**
   * Presents other content: CSS-TS matches companions' stems against {@code contentId} at once
   * (companions of the old content are told their timeline is unavailable), the timelines restart
   * from 0 at speed 1, and then CII announces the content id, its status and the presentation
   * status in one message.
   *
   * @param contentId the new content id
   * @param contentIdStatus its status
   * @param presentationStatus CII's presentationStatus tokens, e.g. {@code [transitioning]}; not
   *     empty
   * @throws IllegalArgumentException if {@code presentationStatus} is empty
   */
  public synchronized void changeContent(
      String contentId, ContentIdStatus contentIdStatus, List<String> presentationStatus) {
    Objects.requireNonNull(contentId, "contentId");
    Objects.requireNonNull(contentIdStatus, "contentIdStatus");
    List<String> status = checkedStatus(presentationStatus);
    for (SampledTimelineSource s : sampled) {
      s.forget(); // the old content's sample is not the new content's timeline
    }
    ts.setContentId(contentId); // first, so companions of the old content hear no restart
    restart();
    cii.update(
        Cii.builder()
            .contentId(contentId)
            .contentIdStatus(contentIdStatus)
            .presentationStatus(status)
            .build());
  }

  /**
   * Sets CII's presentationStatus, e.g. back to {@code [okay]} after a content change.
   *
   * @param presentationStatus the tokens; not empty
   * @throws IllegalArgumentException if empty
   */
  public synchronized void setPresentationStatus(List<String> presentationStatus) {
    cii.update(Cii.builder().presentationStatus(checkedStatus(presentationStatus)).build());
  }

  private static List<String> checkedStatus(List<String> presentationStatus) {
    List<String> status = List.copyOf(presentationStatus);
    if (status.isEmpty()) {
      throw new IllegalArgumentException("presentationStatus must not be empty");
    }
    return status;
  }

  /**
   * Starts or stops serving one timeline on CSS-TS: while it is not served, companions following it
   * are told it is unavailable. CII keeps listing it, like a TEMI timeline missing from the
   * broadcast for a while.
   *
   * @param timeline the timeline
   * @param on whether to serve it
   */
  public synchronized void setServed(Timeline timeline, boolean on) {
    Objects.requireNonNull(timeline, "timeline");
    if (served.get(timeline) == on) {
      return;
    }
    if (on) {
      ts.attach(sources.get(timeline));
    } else {
      ts.detach(sources.get(timeline));
    }
    served.put(timeline, on);
  }

  /**
   * Stops serving a served timeline, or serves one that is not, as {@link #setServed} does.
   *
   * @param timeline the timeline
   * @return true if the timeline is now served
   */
  public synchronized boolean toggleServed(Timeline timeline) {
    boolean on = !isServed(timeline);
    setServed(timeline, on);
    return on;
  }
}
