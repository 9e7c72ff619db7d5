package org.dvbcss.companion.check;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.tv.Faults;
import org.dvbcss.tv.Tv;
import org.dvbcss.tv.TvConfig;

/** Helpers of the CSS-TS check tests: a TV, a context with its CII state, the results. */
final class TsTestSupport {
  private TsTestSupport() {}

  static Tv tv(Faults faults) throws java.io.IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    return Tv.start(
        TvConfig.builder()
            .webSocketAddress(new InetSocketAddress(lo, 0))
            .wallClockAddress(new InetSocketAddress(lo, 0))
            .faults(faults)
            .build());
  }

  static HttpClient http() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** A context whose CII state is {@code cii}, with the TV's wall clock (this machine's). */
  static CheckContext context(
      CheckConfig config, Cii cii, List<RuleResult> results, boolean wallClock) {
    CheckContext ctx = new CheckContext(config, results::add);
    ctx.cii(new CiiSnapshot("{}", 0, cii));
    if (wallClock) {
      ctx.wallClock(Optional.of(new SysClock()));
    } else {
      ctx.wallClock(Optional.empty());
    }
    return ctx;
  }

  static List<RuleResult> results() {
    return new CopyOnWriteArrayList<>();
  }

  static List<RuleResult> of(List<RuleResult> results, Rule rule) {
    return results.stream().filter(r -> r.rule() == rule).toList();
  }
}
