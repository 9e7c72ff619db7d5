package org.dvbcss.tv.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dvbcss.protocol.ts.TsServerCore;
import org.dvbcss.tv.Tv;
import org.dvbcss.tv.TvConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The browser companion at {@code /companion} in headless Chromium, against a TV started here: it
 * follows the wall clock over {@code /wc} and the PTS timeline over CSS-TS, its position is always
 * within its own error bound of the TV's true position, it follows a pause and a seek, its timing
 * reports reach the TV, and it reconnects to a TV started again on the same ports.
 *
 * <p>The stated times: the page follows the TV within {@link #FOLLOW_WITHIN} of opening it or of a
 * change, and within {@link #RECONNECT_WITHIN} of a new TV starting after its sockets dropped (the
 * reconnect back-off is at most 5 s).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompanionPageTest {
  /** How soon the page follows the TV after it opens or the TV changes. */
  static final Duration FOLLOW_WITHIN = Duration.ofSeconds(5);

  /** How soon the page follows a new TV after its sockets dropped. */
  static final Duration RECONNECT_WITHIN = Duration.ofSeconds(10);

  /** PTS ticks per second. */
  private static final double PTS_RATE = 90000;

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static Browser browser;
  private static Tv tv;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireInstalled();
    tv = startTv(0, 0);
    browser = Browser.start(1200, 900);
    browser.open("http://127.0.0.1:" + wsPort() + "/companion");
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (tv != null) {
        tv.close();
      }
    }
  }

  private static Tv startTv(int wsPort, int wcPort) throws Exception {
    return Tv.start(
        TvConfig.builder()
            .webSocketAddress(new InetSocketAddress("127.0.0.1", wsPort))
            .wallClockAddress(new InetSocketAddress("127.0.0.1", wcPort))
            .transition(Duration.ofMillis(200))
            .build());
  }

  private static int wsPort() {
    return URI.create(tv.ciiUrl()).getPort();
  }

  private static int wcPort() {
    return URI.create(tv.wcUrl()).getPort();
  }

  private static Map<String, Object> state() {
    return Browser.object(browser.js("return window.dvbcssCompanion.state();"));
  }

  private static Map<String, Object> part(Map<String, Object> state, String name) {
    return Browser.object(state.get(name));
  }

  /** One reading of the companion's timeline between two readings of the TV's true position. */
  private record Sample(double before, double estimate, double boundTicks, double after) {
    boolean within() {
      return estimate >= before - boundTicks && estimate <= after + boundTicks;
    }
  }

  /** Reads the TV, the page, the TV: the truth at the page's reading lies between the two. */
  private static Sample sample() {
    double before = tv.ptsTicks();
    Object raw =
        browser.js(
            "const t = window.dvbcssCompanion.state().timeline;"
                + " return t.available ? [t.positionTicks, t.boundMs] : null;");
    double after = tv.ptsTicks();
    if (!(raw instanceof List<?> l)) {
      return new Sample(before, Double.NaN, 0, after);
    }
    double estimate = Browser.number(l.get(0));
    double boundMs = Browser.number(l.get(1));
    return new Sample(
        Math.min(before, after), estimate, boundMs * PTS_RATE / 1000, Math.max(before, after));
  }

  private static void awaitFollowing(Duration within) {
    try {
      awaitFollowingOrTimeOut(within);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "not following within " + within + ": " + state() + ", last " + sample(), e);
    }
  }

  private static void awaitFollowingOrTimeOut(Duration within) {
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              Map<String, Object> s = state();
              Map<String, Object> wc = part(s, "wallClock");
              Map<String, Object> t = part(s, "timeline");
              return Boolean.TRUE.equals(wc.get("available"))
                  && wc.get("boundMs") instanceof Number b
                  && Double.isFinite(b.doubleValue())
                  && Boolean.TRUE.equals(t.get("available"))
                  && sample().within();
            });
  }

  @Test
  @Order(1)
  void followsTheTvWithinItsOwnBound() throws Exception {
    awaitFollowing(FOLLOW_WITHIN);
    Map<String, Object> s = state();
    assertThat(part(s, "cii").get("contentId")).isEqualTo(tv.cii().contentId().value());
    assertThat(part(s, "timeline").get("selector")).isEqualTo("urn:dvb:css:timeline:pts");
    assertThat(Browser.number(part(s, "timeline").get("tickRate"))).isEqualTo(PTS_RATE);
    // without a video there is no player synchroniser, and its panel stays hidden
    assertThat(s.get("video")).isNull();
    assertThat(s.get("sync")).isNull();
    assertThat(browser.js("return document.getElementById('sync').hidden;")).isEqualTo(true);
    double worstBoundMs = 0;
    for (int i = 0; i < 25; i++) {
      Sample x = sample();
      assertThat(x.within())
          .as(
              "sample %d: estimate %.1f ticks, bound %.1f ticks, truth in [%.1f, %.1f]",
              i, x.estimate(), x.boundTicks(), x.before(), x.after())
          .isTrue();
      worstBoundMs = Math.max(worstBoundMs, x.boundTicks() * 1000 / PTS_RATE);
      Thread.sleep(120);
    }
    assertThat(worstBoundMs).as("a bound that says something").isLessThan(100);
    browser.screenshot(SCREENSHOTS.resolve("companion-page.png"));
    assertThat(browser.console()).noneMatch(line -> line.startsWith("SEVERE"));
  }

  @Test
  @Order(2)
  void followsAPauseAndASeek() throws Exception {
    tv.pause();
    await()
        .atMost(FOLLOW_WITHIN)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> Browser.number(part(state(), "timeline").get("speed")) == 0.0);
    awaitFollowing(FOLLOW_WITHIN);
    browser.screenshot(SCREENSHOTS.resolve("companion-page-paused.png"));
    tv.seek(120);
    tv.play();
    await()
        .atMost(FOLLOW_WITHIN)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> Browser.number(part(state(), "timeline").get("speed")) == 1.0);
    awaitFollowing(FOLLOW_WITHIN);
    for (int i = 0; i < 20; i++) {
      Sample x = sample();
      assertThat(x.within()).as("after the seek, sample %d: %s", i, x).isTrue();
      Thread.sleep(50);
    }
  }

  @Test
  @Order(3)
  void itsTimingReportsReachTheTv() {
    await()
        .atMost(FOLLOW_WITHIN)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !tv.model().timingReports().isEmpty());
    TsServerCore.TimingReport report = tv.model().timingReports().get(0);
    assertThat(report.setup().timelineSelector()).isEqualTo("urn:dvb:css:timeline:pts");
    assertThat(report.timestamps().actual().hasValue()).isTrue();
    var actual = report.timestamps().actual().value();
    // where the TV's PTS was at the reported wall clock time (speed 1 since the seek)
    double wallNow = tv.model().wallClock().ticks();
    double truth = tv.ptsTicks() - (wallNow - actual.wallClockTime()) * PTS_RATE / 1e9;
    assertThat(Math.abs(actual.contentTime() - truth))
        .as("the reported actual against the TV's position then, ticks")
        .isLessThan(0.1 * PTS_RATE);
    assertThat(report.timestamps().earliest().isFinite()).isFalse();
    assertThat(report.timestamps().latest().isFinite()).isFalse();
  }

  @Test
  @Order(4)
  void reconnectsToATvStartedAgainOnTheSamePorts() throws Exception {
    int ws = wsPort();
    int wc = wcPort();
    Map<String, Object> before = Browser.object(state().get("reconnects"));
    tv.close();
    await()
        .atMost(FOLLOW_WITHIN)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !Boolean.TRUE.equals(part(state(), "cii").get("connected")));
    tv = startTv(ws, wc);
    tv.seek(300);
    awaitFollowing(RECONNECT_WITHIN);
    Map<String, Object> after = Browser.object(state().get("reconnects"));
    for (String socket : List.of("cii", "wc", "ts")) {
      assertThat(Browser.number(after.get(socket)))
          .as(socket + " reconnects")
          .isGreaterThan(Browser.number(before.get(socket)));
    }
    for (int i = 0; i < 20; i++) {
      Sample x = sample();
      assertThat(x.within()).as("the new TV, sample %d: %s", i, x).isTrue();
      Thread.sleep(50);
    }
    assertThat(sample().estimate()).isGreaterThan(300 * PTS_RATE);
  }
}
