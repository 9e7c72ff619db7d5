package org.dvbcss.protocol.companion;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.TimelineOption;
import org.dvbcss.protocol.wc.UdpUrl;
import org.jspecify.annotations.Nullable;

/**
 * What a companion follows, decided from the TV's CII state alone: the CSS-WC server, and the
 * CSS-TS endpoint with the setup to send it. {@link #decide(Cii, String)} makes the decision; a
 * companion compares it with what it follows now and reconnects what differs.
 *
 * <ul>
 *   <li><b>Wall clock.</b> CII's {@code wcUrl}, parsed with {@link UdpUrl#parse(String, int)} (port
 *       {@value UdpUrl#CONVENTIONAL_PORT} if it gives none). None if {@code wcUrl} is absent or
 *       null; none, with a {@linkplain #wallClockProblem() problem}, if it cannot be parsed.
 *       Resolving a host name is left to the transport (it is I/O); a transport that cannot resolve
 *       one reports {@link #cannotUseWcUrl(String, String)}.
 *   <li><b>Timeline.</b> Nothing if {@code tsUrl} is absent or null. Otherwise {@code tsUrl} must
 *       be a {@code ws://} or {@code wss://} URI. The timeline is the requested selector, or else
 *       the first one {@code timelines} advertises; its tick rate is that entry's {@code
 *       unitsPerSecond / unitsPerTick}. A requested selector that CII does not advertise is
 *       followed only if its rate is known without CII: {@value #PTS} at 90000 ticks per second.
 *       The content id stem is CII's {@code contentId} ("" if it is absent or null).
 * </ul>
 *
 * <p>The problem texts are the ones the {@code dvbcss companion} command prints, for example {@code
 * cannot use tsUrl http://tv/ts: not ws:// or wss://} or {@code the TV does not advertise timeline
 * urn:x (it offers [urn:dvb:css:timeline:pts])}.
 *
 * <p>Immutable and thread safe.
 *
 * @param wallClockServer the CSS-WC server to follow, or null for none
 * @param wallClockProblem why {@code wcUrl} cannot be followed, or null if there is no problem
 * @param ts what the CSS-TS connection follows, or null for nothing
 * @param tsProblem why CSS-TS cannot be followed, or null if there is no problem
 */
public record FollowPlan(
    @Nullable UdpUrl wallClockServer,
    @Nullable String wallClockProblem,
    @Nullable TsTarget ts,
    @Nullable String tsProblem) {

  /** The PTS timeline selector; followed at 90000 ticks per second even if CII omits it. */
  public static final String PTS = "urn:dvb:css:timeline:pts";

  /** The tick rate of the {@linkplain #PTS PTS timeline}: 90000 ticks per second. */
  public static final double PTS_TICK_RATE = 90000;

  /**
   * Checks that a part with a problem has nothing to follow.
   *
   * @throws IllegalArgumentException if a part has both something to follow and a problem
   */
  public FollowPlan {
    if (wallClockServer != null && wallClockProblem != null) {
      throw new IllegalArgumentException("FollowPlan: a wall clock server and a problem with it");
    }
    if (ts != null && tsProblem != null) {
      throw new IllegalArgumentException("FollowPlan: a TS target and a problem with it");
    }
  }

  /**
   * Decides what to follow.
   *
   * @param state the TV's CII state (as a companion mirrors it)
   * @param timelineSelector the timeline requested, or null for the first one CII advertises
   * @return the decision
   */
  public static FollowPlan decide(Cii state, @Nullable String timelineSelector) {
    Objects.requireNonNull(state, "state");
    UdpUrl wc = null;
    String wcProblem = null;
    Presence<String> wcUrl = state.wcUrl();
    if (wcUrl.hasValue()) {
      try {
        wc = UdpUrl.parse(wcUrl.value(), UdpUrl.CONVENTIONAL_PORT);
      } catch (IllegalArgumentException e) {
        wcProblem = cannotUseWcUrl(wcUrl.value(), e.getMessage());
      }
    }
    TsDecision ts = tsTarget(state, timelineSelector);
    return new FollowPlan(wc, wcProblem, ts.target(), ts.problem());
  }

  /**
   * The problem text for a {@code wcUrl} that cannot be used, as {@link #decide} words it; for a
   * transport that could not resolve or reach the server the plan named.
   *
   * @param wcUrl CII's {@code wcUrl}, as CII gave it
   * @param reason why it cannot be used (an exception's message)
   * @return {@code cannot use wcUrl <wcUrl>: <reason>}
   */
  public static String cannotUseWcUrl(String wcUrl, @Nullable String reason) {
    return "cannot use wcUrl " + wcUrl + ": " + reason;
  }

  /**
   * The problems, wall clock first.
   *
   * @return zero, one or two problem texts
   */
  public List<String> problems() {
    List<String> out = new ArrayList<>(2);
    if (wallClockProblem != null) {
      out.add(wallClockProblem);
    }
    if (tsProblem != null) {
      out.add(tsProblem);
    }
    return List.copyOf(out);
  }

  /** The TS half of a plan: a target, a problem, or neither (nothing to follow). */
  private record TsDecision(@Nullable TsTarget target, @Nullable String problem) {
    static final TsDecision NOTHING = new TsDecision(null, null);

    static TsDecision problem(String text) {
      return new TsDecision(null, text);
    }
  }

  private static TsDecision tsTarget(Cii state, @Nullable String requested) {
    Presence<String> tsUrl = state.tsUrl();
    if (!tsUrl.hasValue()) {
      return TsDecision.NOTHING;
    }
    URI uri;
    try {
      uri = new URI(tsUrl.value());
    } catch (URISyntaxException e) {
      return TsDecision.problem("cannot use tsUrl " + tsUrl.value() + ": " + e.getMessage());
    }
    if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
      return TsDecision.problem("cannot use tsUrl " + uri + ": not ws:// or wss://");
    }
    List<TimelineOption> timelines =
        state.timelines().hasValue() ? state.timelines().value() : List.of();
    String selector = requested;
    if (selector == null) {
      if (timelines.isEmpty()) {
        return TsDecision.problem("the TV advertises no timelines; give one with --timeline");
      }
      selector = timelines.get(0).timelineSelector();
    }
    double tickRate = Double.NaN;
    for (TimelineOption option : timelines) {
      if (option.timelineSelector().equals(selector)) {
        tickRate = option.tickRate();
        break;
      }
    }
    if (Double.isNaN(tickRate)) {
      if (!PTS.equals(selector)) {
        List<String> offered = new ArrayList<>();
        timelines.forEach(t -> offered.add(t.timelineSelector()));
        return TsDecision.problem(
            "the TV does not advertise timeline " + selector + " (it offers " + offered + ")");
      }
      tickRate = PTS_TICK_RATE;
    }
    String stem = state.contentId().hasValue() ? state.contentId().value() : "";
    return new TsDecision(new TsTarget(uri, stem, selector, tickRate), null);
  }
}
