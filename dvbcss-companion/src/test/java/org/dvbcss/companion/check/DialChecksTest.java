package org.dvbcss.companion.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dvbcss.companion.discovery.DialStep;
import org.dvbcss.companion.discovery.DiscoveredTv;
import org.dvbcss.companion.discovery.Discovery;
import org.dvbcss.companion.discovery.DiscoveryConfig;
import org.dvbcss.protocol.dial.DeviceDescription;
import org.dvbcss.protocol.dial.HbbTvApplication;
import org.dvbcss.protocol.dial.SsdpResponse;
import org.dvbcss.tv.DialConfig;
import org.dvbcss.tv.Fault;
import org.dvbcss.tv.Faults;
import org.dvbcss.tv.Tv;
import org.dvbcss.tv.TvConfig;
import org.junit.jupiter.api.Test;

class DialChecksTest {
  private static Tv tv(Faults faults) throws Exception {
    return Tv.start(
        TvConfig.builder()
            .webSocketAddress(new InetSocketAddress("127.0.0.1", 0))
            .wallClockAddress(new InetSocketAddress("127.0.0.1", 0))
            .dial(DialConfig.builder().ssdpAddress(new InetSocketAddress("127.0.0.1", 0)).build())
            .faults(faults)
            .build());
  }

  private static DiscoveredTv discover(Tv tv) throws Exception {
    List<DiscoveredTv> found =
        Discovery.discover(
            DiscoveryConfig.builder()
                .searchAddress(tv.ssdpAddress())
                .bindAddress(new InetSocketAddress("127.0.0.1", 0))
                .timeout(Duration.ofSeconds(1))
                .origin("http://app.example")
                .build());
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static Status status(List<RuleResult> results, Rule rule) {
    return results.stream().filter(r -> r.rule() == rule).findFirst().orElseThrow().status();
  }

  @Test
  void theSimulatedTvKeepsEveryDialRule() throws Exception {
    try (Tv tv = tv(Faults.NONE)) {
      List<RuleResult> results = DialChecks.judge(discover(tv));
      assertThat(results)
          .extracting(RuleResult::id)
          .containsExactly("R-DISC-1", "R-DISC-2", "R-DISC-3", "R-DISC-4", "R-DISC-5", "R-DISC-6");
      assertThat(results)
          .allSatisfy(r -> assertThat(r.status()).as(r.message()).isEqualTo(Status.PASS));
    }
  }

  @Test
  void aZeroAddressInterDevSyncUrlWarns() throws Exception {
    try (Tv tv = tv(Faults.of(Fault.ZERO_ADDRESS_URLS))) {
      DiscoveredTv found = discover(tv);
      List<RuleResult> results = DialChecks.judge(found);
      assertThat(status(results, Rules.DISC_5)).isEqualTo(Status.WARN);
      assertThat(found.reachableCiiUrl()).isEqualTo(tv.ciiUrl());
    }
  }

  private static DialStep step(String url, int status, List<String> redirects, String body) {
    return new DialStep(
        "GET", url, url, redirects, status, "text/xml", Map.of(), body, 1_000_000, null);
  }

  /** A TV as discovery would record it, with each step given. */
  private static DiscoveredTv recorded(
      DialStep dd, String applicationUrl, DialStep app, HbbTvApplication application) {
    return new DiscoveredTv(
        new InetSocketAddress("192.168.1.20", 1900),
        SsdpResponse.dial("http://192.168.1.20:8080/dd.xml", "uuid:1", 1800, "test"),
        2,
        "http://192.168.1.20:8080/dd.xml",
        dd,
        DeviceDescription.dial("TV", "Maker", "Model", "uuid:1"),
        applicationUrl,
        app,
        application,
        null,
        List.of());
  }

  @Test
  void eachBrokenStepIsNamed() {
    HbbTvApplication good =
        HbbTvApplication.running(
            "ws://192.168.1.20:7681/cii", "ws://192.168.1.20:8900/", "HbbTV/1");
    DialStep dd = step("http://192.168.1.20:8080/dd.xml", 200, List.of(), "<root/>");
    DialStep app = step("http://192.168.1.20:8080/apps/HbbTV", 200, List.of(), "<service/>");

    List<RuleResult> clean =
        DialChecks.judge(recorded(dd, "http://192.168.1.20:8080/apps/", app, good));
    assertThat(clean)
        .filteredOn(r -> r.rule() != Rules.DISC_6)
        .allSatisfy(r -> assertThat(r.status()).as(r.message()).isEqualTo(Status.PASS));
    assertThat(status(clean, Rules.DISC_6)).isEqualTo(Status.INFO);

    DialStep moved =
        step("http://192.168.1.20:8080/dd.xml", 200, List.of("http://192.168.1.20:8080/x"), "");
    assertThat(status(DialChecks.judge(recorded(moved, "http://h/apps/", app, good)), Rules.DISC_2))
        .isEqualTo(Status.WARN);
    assertThat(status(DialChecks.judge(recorded(dd, null, null, null)), Rules.DISC_2))
        .isEqualTo(Status.FAIL);
    DialStep missing = step("http://192.168.1.20:8080/apps/HbbTV", 404, List.of(), "");
    assertThat(
            status(DialChecks.judge(recorded(dd, "http://h/apps/", missing, null)), Rules.DISC_3))
        .isEqualTo(Status.FAIL);
    DialStep redirected =
        step("http://192.168.1.20:8080/apps/HbbTV", 200, List.of("http://elsewhere/"), "");
    assertThat(
            status(
                DialChecks.judge(recorded(dd, "http://h/apps/", redirected, good)), Rules.DISC_3))
        .isEqualTo(Status.FAIL);
    HbbTvApplication noNamespace =
        new HbbTvApplication(
            "HbbTV", "running", "ws://192.168.1.20:7681/cii", "ws://a/", "ua", "2.1", true);
    assertThat(
            status(
                DialChecks.judge(recorded(dd, "http://h/apps/", app, noNamespace)), Rules.DISC_4))
        .isEqualTo(Status.FAIL);
    HbbTvApplication noUserAgent =
        HbbTvApplication.running("ws://192.168.1.20:7681/cii", "ws://a/", null);
    assertThat(
            status(
                DialChecks.judge(recorded(dd, "http://h/apps/", app, noUserAgent)), Rules.DISC_4))
        .isEqualTo(Status.FAIL);
    HbbTvApplication emptyHost = HbbTvApplication.running("ws://:7681/cii", "ws://a/", "ua");
    assertThat(
            status(DialChecks.judge(recorded(dd, "http://h/apps/", app, emptyHost)), Rules.DISC_5))
        .isEqualTo(Status.WARN);
  }
}
