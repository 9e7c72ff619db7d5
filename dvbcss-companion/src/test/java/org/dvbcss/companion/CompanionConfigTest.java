package org.dvbcss.companion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dvbcss.net.testing.UdpDelayRelay;
import org.dvbcss.net.wsclient.Backoff;
import org.dvbcss.protocol.ReadMode;
import org.dvbcss.protocol.ts.TsClientConfig;
import org.dvbcss.protocol.wc.UdpUrl;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The companion's configuration value, and the settings it carries reaching the companion. */
class CompanionConfigTest {
  private static final Backoff FAST =
      Backoff.exponential(Duration.ofMillis(50), Duration.ofMillis(500), 2.0);

  @Test
  void theDefaultsAreDocumentedOnesAndToBuilderKeepsEverything() {
    CompanionConfig d = CompanionConfig.defaults();
    assertThat(d.readMode()).isEqualTo(ReadMode.TOLERANT);
    assertThat(d.wallClockServer()).isNull();
    assertThat(d.webSocket().reconnect()).contains(CompanionConfig.DEFAULT_BACKOFF);
    assertThat(d.timestamps()).isEqualTo(TsClientConfig.DEFAULT);

    CompanionConfig c =
        d.toBuilder()
            .backoff(FAST)
            .readMode(ReadMode.STRICT)
            .wallClockServer(new UdpUrl("127.0.0.1", 9))
            .thresholdSeconds(0.001)
            .tvRoundingTicks(1)
            .tvThresholdTicks(0)
            .build();
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(c.timestamps())
        .isEqualTo(
            TsClientConfig.builder()
                .thresholdSeconds(0.001)
                .tvRoundingTicks(1)
                .tvThresholdTicks(0)
                .readMode(ReadMode.STRICT)
                .build());
    assertThat(c.webSocket().reconnect()).contains(FAST);
  }

  @Test
  void outOfRangeTermsAreRefused() {
    assertThatThrownBy(() -> CompanionConfig.builder().tvRoundingTicks(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tvRoundingTicks");
    assertThatThrownBy(() -> CompanionConfig.builder().thresholdSeconds(Double.NaN).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CompanionConfig.builder().readMode(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aWallClockServerOfItsOwnIsUsedInsteadOfTheOneCiiAdvertises() throws Exception {
    TestTv tv = new TestTv().start();
    InetSocketAddress tvWallClock = new InetSocketAddress("127.0.0.1", tv.wcPort());
    CopyOnWriteArrayList<@Nullable InetSocketAddress> servers = new CopyOnWriteArrayList<>();
    try (UdpDelayRelay relay = new UdpDelayRelay(tvWallClock);
        Companion companion =
            new Companion(
                CompanionConfig.builder()
                    .backoff(FAST)
                    .wallClockServer(UdpUrl.parse(relay.url()))
                    .build())) {
      companion.addListener(
          new Companion.Listener() {
            @Override
            public void wallClockServer(@Nullable InetSocketAddress server) {
              servers.add(server);
            }
          });
      companion.start(tv.ciiUrl(), null);
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> companion.wallClockDispersion() < 0.01 && relay.forwarded() >= 2);
      assertThat(servers).containsExactly(relay.address());
    } finally {
      tv.close();
    }
  }

  @Test
  void aWallClockWebSocketUrlIsFollowedInsteadOfUdp() throws Exception {
    TestTv tv = new TestTv().start();
    CopyOnWriteArrayList<@Nullable InetSocketAddress> servers = new CopyOnWriteArrayList<>();
    try (Companion companion =
        new Companion(
            CompanionConfig.builder()
                .backoff(FAST)
                .wallClockWebSocket(tv.wcWebSocketUrl())
                .build())) {
      companion.addListener(
          new Companion.Listener() {
            @Override
            public void wallClockServer(@Nullable InetSocketAddress server) {
              servers.add(server);
            }
          });
      companion.start(tv.ciiUrl(), null);
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  companion.wallClockDispersion() < 0.01
                      && tv.wcWebSocket().counters().answered() >= 2);
      assertThat(tv.wc().counters().answered()).isZero();
      assertThat(servers)
          .containsExactly(InetSocketAddress.createUnresolved("127.0.0.1", tv.wsPort()));
    } finally {
      tv.close();
    }
  }

  @Test
  void aWallClockWebSocketUrlMustBeAWebSocketUrl() {
    assertThatThrownBy(
            () ->
                CompanionConfig.builder()
                    .wallClockWebSocket(URI.create("udp://127.0.0.1:6677"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(CompanionConfig.defaults().wallClockWebSocket()).isNull();
    URI ws = URI.create("wss://tv.local:7681/wc");
    assertThat(CompanionConfig.builder().wallClockWebSocket(ws).build().toBuilder().build())
        .extracting(CompanionConfig::wallClockWebSocket)
        .isEqualTo(ws);
  }
}
