package org.dvbcss.companion.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dvbcss.companion.discovery.DiscoveryConfig;
import org.dvbcss.protocol.wc.UdpUrl;
import org.dvbcss.tv.DialConfig;
import org.dvbcss.tv.Tv;
import org.dvbcss.tv.TvConfig;
import org.junit.jupiter.api.Test;

/** {@link Checker#run} starting from DIAL, and {@link CheckConfig}'s values. */
class CheckerDiscoveryTest {
  private static final InetSocketAddress LOOPBACK_ANY = new InetSocketAddress("127.0.0.1", 0);

  private static DiscoveryConfig searching(InetSocketAddress at) {
    return DiscoveryConfig.builder()
        .searchAddress(at)
        .bindAddress(LOOPBACK_ANY)
        .timeout(Duration.ofMillis(800))
        .build();
  }

  @Test
  void aTvFoundByDialIsGradedOnDialThenChecked() throws Exception {
    try (Tv tv =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(LOOPBACK_ANY)
                .wallClockAddress(LOOPBACK_ANY)
                .dial(DialConfig.builder().ssdpAddress(LOOPBACK_ANY).build())
                .build())) {
      List<RuleResult> heard = new CopyOnWriteArrayList<>();
      CheckReport report =
          Checker.run(
              CheckConfig.discovering(searching(tv.ssdpAddress()))
                  .duration(Duration.ofSeconds(1))
                  .rapidConnections(5)
                  .tsClients(2)
                  .availabilityWait(Duration.ofSeconds(1))
                  .build(),
              heard::add);
      assertThat(report.reached()).isTrue();
      assertThat(report.target()).isEqualTo(tv.ciiUrl());
      assertThat(report.results().subList(0, 6))
          .extracting(RuleResult::id)
          .containsExactly("R-DISC-1", "R-DISC-2", "R-DISC-3", "R-DISC-4", "R-DISC-5", "R-DISC-6");
      assertThat(report.results()).hasSameSizeAs(heard);
      assertThat(report.resultsOf("R-CII-2"))
          .singleElement()
          .satisfies(r -> assertThat(r.status()).isEqualTo(Status.PASS));
      assertThat(report.exitStatus()).isZero();
    }
  }

  @Test
  void noDialAnswerIsNotReached() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(LOOPBACK_ANY)) {
      InetSocketAddress at = (InetSocketAddress) silent.getLocalSocketAddress();
      CheckReport report =
          Checker.run(CheckConfig.discovering(searching(at)).build(), CheckListener.NONE);
      assertThat(report.reached()).isFalse();
      assertThat(report.exitStatus()).isEqualTo(2);
      assertThat(report.target()).contains("DIAL search at");
      assertThat(report.results())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.id()).isEqualTo("R-DISC-1");
                assertThat(r.status()).isEqualTo(Status.FAIL);
                assertThat(r.message()).contains("no DIAL answer");
              });
    }
  }

  @Test
  void aCiiUrlNoTvAdvertisesIsNotReached() throws Exception {
    try (Tv tv =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(LOOPBACK_ANY)
                .wallClockAddress(LOOPBACK_ANY)
                .dial(DialConfig.builder().ssdpAddress(LOOPBACK_ANY).build())
                .build())) {
      CheckReport report =
          Checker.run(
              CheckConfig.discovering(searching(tv.ssdpAddress()))
                  .ciiUrl("ws://127.0.0.1:1/elsewhere")
                  .build(),
              CheckListener.NONE);
      assertThat(report.exitStatus()).isEqualTo(2);
      assertThat(report.results())
          .singleElement()
          .satisfies(r -> assertThat(r.message()).contains("no DIAL server advertises"));
    }
  }

  @Test
  void configValuesRoundTripAndAreValidated() {
    Guide guide = step -> {};
    CheckConfig c =
        CheckConfig.builder("ws://tv/cii")
            .duration(Duration.ofSeconds(7))
            .connectTimeout(Duration.ofSeconds(2))
            .guide(guide)
            .steps(List.of(GuidedStep.PAUSE))
            .wallClockServer(UdpUrl.parse("udp://tv:6677"))
            .rapidConnections(3)
            .tsClients(4)
            .availabilityWait(Duration.ZERO)
            .build();
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(c.durationNanos()).isEqualTo(7_000_000_000L);
    assertThat(CheckConfig.of("ws://tv/cii").duration()).isEqualTo(Duration.ofSeconds(65));
    assertThat(CheckConfig.of("ws://tv/cii").steps()).containsExactly(GuidedStep.values());
    CheckConfig.Builder b = CheckConfig.builder("ws://tv/cii");
    assertThatThrownBy(() -> b.duration(Duration.ofMillis(999)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> CheckConfig.builder("ws://tv/cii").connectTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CheckConfig.builder("ws://tv/cii").tsClients(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CheckConfig.builder("ws://tv/cii").rapidConnections(-1).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                CheckConfig.builder("ws://tv/cii").availabilityWait(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CheckConfig.builder("ws://tv/cii").ciiUrl(null).build())
        .isInstanceOf(IllegalArgumentException.class);
    for (GuidedStep s : GuidedStep.values()) {
      assertThat(s.instruction()).endsWith("now");
    }
  }
}
