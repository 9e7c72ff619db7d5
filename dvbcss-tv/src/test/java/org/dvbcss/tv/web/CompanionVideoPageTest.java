package org.dvbcss.tv.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dvbcss.net.ws.HttpResource;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
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
 * The browser companion with a video ({@code /companion?video=...}) in headless Chromium, against a
 * TV started here: the page's player synchroniser ({@code player-sync.js}, the Java controller's
 * rules) brings the video to the TV's timeline and keeps it there, follows a pause and a seek,
 * shows its state, error and alerts on the page and in {@code state()}, and tells the TV where the
 * video is with timing reports; a bad setting in the query string is shown, and the page still
 * follows the TV.
 *
 * <p>The video is {@code test-clip.webm} (30 s of a test pattern, made by {@code
 * src/test/make-test-clip.sh}), served here with byte ranges so that the browser can seek in it;
 * the video loops, and the page counts the loops.
 *
 * <p>Bounds: these are a real browser's media pipeline on a shared machine, so they are generous
 * and waited for, not timed: the video is in step (the controller holding or correcting, and the
 * video's position within {@link #IN_STEP} of the TV's true position) within {@link #WITHIN} of the
 * page opening or of a change. The controller's own precision is tested on virtual time (the node
 * tests and the Java/JavaScript equivalence test in dvbcss-companion).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompanionVideoPageTest {
  /** How soon the video is in step after the page opens or the TV changes. */
  static final Duration WITHIN = Duration.ofSeconds(20);

  /** In step: the video's position within this of the TV's, seconds. */
  static final double IN_STEP = 0.1;

  private static final double PTS_RATE = 90000;
  private static final String CLIP = "/test-clip.webm";
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static Browser browser;
  private static Tv tv;
  private static WebSocketServer media;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireInstalled();
    tv =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .wallClockAddress(new InetSocketAddress("127.0.0.1", 0))
                .transition(Duration.ofMillis(200))
                .build());
    byte[] clip;
    try (InputStream in = CompanionVideoPageTest.class.getResourceAsStream("test-clip.webm")) {
      assertThat(in).as("test-clip.webm").isNotNull();
      clip = in.readAllBytes();
    }
    media =
        WebSocketServer.builder()
            .config(
                WebSocketServerConfig.builder().bind(new InetSocketAddress("127.0.0.1", 0)).build())
            .resource(CLIP, request -> ranged(request, clip))
            .start();
    browser = Browser.start(1200, 1100);
    browser.open(pageUrl(""));
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      try {
        if (media != null) {
          media.close();
        }
      } finally {
        if (tv != null) {
          tv.close();
        }
      }
    }
  }

  private static String pageUrl(String more) {
    int port = URI.create(tv.ciiUrl()).getPort();
    return "http://127.0.0.1:"
        + port
        + "/companion?video=http://127.0.0.1:"
        + media.localAddress().getPort()
        + CLIP
        + more;
  }

  /** The clip, whole or the byte range asked for (a browser seeks in media by ranges). */
  static HttpResource.Response ranged(HttpResource.Request request, byte[] body) {
    Map<String, String> headers = Map.of("Accept-Ranges", "bytes", "Cache-Control", "no-cache");
    String range = request.header("range");
    if (range == null || !range.startsWith("bytes=") || range.contains(",")) {
      return new HttpResource.Response(200, "video/webm", headers, body);
    }
    String[] p = range.substring("bytes=".length()).trim().split("-", 2);
    int length = body.length;
    int from;
    int to;
    try {
      if (p[0].isEmpty()) {
        from = Math.max(0, length - Integer.parseInt(p[1]));
        to = length - 1;
      } else {
        from = Integer.parseInt(p[0]);
        to =
            p.length < 2 || p[1].isEmpty()
                ? length - 1
                : Math.min(length - 1, Integer.parseInt(p[1]));
      }
    } catch (NumberFormatException e) {
      return new HttpResource.Response(400, "text/plain", Map.of(), new byte[0]);
    }
    if (from >= length || from > to) {
      return new HttpResource.Response(416, "text/plain", Map.of(), new byte[0])
          .withHeader("Content-Range", "bytes */" + length);
    }
    return new HttpResource.Response(
            206, "video/webm", headers, Arrays.copyOfRange(body, from, to + 1))
        .withHeader("Content-Range", "bytes " + from + "-" + to + "/" + length);
  }

  private static Map<String, Object> state() {
    return Browser.object(browser.js("return window.dvbcssCompanion.state();"));
  }

  private static Map<String, Object> sync(Map<String, Object> state) {
    return Browser.object(state.get("sync"));
  }

  /**
   * The video's position between two readings of the TV's true position, seconds, and the
   * controller's state then.
   */
  private record Sample(double before, double video, double after, String state, boolean paused) {
    /** How far the video is from the TV, at most: seconds (NaN if the video has no position). */
    double offBy() {
      return Math.max(Math.abs(video - before), Math.abs(video - after));
    }

    boolean inStep() {
      return offBy() <= IN_STEP;
    }
  }

  private static Sample sample() {
    double before = tv.ptsTicks() / PTS_RATE;
    Object raw =
        browser.js(
            "const s = window.dvbcssCompanion.state();"
                + " return [s.video.positionSeconds, s.sync.state, s.video.paused];");
    double after = tv.ptsTicks() / PTS_RATE;
    List<?> l = (List<?>) raw;
    double video = l.get(0) instanceof Number n ? n.doubleValue() : Double.NaN;
    return new Sample(
        before, video, after, String.valueOf(l.get(1)), Boolean.TRUE.equals(l.get(2)));
  }

  private static void awaitInStep(String what, List<String> states, boolean paused) {
    try {
      await()
          .atMost(WITHIN)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                Sample s = sample();
                return states.contains(s.state()) && s.paused() == paused && s.inStep();
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          what + ": the video not in step within " + WITHIN + ": " + sample() + ", " + state(), e);
    }
  }

  private static final List<String> PLAYING = List.of("HOLDING", "CORRECTING");

  @Test
  @Order(1)
  void theVideoIsBroughtToTheTimelineAndKeptThere() throws Exception {
    awaitInStep("after opening", PLAYING, false);
    Map<String, Object> y = sync(state());
    assertThat(y.get("error")).isNull();
    assertThat(Browser.number(y.get("seeks"))).as("it sought to the TV's position").isPositive();
    assertThat(Browser.number(y.get("rate"))).isBetween(0.95, 1.05);
    assertThat(Browser.number(y.get("boundSeconds"))).isPositive().isLessThan(0.1);
    assertThat(Browser.object(y.get("settings")).get("targetSeconds")).isEqualTo(0.01);
    // the page shows the controller's state, error and alerts
    String shown =
        String.valueOf(browser.js("return document.getElementById('sync-state').textContent;"));
    assertThat(shown).isIn("holding", "correcting", "seeking");
    String error =
        String.valueOf(browser.js("return document.getElementById('sync-error').textContent;"));
    assertThat(error).matches("-?[0-9]+\\.[0-9]");
    assertThat(
            String.valueOf(
                browser.js("return document.getElementById('sync-alerts').textContent;")))
        .contains("error")
        .contains("bound");
    assertThat((Boolean) browser.js("return document.getElementById('sync').hidden;")).isFalse();
    // the error alert raised while the video loaded and sought is cleared once it holds in step
    await()
        .atMost(WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              Map<String, Object> z = sync(state());
              List<?> alerts = (List<?>) z.get("alerts");
              boolean cleared =
                  alerts.stream()
                      .map(Browser::object)
                      .anyMatch(
                          a ->
                              "ERROR".equals(a.get("kind"))
                                  && Boolean.FALSE.equals(a.get("raised")));
              return cleared && Boolean.FALSE.equals(z.get("errorAlertActive"));
            });
    assertThat(sample().inStep()).isTrue();
    browser.screenshot(SCREENSHOTS.resolve("companion-video.png"));
  }

  @Test
  @Order(2)
  void theVideoFollowsAPauseAndASeek() {
    long seeksBefore = (long) Browser.number(sync(state()).get("seeks"));
    tv.pause();
    awaitInStep("paused", List.of("PAUSED"), true);
    tv.seek(7);
    tv.play();
    awaitInStep("after a seek and play", PLAYING, false);
    assertThat((long) Browser.number(sync(state()).get("seeks"))).isGreaterThan(seeksBefore);
  }

  @Test
  @Order(3)
  void itsTimingReportsSayWhereTheVideoIs() {
    // a report made from now on: the TV's timeline runs steadily from then to the check
    double since = tv.model().wallClock().ticks();
    await()
        .atMost(WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> videoReport(since).isPresent());
    TsServerCore.TimingReport report = videoReport(since).orElseThrow();
    var actual = report.timestamps().actual().value();
    double wallNow = tv.model().wallClock().ticks();
    double truth = tv.ptsTicks() - (wallNow - actual.wallClockTime()) * PTS_RATE / 1e9;
    assertThat(Math.abs(actual.contentTime() - truth) / PTS_RATE)
        .as("the reported video position against the TV's then, s")
        .isLessThan(IN_STEP);
    // earliest and latest: the same content, moved by the rate limit over the report horizon
    assertThat(report.timestamps().earliest().contentTime()).isEqualTo(actual.contentTime());
    assertThat(actual.wallClockTime() - report.timestamps().earliest().wallClockTime())
        .isEqualTo(50_000_000L);
    assertThat(report.timestamps().latest().wallClockTime() - actual.wallClockTime())
        .isEqualTo(50_000_000L);
  }

  /**
   * The latest report from a companion that says its reach is finite (the video page's), if it is
   * about a wall clock time after {@code since} (ns).
   */
  private static Optional<TsServerCore.TimingReport> videoReport(double since) {
    return tv.model().timingReports().stream()
        .filter(r -> r.timestamps().actual().hasValue() && r.timestamps().earliest().isFinite())
        .filter(r -> r.timestamps().actual().value().wallClockTime() > since)
        .findFirst();
  }

  @Test
  @Order(4)
  void aBadSettingIsShownAndThePageStillFollowsTheTv() {
    browser.open(pageUrl("&rateLimit=2"));
    await()
        .atMost(WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> Boolean.TRUE.equals(Browser.object(state().get("timeline")).get("available")));
    Map<String, Object> s = state();
    assertThat(String.valueOf(sync(s).get("error"))).contains("rateLimit must be below 1");
    assertThat(Browser.object(s.get("video")).get("paused")).isEqualTo(true);
    assertThat(
            String.valueOf(browser.js("return document.getElementById('sync-state').textContent;")))
        .contains("not running")
        .contains("rateLimit");
  }

  @Test
  @Order(5)
  void settingsComeFromTheQueryString() throws IOException {
    browser.open(pageUrl("&targetSeconds=0.02&adaptSeekLead=false&outputLatencySeconds=0.04"));
    Map<String, Object> settings = Browser.object(sync(state()).get("settings"));
    assertThat(settings.get("targetSeconds")).isEqualTo(0.02);
    assertThat(settings.get("adaptSeekLead")).isEqualTo(false);
    assertThat(
            Browser.object(browser.js("return window.dvbcssCompanion.config;"))
                .get("outputLatencySeconds"))
        .isEqualTo(0.04);
    assertThat(browser.console()).noneMatch(line -> line.startsWith("SEVERE"));
  }
}
