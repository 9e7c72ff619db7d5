package org.dvbcss.tv.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.testing.JdkWebSocketPeer;
import org.dvbcss.net.wc.WallClockClientConfig;
import org.dvbcss.net.wc.WallClockWebSocketClient;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.protocol.ts.Timestamp;
import org.dvbcss.tv.Timeline;
import org.dvbcss.tv.Tv;
import org.dvbcss.tv.TvConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The TV's page in headless Chromium against a TV started here: it shows the TV's state, follows
 * each change within {@link #FOLLOW}, lists the companions, and reconnects when its feed drops.
 */
class TvPageTest {
  /** How soon the page must show a change the TV made (stated in docs/tv-page.md). */
  static final Duration FOLLOW = Duration.ofSeconds(2);

  /** How close the page's interpolated position must be to the TV's, seconds. */
  static final double POSITION_TOLERANCE = 0.3;

  private static final Path SHOTS = Path.of("target", "screenshots");

  private static Browser browser;
  private Tv tv;

  @BeforeAll
  static void startBrowser() throws Exception {
    browser = Browser.start(1280, 1700);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void startTv() throws Exception {
    tv = start(0);
  }

  @AfterEach
  void stopTv() {
    tv.close();
  }

  private static Tv start(int port) throws Exception {
    return Tv.start(
        TvConfig.builder()
            .webSocketAddress(new InetSocketAddress("127.0.0.1", port))
            .wallClockAddress(new InetSocketAddress("127.0.0.1", 0))
            .transition(Duration.ofMillis(200))
            .build());
  }

  /** The page's state; empty while its script has not yet run (a page still loading). */
  private static Map<String, Object> page() {
    return Browser.object(
        browser.js("return window.dvbcssTv ? window.dvbcssTv.state() : {notYetLoaded: true};"));
  }

  private static void within2s(String what, Callable<Boolean> condition) {
    await(what).atMost(FOLLOW).pollInterval(Duration.ofMillis(25)).until(condition);
  }

  private static boolean positionMatches(Tv tv) {
    Object p = page().get("positionSeconds");
    return p instanceof Number n
        && Math.abs(n.doubleValue() - tv.status().positionSeconds()) < POSITION_TOLERANCE;
  }

  private static String text(String id) {
    return browser.driver().findElement(By.id(id)).getText();
  }

  @Test
  void showsTheTvAndFollowsAPauseASeekAContentChangeAndCompanions() throws Exception {
    assertThat(tv.pageUrl()).isEqualTo("http://127.0.0.1:" + port() + "/");
    browser.open(tv.pageUrl());
    within2s("connected", () -> Boolean.TRUE.equals(page().get("connected")));
    within2s("content id", () -> tv.status().contentId().equals(page().get("contentId")));
    within2s("position", () -> positionMatches(tv));
    assertThat(text("content-id")).isEqualTo(tv.status().contentId());
    assertThat(text("url-cii")).isEqualTo(tv.ciiUrl());
    assertThat(text("connection")).isEqualTo("live");

    // a pause from the page's own button
    browser.driver().findElement(By.id("play-pause")).click();
    within2s("the TV paused", () -> tv.status().speed() == 0);
    within2s("the page paused", () -> Browser.number(page().get("speed")) == 0);
    assertThat(text("play-state")).isEqualTo("paused");
    assertThat(text("play-pause")).isEqualTo("Play");

    // a seek through the TV's API
    tv.seek(30);
    within2s("the seek", () -> positionMatches(tv));
    assertThat(Browser.number(page().get("positionSeconds")))
        .isCloseTo(tv.status().positionSeconds(), within(POSITION_TOLERANCE));

    // a content change
    String next = tv.nextContent();
    within2s("the new content id", () -> next.equals(page().get("contentId")));
    within2s("okay", () -> List.of("okay").equals(page().get("presentationStatus")));

    // companions
    tv.play();
    try (JdkWebSocketPeer cii = new JdkWebSocketPeer(URI.create(tv.ciiUrl()));
        JdkWebSocketPeer ts = new JdkWebSocketPeer(URI.create(tv.tsUrl()));
        WallClockWebSocketClient wc =
            WallClockWebSocketClient.start(
                URI.create(tv.wcWebSocketUrl()),
                new CorrelatedClock(new SysClock(), 1e9),
                WallClockClientConfig.defaults())) {
      ts.send(new SetupData("", Timeline.PTS.selector()).encode());
      assertThat(ts.next()).isNotNull();
      long wall = Math.round(tv.model().wallClock().ticks());
      long pts = Math.round(tv.ptsTicks());
      ts.send(
          new AptEptLpt(
                  Presence.of(Timestamp.of(pts, wall)),
                  Timestamp.of(pts, wall - 40_000_000L),
                  Timestamp.of(pts, wall + 120_000_000L))
              .encode());
      within2s("the CII companion", () -> companions("cii").size() == 1);
      within2s(
          "the TS companion's report",
          () -> companions("ts").size() == 1 && companions("ts").get(0).get("timing") != null);
      Map<String, Object> shown = companions("ts").get(0);
      assertThat(shown.get("selector")).isEqualTo(Timeline.PTS.selector());
      assertThat(text("ts-list")).contains(Timeline.PTS.selector());
      assertThat(text("count-cii")).isEqualTo("1");
      within2s(
          "the CSS-WC over WebSocket companion",
          () -> text("count-wc").equals("1") && !wcSessions().isEmpty());
      assertThat(text("url-wc-ws")).endsWith("/wc");
      assertThat(text("wc-list")).contains(wcSessions().get(0).get("id").toString());
      // let the plots fill a little for the picture
      await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
      browser.screenshot(SHOTS.resolve("tv-page.png"));
    }
    within2s(
        "companions gone",
        () -> companions("cii").isEmpty() && companions("ts").isEmpty() && wcSessions().isEmpty());
    assertThat(browser.console()).noneMatch(line -> line.startsWith("SEVERE"));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> wcSessions() {
    return (List<Map<String, Object>>)
        Browser.object(Browser.object(page().get("companions")).get("wc")).get("webSocketSessions");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> companions(String kind) {
    return (List<Map<String, Object>>) Browser.object(page().get("companions")).get(kind);
  }

  private int port() {
    return URI.create(tv.ciiUrl()).getPort();
  }

  @Test
  void reconnectsWhenItsFeedDropsAndShowsTheNewTv() throws Exception {
    browser.open(tv.pageUrl());
    within2s("connected", () -> Boolean.TRUE.equals(page().get("connected")));
    long before = Browser.number(page().get("reconnects")) > 0 ? 1 : 0;
    int port = port();
    tv.close();
    within2s("reconnecting", () -> Boolean.FALSE.equals(page().get("connected")));
    assertThat(text("connection")).isEqualTo("reconnecting…");
    browser.screenshot(SHOTS.resolve("tv-page-reconnecting.png"));
    tv = start(port);
    tv.pause();
    tv.seek(100);
    // the page retries with backoff, first after 250 ms, at most every 4 s: allow for one backoff
    await("reconnected")
        .atMost(FOLLOW.plusSeconds(4))
        .pollInterval(Duration.ofMillis(25))
        .until(() -> Boolean.TRUE.equals(page().get("connected")));
    within2s("the new TV's position", () -> positionMatches(tv));
    assertThat(Browser.number(page().get("speed"))).isZero();
    assertThat(Browser.number(page().get("reconnects"))).isEqualTo(before + 1);
    assertThat(text("connection")).isEqualTo("live");
  }
}
