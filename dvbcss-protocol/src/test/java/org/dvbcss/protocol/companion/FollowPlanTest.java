package org.dvbcss.protocol.companion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.dvbcss.protocol.cii.ContentIdStatus;
import org.dvbcss.protocol.cii.TimelineOption;
import org.dvbcss.protocol.wc.UdpUrl;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FollowPlanTest {
  static final String PTS = "urn:dvb:css:timeline:pts";
  static final String TEMI = "urn:dvb:css:timeline:temi:1:1";

  static Cii tv() {
    return Cii.builder()
        .protocolVersion()
        .contentId("dvb://233a.1004.1044")
        .contentIdStatus(ContentIdStatus.FINAL)
        .presentationStatus(List.of("okay"))
        .wcUrl("udp://192.168.1.20:6677")
        .tsUrl("ws://192.168.1.20:7681/ts")
        .timelines(List.of(new TimelineOption(TEMI, 1, 1000), new TimelineOption(PTS, 1, 90000)))
        .build();
  }

  @Test
  void followsTheAdvertisedServerAndTheFirstTimeline() {
    FollowPlan plan = FollowPlan.decide(tv(), null);
    assertThat(plan.wallClockServer()).isEqualTo(new UdpUrl("192.168.1.20", 6677));
    assertThat(plan.ts())
        .isEqualTo(
            new TsTarget(
                URI.create("ws://192.168.1.20:7681/ts"), "dvb://233a.1004.1044", TEMI, 1000));
    assertThat(plan.problems()).isEmpty();
    assertThat(plan.wallClockProblem()).isNull();
    assertThat(plan.tsProblem()).isNull();
  }

  @Test
  void aRequestedSelectorTheTvAdvertisesIsFollowedAtItsRate() {
    Cii state =
        tv().toBuilder()
            .timelines(
                List.of(
                    new TimelineOption(TEMI, 1, 1000), new TimelineOption("urn:x", 1001, 30000)))
            .build();
    TsTarget ts = FollowPlan.decide(state, "urn:x").ts();
    assertThat(ts.timelineSelector()).isEqualTo("urn:x");
    assertThat(ts.tickRate()).isEqualTo(30000.0 / 1001);
  }

  @Test
  void theFirstAdvertisedEntryForASelectorGivesTheRate() {
    Cii state =
        tv().toBuilder()
            .timelines(List.of(new TimelineOption(TEMI, 1, 50), new TimelineOption(TEMI, 1, 25)))
            .build();
    assertThat(FollowPlan.decide(state, TEMI).ts().tickRate()).isEqualTo(50);
  }

  @Test
  void ptsIsFollowedAt90000EvenWhenNotAdvertised() {
    Cii state = tv().toBuilder().timelines(List.of(new TimelineOption(TEMI, 1, 1000))).build();
    assertThat(FollowPlan.decide(state, PTS).ts())
        .isEqualTo(
            new TsTarget(
                URI.create("ws://192.168.1.20:7681/ts"), "dvb://233a.1004.1044", PTS, 90000));
    assertThat(FollowPlan.decide(state.toBuilder().timelines(List.of()).build(), PTS).ts())
        .isNotNull();
    assertThat(
            FollowPlan.decide(state.toBuilder().setNull(CiiProperty.TIMELINES).build(), PTS)
                .ts()
                .tickRate())
        .isEqualTo(FollowPlan.PTS_TICK_RATE);
  }

  @Test
  void ptsAdvertisedAtAnotherRateIsFollowedAtTheAdvertisedOne() {
    Cii state = tv().toBuilder().timelines(List.of(new TimelineOption(PTS, 1, 45000))).build();
    assertThat(FollowPlan.decide(state, PTS).ts().tickRate()).isEqualTo(45000);
  }

  @Test
  void aSelectorTheTvDoesNotOfferIsAProblemSayingWhatItOffers() {
    FollowPlan plan = FollowPlan.decide(tv(), "urn:dvb:css:timeline:temi:9:9");
    assertThat(plan.ts()).isNull();
    assertThat(plan.tsProblem())
        .isEqualTo(
            "the TV does not advertise timeline urn:dvb:css:timeline:temi:9:9 (it offers"
                + " [urn:dvb:css:timeline:temi:1:1, urn:dvb:css:timeline:pts])");
    assertThat(plan.wallClockServer()).as("the wall clock is still followed").isNotNull();
    assertThat(plan.problems()).containsExactly(plan.tsProblem());

    Cii none = tv().toBuilder().timelines(Presence.nullValue()).build();
    assertThat(FollowPlan.decide(none, TEMI).tsProblem())
        .isEqualTo("the TV does not advertise timeline " + TEMI + " (it offers [])");
    assertThat(FollowPlan.decide(none, "").tsProblem())
        .isEqualTo("the TV does not advertise timeline  (it offers [])");
  }

  @Test
  void noTimelinesAndNoSelectorIsAProblem() {
    String expected = "the TV advertises no timelines; give one with --timeline";
    for (Presence<List<TimelineOption>> timelines :
        List.<Presence<List<TimelineOption>>>of(
            Presence.of(List.of()), Presence.nullValue(), Presence.absent())) {
      FollowPlan plan = FollowPlan.decide(tv().toBuilder().timelines(timelines).build(), null);
      assertThat(plan.ts()).isNull();
      assertThat(plan.tsProblem()).isEqualTo(expected);
    }
  }

  @Test
  void theStemIsTheContentIdOrEmpty() {
    assertThat(
            FollowPlan.decide(tv().toBuilder().contentId(Presence.nullValue()).build(), null)
                .ts()
                .contentIdStem())
        .isEmpty();
    assertThat(
            FollowPlan.decide(tv().toBuilder().omit(CiiProperty.CONTENT_ID).build(), null)
                .ts()
                .contentIdStem())
        .isEmpty();
    assertThat(FollowPlan.decide(tv().toBuilder().contentId("").build(), null).ts().contentIdStem())
        .isEmpty();
  }

  @Test
  void noTsUrlMeansNothingToFollowAndNoProblem() {
    for (Presence<String> tsUrl :
        List.<Presence<String>>of(Presence.nullValue(), Presence.absent())) {
      FollowPlan plan =
          FollowPlan.decide(tv().toBuilder().tsUrl(tsUrl).timelines(List.of()).build(), "urn:x");
      assertThat(plan.ts()).isNull();
      assertThat(plan.tsProblem()).isNull();
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://tv/ts | cannot use tsUrl http://tv/ts: not ws:// or wss://",
        "WS://tv/ts | cannot use tsUrl WS://tv/ts: not ws:// or wss://",
        "tv/ts | cannot use tsUrl tv/ts: not ws:// or wss://",
        "ws://a b/ts | cannot use tsUrl ws://a b/ts: Illegal character in authority at index 5:"
            + " ws://a b/ts",
      })
  void aTsUrlThatIsNotAWebSocketUrlIsAProblem(String tsUrl, String problem) {
    FollowPlan plan = FollowPlan.decide(tv().toBuilder().tsUrl(tsUrl).build(), null);
    assertThat(plan.ts()).isNull();
    assertThat(plan.tsProblem()).isEqualTo(problem);
  }

  @Test
  void wssIsFollowedToo() {
    FollowPlan plan = FollowPlan.decide(tv().toBuilder().tsUrl("wss://tv:443/ts").build(), null);
    assertThat(plan.ts().tsUrl()).isEqualTo(URI.create("wss://tv:443/ts"));
  }

  @ParameterizedTest
  @CsvSource({
    "udp://192.168.1.20:6677, 192.168.1.20, 6677",
    "udp://tv.local, tv.local, 6677",
    "udp://[::1]:1234, ::1, 1234",
    "udp://[fe80::1], fe80::1, 6677",
  })
  void theWallClockServerIsCiisWcUrl(String wcUrl, String host, int port) {
    FollowPlan plan = FollowPlan.decide(tv().toBuilder().wcUrl(wcUrl).build(), null);
    assertThat(plan.wallClockServer()).isEqualTo(new UdpUrl(host, port));
    assertThat(plan.wallClockProblem()).isNull();
  }

  @Test
  void noWcUrlMeansNoServerAndNoProblem() {
    for (Presence<String> wcUrl :
        List.<Presence<String>>of(Presence.nullValue(), Presence.absent())) {
      FollowPlan plan = FollowPlan.decide(tv().toBuilder().wcUrl(wcUrl).build(), null);
      assertThat(plan.wallClockServer()).isNull();
      assertThat(plan.wallClockProblem()).isNull();
      assertThat(plan.ts()).isNotNull();
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "udp://a b:6677 | cannot use wcUrl udp://a b:6677: Illegal character in authority at"
            + " index 6: udp://a b:6677",
        "http://tv:6677 | cannot use wcUrl http://tv:6677: WC_URL must be udp://host:port, was"
            + " http://tv:6677",
        "udp://my_tv:6677 | cannot use wcUrl udp://my_tv:6677: WC_URL must be udp://host:port, was"
            + " udp://my_tv:6677",
        "udp://tv:70000 | cannot use wcUrl udp://tv:70000: port out of range:70000",
      })
  void aWcUrlThatCannotBeUsedIsAProblem(String wcUrl, String problem) {
    FollowPlan plan = FollowPlan.decide(tv().toBuilder().wcUrl(wcUrl).build(), null);
    assertThat(plan.wallClockServer()).isNull();
    assertThat(plan.wallClockProblem()).isEqualTo(problem);
    assertThat(plan.ts()).as("the timeline is still followed").isNotNull();
  }

  @Test
  void bothProblemsAreListedWallClockFirst() {
    FollowPlan plan =
        FollowPlan.decide(tv().toBuilder().wcUrl("tcp://x").tsUrl("udp://x").build(), null);
    assertThat(plan.problems())
        .containsExactly(
            "cannot use wcUrl tcp://x: WC_URL must be udp://host:port, was tcp://x",
            "cannot use tsUrl udp://x: not ws:// or wss://");
  }

  @Test
  void aTransportThatCannotResolveTheServerWordsItTheSameWay() {
    assertThat(FollowPlan.cannotUseWcUrl("udp://tv.invalid:6677", "tv.invalid: Name unknown"))
        .isEqualTo("cannot use wcUrl udp://tv.invalid:6677: tv.invalid: Name unknown");
  }

  @Test
  void aPartWithAProblemHasNothingToFollow() {
    UdpUrl wc = new UdpUrl("tv", 6677);
    TsTarget ts = new TsTarget(URI.create("ws://tv/ts"), "", PTS, 90000);
    assertThatThrownBy(() -> new FollowPlan(wc, "x", null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FollowPlan(null, null, ts, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new FollowPlan(null, "a", null, "b").problems()).containsExactly("a", "b");
  }

  @Test
  void aTsTargetIsAWebSocketUrlAndAPositiveRate() {
    assertThatThrownBy(() -> new TsTarget(URI.create("http://tv/ts"), "", PTS, 90000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http://tv/ts");
    for (double rate : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new TsTarget(URI.create("ws://tv/ts"), "", PTS, rate))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tickRate");
    }
  }

  // ---- seeded comparison with the decision as the companion command has always made it ----

  static LongStream seeds() {
    return LongStream.range(0, 500);
  }

  private static final String[] WC_SCHEMES = {
    "udp://", "udp://", "udp://", "UDP://", "http://", "udp:", ""
  };
  private static final String[] WC_HOSTS = {
    "192.168.1.20", "tv.local", "[::1]", "[fe80::1%25eth0]", "my_tv", "", "a b", "[::1", "1.2.3.400"
  };
  private static final String[] WC_PORTS = {
    "", ":", ":1", ":6677", ":65535", ":65536", ":70000", ":99999999999", ":-1"
  };
  private static final String[] TS_URLS = {
    "ws://tv:7681/ts",
    "wss://tv/ts",
    "ws://[::1]:7681/ts",
    "http://tv/ts",
    "WS://tv/ts",
    "tv/ts",
    "ws://a b/ts",
    "ws:opaque",
    "",
    "ws://tv:7681/ts?x=1#f"
  };
  private static final String[] SELECTORS = {PTS, TEMI, "urn:x", "", "tag:y"};

  /**
   * For random CII states and selectors, the plan is what the companion command decided before this
   * class existed (reimplemented below as the reference): the same problem texts, the same server
   * host and port (the command resolved it; here it stays text), the same TS target. The one
   * difference: a {@code wcUrl} with port 0, user info, a path, a query or a fragment, which the
   * command followed, is now a problem.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void decidesAsTheCompanionCommandAlwaysHas(long seed) throws Exception {
    Random r = new Random(seed);
    Cii.Builder b = Cii.builder().protocolVersion();
    switch (r.nextInt(4)) {
      case 0 -> {}
      case 1 -> b.contentId(Presence.nullValue());
      default -> b.contentId("dvb://content/" + r.nextInt(100));
    }
    String wc = null;
    switch (r.nextInt(5)) {
      case 0 -> {}
      case 1 -> b.wcUrl(Presence.nullValue());
      default -> {
        wc =
            WC_SCHEMES[r.nextInt(WC_SCHEMES.length)]
                + WC_HOSTS[r.nextInt(WC_HOSTS.length)]
                + WC_PORTS[r.nextInt(WC_PORTS.length)]
                + (r.nextInt(6) == 0 ? "/" : "");
        b.wcUrl(wc);
      }
    }
    switch (r.nextInt(5)) {
      case 0 -> {}
      case 1 -> b.tsUrl(Presence.nullValue());
      default -> b.tsUrl(TS_URLS[r.nextInt(TS_URLS.length)]);
    }
    switch (r.nextInt(4)) {
      case 0 -> {}
      case 1 -> b.timelines(Presence.nullValue());
      default -> {
        List<TimelineOption> timelines = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          timelines.add(
              new TimelineOption(
                  SELECTORS[r.nextInt(SELECTORS.length)],
                  1 + r.nextInt(1001),
                  1 + r.nextInt(90000)));
        }
        b.timelines(timelines);
      }
    }
    Cii state = b.build();
    String selector = r.nextInt(3) == 0 ? null : SELECTORS[r.nextInt(SELECTORS.length)];

    FollowPlan plan = FollowPlan.decide(state, selector);

    Reference expected = new Reference(selector);
    expected.reconcileWallClock(state);
    TsTarget target = expected.tsTarget(state);
    assertThat(plan.ts()).isEqualTo(target);
    assertThat(plan.tsProblem()).isEqualTo(expected.tsProblem);
    if (expected.wcServer != null && stricterNow(wc)) {
      assertThat(plan.wallClockServer()).isNull();
      assertThat(plan.wallClockProblem()).startsWith("cannot use wcUrl " + wc + ": ");
    } else {
      assertThat(plan.wallClockProblem()).isEqualTo(expected.wcProblem);
      if (expected.wcServer == null) {
        assertThat(plan.wallClockServer()).isNull();
      } else {
        assertThat(plan.wallClockServer().host()).isEqualTo(expected.wcServer.getHostString());
        assertThat(plan.wallClockServer().port()).isEqualTo(expected.wcServer.getPort());
      }
    }
  }

  private static boolean stricterNow(@Nullable String wcUrl) throws URISyntaxException {
    URI u = new URI(wcUrl);
    return u.getPort() == 0
        || u.getRawUserInfo() != null
        || !u.getRawPath().isEmpty()
        || u.getRawQuery() != null
        || u.getRawFragment() != null;
  }

  /** The companion command's decision, without the name lookup: the reference for the plan. */
  private static final class Reference {
    private final @Nullable String requestedSelector;
    @Nullable InetSocketAddress wcServer;
    @Nullable String wcProblem;
    @Nullable String tsProblem;

    Reference(@Nullable String requestedSelector) {
      this.requestedSelector = requestedSelector;
    }

    void reconcileWallClock(Cii state) {
      Presence<String> url = state.wcUrl();
      if (url.hasValue()) {
        try {
          wcServer = wcAddress(new URI(url.value()));
        } catch (URISyntaxException | IllegalArgumentException e) {
          wcProblem = "cannot use wcUrl " + url.value() + ": " + e.getMessage();
        }
      }
    }

    static InetSocketAddress wcAddress(URI url) {
      if (!"udp".equals(url.getScheme()) || url.getHost() == null) {
        throw new IllegalArgumentException("WC_URL must be udp://host:port, was " + url);
      }
      int port = url.getPort() < 0 ? 6677 : url.getPort();
      String host = url.getHost();
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return InetSocketAddress.createUnresolved(host, port);
    }

    @Nullable TsTarget tsTarget(Cii state) {
      Presence<String> tsUrl = state.tsUrl();
      if (!tsUrl.hasValue()) {
        return null;
      }
      URI uri;
      try {
        uri = new URI(tsUrl.value());
      } catch (URISyntaxException e) {
        tsProblem = "cannot use tsUrl " + tsUrl.value() + ": " + e.getMessage();
        return null;
      }
      if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
        tsProblem = "cannot use tsUrl " + uri + ": not ws:// or wss://";
        return null;
      }
      List<TimelineOption> timelines =
          state.timelines().hasValue() ? state.timelines().value() : List.of();
      String selector = requestedSelector;
      double tickRate = Double.NaN;
      if (selector == null) {
        if (timelines.isEmpty()) {
          tsProblem = "the TV advertises no timelines; give one with --timeline";
          return null;
        }
        selector = timelines.get(0).timelineSelector();
      }
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
          tsProblem =
              "the TV does not advertise timeline " + selector + " (it offers " + offered + ")";
          return null;
        }
        tickRate = 90000;
      }
      String stem = state.contentId().hasValue() ? state.contentId().value() : "";
      return new TsTarget(uri, stem, selector, tickRate);
    }
  }
}
