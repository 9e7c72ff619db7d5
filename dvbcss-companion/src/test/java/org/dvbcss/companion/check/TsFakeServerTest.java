package org.dvbcss.companion.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dvbcss.companion.check.TsTestSupport.context;
import static org.dvbcss.companion.check.TsTestSupport.http;
import static org.dvbcss.companion.check.TsTestSupport.of;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.net.ws.WebSocketSession;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.TimelineOption;
import org.dvbcss.protocol.ts.SetupData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CSS-TS checks against small hand-written servers, each misbehaving in one way. The servers
 * serve one timeline, {@link #SELECTOR}, at 1000 ticks per second on this machine's monotonic clock
 * (the wall clock the tests publish), sampled at each setup.
 */
class TsFakeServerTest {
  static final String SELECTOR = "urn:dvb:css:timeline:temi:1:1";
  static final String CONTENT = "dvb://1.2.3";
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final long t0 = System.nanoTime();
  private WebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    timer.shutdownNow();
  }

  /** The honest answer to a setup: now, on the wall clock, at 1000 ticks/s. */
  String now(SetupData setup) {
    if (!CONTENT.startsWith(setup.contentIdStem()) || !SELECTOR.equals(setup.timelineSelector())) {
      return "{\"contentTime\":null,\"wallClockTime\":\""
          + System.nanoTime()
          + "\",\"timelineSpeedMultiplier\":null}";
    }
    long wall = System.nanoTime();
    return "{\"contentTime\":\""
        + (wall - t0) / 1_000_000
        + "\",\"wallClockTime\":\""
        + wall
        + "\",\"timelineSpeedMultiplier\":1}";
  }

  private String start(Function<SetupData, String> answer, long delayMs, boolean closeOnOther)
      throws Exception {
    WebSocketEndpoint ep =
        new WebSocketEndpoint() {
          @Override
          public void onText(WebSocketSession session, String text) {
            SetupData setup;
            try {
              setup = SetupData.decode(text);
            } catch (RuntimeException e) {
              if (closeOnOther) {
                session.close(1003, "unexpected message");
              }
              return;
            }
            timer.schedule(() -> session.send(answer.apply(setup)), delayMs, TimeUnit.MILLISECONDS);
          }
        };
    InetAddress lo = InetAddress.getLoopbackAddress();
    server =
        WebSocketServer.builder()
            .config(WebSocketServerConfig.builder().bind(new InetSocketAddress(lo, 0)).build())
            .endpoint("/ts", ep)
            .start();
    return server.url("/ts");
  }

  private List<RuleResult> check(String tsUrl, long unitsPerSecond, int seconds) throws Exception {
    List<RuleResult> results = TsTestSupport.results();
    Cii cii =
        Cii.builder()
            .protocolVersion()
            .contentId(CONTENT)
            .tsUrl(tsUrl)
            .timelines(List.of(new TimelineOption(SELECTOR, 1, unitsPerSecond)))
            .build();
    CheckConfig config =
        CheckConfig.builder("ws://127.0.0.1:1/cii")
            .duration(Duration.ofSeconds(seconds))
            .tsClients(2)
            .availabilityWait(Duration.ofSeconds(1))
            .build();
    TsChecks.run(context(config, cii, results, true), http());
    return results;
  }

  @Test
  void anHonestServerPassesRateAndWallClock() throws Exception {
    List<RuleResult> r = check(start(this::now, 0, false), 1000, 4);
    assertThat(of(r, Rules.TS_6))
        .singleElement()
        .satisfies(x -> assertThat(x.status()).as(x.message()).isEqualTo(Status.PASS));
    assertThat(of(r, Rules.TS_5))
        .singleElement()
        .satisfies(x -> assertThat(x.status()).as(x.message()).isEqualTo(Status.PASS));
    // the first answer of a cold server may be late: only FAILs are excluded here
    assertThat(r).noneMatch(x -> x.status() == Status.FAIL);
  }

  @Test
  void aDeclaredRateOtherThanTheServedOneFailsTs6() throws Exception {
    List<RuleResult> r = check(start(this::now, 0, false), 50, 4);
    assertThat(of(r, Rules.TS_6))
        .singleElement()
        .satisfies(x -> assertThat(x.status()).as(x.message()).isEqualTo(Status.FAIL));
  }

  @Test
  void aLateFirstTimestampWarnsTs2() throws Exception {
    List<RuleResult> r = check(start(this::now, 650, false), 1000, 1);
    assertThat(of(r, Rules.TS_2))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.status()).isEqualTo(Status.WARN);
              assertThat((Double) x.evidence().get("elapsed_ms")).isGreaterThan(500);
            });
  }

  @Test
  void aStaleCorrelationBehindTheClockRepeatedIsAccepted() throws Exception {
    long old = System.nanoTime() - 30_000_000_000L;
    Function<SetupData, String> stale =
        s ->
            now(s)
                .replaceFirst("\"wallClockTime\":\"[0-9]+\"", "\"wallClockTime\":\"" + old + "\"")
                .replaceFirst("\"contentTime\":\"[0-9]+\"", "\"contentTime\":\"7\"");
    List<RuleResult> r = check(start(stale, 0, false), 1000, 1);
    assertThat(of(r, Rules.TS_5))
        .singleElement()
        .satisfies(x -> assertThat(x.status()).as(x.message()).isEqualTo(Status.PASS));
  }

  @Test
  void aBehindClockThatMovesFailsTs5() throws Exception {
    Function<SetupData, String> behind =
        s ->
            now(s)
                .replaceFirst(
                    "\"wallClockTime\":\"[0-9]+\"",
                    "\"wallClockTime\":\"" + (System.nanoTime() - 30_000_000_000L) + "\"");
    List<RuleResult> r = check(start(behind, 0, false), 1000, 1);
    assertThat(of(r, Rules.TS_5))
        .singleElement()
        .satisfies(x -> assertThat(x.status()).as(x.message()).isEqualTo(Status.FAIL));
  }

  /** Three faults in one server, to keep the test short: each is judged by its own rule. */
  @Test
  void offClockOneNullAndClosingOnTimestampsFailTs5Ts3Ts9() throws Exception {
    Function<SetupData, String> faulty =
        s ->
            now(s)
                .replace("\"timelineSpeedMultiplier\":null", "\"timelineSpeedMultiplier\":1.0")
                .replaceFirst(
                    "\"wallClockTime\":\"[0-9]+\"",
                    "\"wallClockTime\":\"" + System.currentTimeMillis() * 1_000_000L + "\"");
    List<RuleResult> r = check(start(faulty, 0, true), 1000, 1);
    assertThat(of(r, Rules.TS_5))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.status()).as(x.message()).isEqualTo(Status.FAIL);
              assertThat(x.message()).contains("ahead");
            });
    assertThat(of(r, Rules.TS_3))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.status()).isEqualTo(Status.FAIL);
              assertThat(x.message())
                  .contains("contentTime is null but timelineSpeedMultiplier is not");
            });
    assertThat(of(r, Rules.TS_9))
        .singleElement()
        .satisfies(x -> assertThat(x.status()).as(x.message()).isEqualTo(Status.FAIL));
  }

  @Test
  void answeringJunkWarnsTs10() throws Exception {
    WebSocketEndpoint ep =
        (session, text) ->
            session.send(
                "{\"contentTime\":\"1\",\"wallClockTime\":\"1\",\"timelineSpeedMultiplier\":1}");
    server =
        WebSocketServer.builder()
            .config(
                WebSocketServerConfig.builder()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .build())
            .endpoint("/ts", ep)
            .start();
    List<RuleResult> r = check(server.url("/ts"), 1000, 1);
    assertThat(of(r, Rules.TS_10))
        .singleElement()
        .satisfies(x -> assertThat(x.status()).as(x.message()).isEqualTo(Status.WARN));
  }
}
