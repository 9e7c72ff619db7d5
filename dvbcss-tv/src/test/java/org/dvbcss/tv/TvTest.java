package org.dvbcss.tv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.dvbcss.net.testing.JdkWebSocketPeer;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.ContentIdStatus;
import org.dvbcss.protocol.cii.TimelineOption;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated TV on loopback with ephemeral ports, seen by JDK WebSocket peers. */
class TvTest {
  private Tv tv;

  @BeforeEach
  void start() throws Exception {
    tv =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .wallClockAddress(new InetSocketAddress("127.0.0.1", 0))
                .transition(Duration.ofMillis(200))
                .build());
  }

  @AfterEach
  void stop() {
    tv.close();
  }

  private int wsPort() {
    return URI.create(tv.ciiUrl()).getPort();
  }

  private static Cii firstCii(JdkWebSocketPeer peer) throws InterruptedException {
    return Cii.decode(Objects.requireNonNull(peer.next(), "no CII message"));
  }

  private static ControlTimestamp nextCt(JdkWebSocketPeer peer) throws InterruptedException {
    return ControlTimestamp.decode(Objects.requireNonNull(peer.next(), "no control timestamp"));
  }

  private JdkWebSocketPeer follow(String stem, String selector) {
    JdkWebSocketPeer peer = new JdkWebSocketPeer(URI.create(tv.tsUrl()));
    peer.send(new SetupData(stem, selector).encode());
    return peer;
  }

  @Test
  void ciiAdvertisesRewrittenUrlsAndTheTimelines() throws Exception {
    assertThat(tv.ciiUrl()).isEqualTo("ws://127.0.0.1:" + wsPort() + "/cii");
    assertThat(tv.tsUrl()).isEqualTo("ws://127.0.0.1:" + wsPort() + "/ts");
    try (JdkWebSocketPeer cii = new JdkWebSocketPeer(URI.create(tv.ciiUrl()))) {
      Cii state = firstCii(cii);
      assertThat(state.protocolVersion().value()).isEqualTo("1.1");
      assertThat(state.tsUrl().value()).isEqualTo("ws://127.0.0.1:" + wsPort() + "/ts");
      assertThat(state.wcUrl().value()).isEqualTo(tv.wcUrl()).startsWith("udp://127.0.0.1:");
      assertThat(state.contentId().value()).isEqualTo(DemoContent.CONTENT_IDS.get(0));
      assertThat(state.contentIdStatus().value()).isEqualTo(ContentIdStatus.FINAL);
      assertThat(state.presentationStatus().value()).containsExactly("okay");
      assertThat(state.timelines().value())
          .extracting(TimelineOption::timelineSelector)
          .containsExactly(DemoContent.PTS, DemoContent.TEMI, DemoContent.DASH);
      assertThat(state.timelines().value())
          .extracting(o -> (double) o.unitsPerSecond() / o.unitsPerTick())
          .containsExactly(90_000.0, 1_000.0, 1_000.0);
    }
    await().until(() -> tv.status().ciiConnections() == 0);
  }

  /**
   * For every timeline CII advertises, a companion following it on TS sees a tick rate equal to
   * unitsPerSecond / unitsPerTick. Two control timestamps at different times, both at speed 1: the
   * one at setup and the one a seek of 10 s sends, so Δcontent = rate * (Δwall / 1e9 + 10). (A
   * pause would not do: its timestamp pairs the position frozen at the pause with the wall clock
   * time it was sampled, a little later.) Then pause sends speed 0 and play speed 1.
   */
  @Test
  void servedTickRatesMatchWhatCiiAdvertisesAndPausePlayAreSent() throws Exception {
    List<TimelineOption> options;
    try (JdkWebSocketPeer cii = new JdkWebSocketPeer(URI.create(tv.ciiUrl()))) {
      options = firstCii(cii).timelines().value();
    }
    String contentId = DemoContent.CONTENT_IDS.get(0);
    JdkWebSocketPeer[] peers = new JdkWebSocketPeer[options.size()];
    ControlTimestamp[] first = new ControlTimestamp[options.size()];
    for (int i = 0; i < options.size(); i++) {
      peers[i] = follow(contentId, options.get(i).timelineSelector());
      first[i] = nextCt(peers[i]);
      assertThat(first[i].isAvailable()).isTrue();
      assertThat(first[i].timelineSpeedMultiplier()).isEqualTo(1.0);
    }
    // let the timelines run a measurable while; polled, not slept
    await().until(() -> tv.status().positionSeconds() >= 0.5);
    tv.seek(10);
    for (int i = 0; i < options.size(); i++) {
      ControlTimestamp seeked = nextCt(peers[i]);
      assertThat(seeked.timelineSpeedMultiplier()).isEqualTo(1.0);
      double wallSeconds = (seeked.wallClockTime() - first[i].wallClockTime()) / 1e9;
      assertThat(wallSeconds).isPositive();
      double rate = (seeked.contentTime() - first[i].contentTime()) / (wallSeconds + 10);
      TimelineOption o = options.get(i);
      double advertised = (double) o.unitsPerSecond() / o.unitsPerTick();
      assertThat(rate)
          .as(o.timelineSelector() + " " + first[i] + " -> " + seeked)
          .isCloseTo(advertised, within(advertised * 0.002));
    }
    tv.pause();
    for (JdkWebSocketPeer peer : peers) {
      assertThat(nextCt(peer).timelineSpeedMultiplier()).isEqualTo(0.0);
    }
    tv.play();
    for (JdkWebSocketPeer peer : peers) {
      assertThat(nextCt(peer).timelineSpeedMultiplier()).isEqualTo(1.0);
      peer.close();
    }
  }

  @Test
  void speedAndSeekReachCompanions() throws Exception {
    try (JdkWebSocketPeer pts = follow("dvb:", DemoContent.PTS)) {
      ControlTimestamp first = nextCt(pts);
      tv.setSpeed(2);
      assertThat(nextCt(pts).timelineSpeedMultiplier()).isEqualTo(2.0);
      tv.pause();
      ControlTimestamp paused = nextCt(pts);
      tv.seek(10);
      ControlTimestamp seeked = nextCt(pts);
      assertThat(seeked.contentTime() - paused.contentTime()).isEqualTo(900_000L);
      tv.seek(-1000);
      assertThat(nextCt(pts).contentTime()).isZero();
      assertThat(first.contentTime()).isNotNegative();
    }
    assertThatThrownBy(() -> tv.setSpeed(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nextContentChangesCiiAndTsAndRestartsTimelines() throws Exception {
    String first = DemoContent.CONTENT_IDS.get(0);
    String second = DemoContent.CONTENT_IDS.get(1);
    try (JdkWebSocketPeer cii = new JdkWebSocketPeer(URI.create(tv.ciiUrl()));
        JdkWebSocketPeer oldTs = follow(first, DemoContent.TEMI)) {
      firstCii(cii);
      assertThat(nextCt(oldTs).isAvailable()).isTrue();
      tv.seek(100);
      assertThat(nextCt(oldTs).contentTime()).isGreaterThanOrEqualTo(100_000L);

      assertThat(tv.nextContent()).isEqualTo(second);
      Cii change = firstCii(cii);
      assertThat(change.contentId().value()).isEqualTo(second);
      assertThat(change.contentIdStatus().value()).isEqualTo(ContentIdStatus.FINAL);
      assertThat(change.presentationStatus().value()).containsExactly("transitioning");
      assertThat(firstCii(cii).presentationStatus().value()).containsExactly("okay");
      // the old stem no longer matches
      assertThat(nextCt(oldTs).isAvailable()).isFalse();
      try (JdkWebSocketPeer newTs = follow(second, DemoContent.TEMI)) {
        ControlTimestamp ct = nextCt(newTs);
        assertThat(ct.isAvailable()).isTrue();
        assertThat(ct.contentTime()).isBetween(0L, 5_000L);
      }
    }
    assertThat(tv.status().contentId()).isEqualTo(second);
  }

  @Test
  void toggleTimelineMakesItUnavailableAndBack() throws Exception {
    try (JdkWebSocketPeer temi = follow("dvb://", DemoContent.TEMI);
        JdkWebSocketPeer pts = follow("dvb://", DemoContent.PTS)) {
      assertThat(nextCt(temi).isAvailable()).isTrue();
      assertThat(nextCt(pts).isAvailable()).isTrue();
      assertThat(tv.toggleTimeline("temi")).isFalse();
      assertThat(nextCt(temi).isAvailable()).isFalse();
      assertThat(tv.status().available()).containsEntry(Timeline.TEMI, false);
      assertThat(tv.toggleTimeline(DemoContent.TEMI)).isTrue();
      assertThat(nextCt(temi).isAvailable()).isTrue();
    }
    assertThatThrownBy(() -> tv.toggleTimeline("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pts, temi or dash");
  }

  @Test
  void statusCountsCompanionsPerProtocol() throws Exception {
    try (JdkWebSocketPeer cii = new JdkWebSocketPeer(URI.create(tv.ciiUrl()));
        JdkWebSocketPeer ts = follow("dvb://", DemoContent.PTS)) {
      firstCii(cii);
      nextCt(ts);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> tv.status().ciiConnections() == 1 && tv.status().tsConnections() == 1);
      assertThat(tv.status().line()).contains("companions cii 1 ts 1");
    }
  }
}
