package org.dvbcss.companion.check;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dvbcss.companion.discovery.DiscoveredTv;
import org.dvbcss.companion.discovery.Discovery;
import org.dvbcss.companion.discovery.DiscoveryConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a TV's DVB-CSS servers from a companion's position and reports, per rule ({@link Rules}),
 * PASS, FAIL, WARN or INFO with what was observed.
 *
 * <pre>{@code
 * CheckReport report = Checker.run(CheckConfig.of("ws://192.168.1.20:7681/cii"),
 *     r -> System.out.println(r.status() + " " + r.id() + " " + r.message()));
 * System.exit(report.exitStatus());
 * }</pre>
 *
 * <p><b>Order.</b> With {@link CheckConfig#discovery()}, DIAL first: the TV is searched for, its
 * DIAL exchange graded (R-DISC-*), and the CII URL it advertises (with an unusable host replaced by
 * the address it answered from) is checked; no TV found is "not reached". Then CSS-CII (its first
 * message gives the other URLs and the timelines; if it cannot be reached the check stops, {@link
 * CheckReport#reached()} false), then the WebSocket transport, then CSS-WC and CSS-TS side by side
 * (the wall clock is measured for {@link CheckConfig#duration()} while the timelines are checked
 * against it), then the guided steps if there is a {@link Guide}.
 *
 * <p>Threading: {@link #run} blocks its caller for the whole check (about {@link
 * CheckConfig#duration()} plus a few seconds, plus the guided steps); it uses threads of its own,
 * all ended when it returns. Interrupting the caller stops the check early.
 */
public final class Checker {
  private static final Logger log = LoggerFactory.getLogger(Checker.class);

  private Checker() {}

  /** The TV whose CII URL (advertised or made reachable) is {@code ciiUrl}, else the first. */
  private static @Nullable DiscoveredTv pick(List<DiscoveredTv> found, @Nullable String ciiUrl) {
    for (DiscoveredTv tv : found) {
      if (ciiUrl == null || ciiUrl.equals(tv.ciiUrl()) || ciiUrl.equals(tv.reachableCiiUrl())) {
        return tv;
      }
    }
    return null;
  }

  /**
   * Runs a check.
   *
   * @param config what to check and for how long
   * @param listener hears each result as it is decided
   * @return the report
   * @throws InterruptedException if the caller was interrupted
   */
  public static CheckReport run(CheckConfig config, CheckListener listener)
      throws InterruptedException {
    List<RuleResult> dial = List.of();
    if (config.discovery() != null) {
      DiscoveryConfig search = config.discovery();
      String target = "DIAL search at " + search.searchAddress();
      List<DiscoveredTv> found;
      try {
        found = Discovery.discover(search);
      } catch (IOException e) {
        found = List.of();
      }
      DiscoveredTv tv = pick(found, config.ciiUrl());
      if (tv == null) {
        CheckContext none = new CheckContext(config, listener);
        none.report(
            RuleResult.of(
                    Rules.DISC_1,
                    Status.FAIL,
                    found.isEmpty()
                        ? "no DIAL answer within " + search.timeout().toMillis() + " ms"
                        : "no DIAL server advertises " + config.ciiUrl(),
                    "a 200 response with a LOCATION header")
                .with("search_address", String.valueOf(search.searchAddress()))
                .with("answers", found.size()));
        return none.report(false, target);
      }
      dial = DialChecks.judge(tv);
      String url = tv.reachableCiiUrl();
      if (url == null) {
        CheckContext none = new CheckContext(config, listener);
        dial.forEach(none::report);
        return none.report(false, target);
      }
      config = config.toBuilder().ciiUrl(url).build();
    }
    CheckContext ctx = new CheckContext(config, listener);
    dial.forEach(ctx::report);
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    ctx.progress("connecting to CSS-CII at " + config.ciiUrl());
    if (!CiiChecks.run(ctx, http)) {
      ctx.wallClock(Optional.empty());
      return ctx.report(false);
    }
    WsChecks.run(ctx, http);
    WcChecks wc = WcChecks.start(ctx);
    try {
      TsChecks.run(ctx, http);
      wc.awaitEnd(config.duration().plus(Duration.ofSeconds(10)));
      if (config.guide() != null && !config.steps().isEmpty()) {
        GuidedChecks.run(ctx, http);
      }
    } finally {
      wc.close();
    }
    log.debug("check of {} done", config.ciiUrl());
    return ctx.report(true);
  }
}
