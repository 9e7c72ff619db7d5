package org.dvbcss.companion.check;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
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
 * <p><b>Order.</b> CSS-CII first (its first message gives the other URLs and the timelines; if it
 * cannot be reached the check stops, {@link CheckReport#reached()} false), then the WebSocket
 * transport, then CSS-WC and CSS-TS side by side (the wall clock is measured for {@link
 * CheckConfig#duration()} while the timelines are checked against it), then the guided steps if
 * there is a {@link Guide}.
 *
 * <p>Threading: {@link #run} blocks its caller for the whole check (about {@link
 * CheckConfig#duration()} plus a few seconds, plus the guided steps); it uses threads of its own,
 * all ended when it returns. Interrupting the caller stops the check early.
 */
public final class Checker {
  private static final Logger log = LoggerFactory.getLogger(Checker.class);

  private Checker() {}

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
    CheckContext ctx = new CheckContext(config, listener);
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
