package org.dvbcss.companion.check;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.dvbcss.companion.discovery.DialStep;
import org.dvbcss.companion.discovery.DiscoveredTv;
import org.dvbcss.protocol.dial.HbbTvApplication;
import org.jspecify.annotations.Nullable;

/**
 * The DIAL rules (R-DISC-*), judged from what discovery observed of one TV. No sockets: {@link
 * org.dvbcss.companion.discovery.Discovery} made the exchange and recorded every step.
 *
 * <p>Stateless; thread safe.
 */
public final class DialChecks {
  private DialChecks() {}

  /**
   * Judges one discovered TV.
   *
   * @param tv what discovery found and observed
   * @return one result per DIAL rule, R-DISC-1 to R-DISC-6
   */
  public static List<RuleResult> judge(DiscoveredTv tv) {
    List<RuleResult> out = new ArrayList<>();
    out.add(ssdp(tv));
    out.add(deviceDescription(tv));
    out.add(applicationResource(tv));
    out.add(additionalData(tv));
    out.add(ciiHost(tv));
    out.add(cors(tv));
    return out;
  }

  private static RuleResult ssdp(DiscoveredTv tv) {
    return RuleResult.of(
            Rules.DISC_1,
            Status.PASS,
            "SSDP answered from "
                + tv.ssdpSource().getAddress().getHostAddress()
                + " with LOCATION "
                + tv.location(),
            "a 200 response with a LOCATION header")
        .with("location", tv.location())
        .with("answers", tv.ssdpResponses())
        .with("st", tv.ssdpResponse().st());
  }

  private static RuleResult deviceDescription(DiscoveredTv tv) {
    DialStep dd = tv.deviceDescriptionStep();
    String expected = "200 with an Application-URL header, within 10 s, without a redirect";
    RuleResult r;
    if (dd.error() != null || !dd.ok()) {
      r =
          RuleResult.of(
              Rules.DISC_2,
              Status.FAIL,
              "GET " + dd.url() + ": " + (dd.error() != null ? dd.error() : "HTTP " + dd.status()),
              expected);
    } else if (tv.applicationUrl() == null) {
      r =
          RuleResult.of(
              Rules.DISC_2,
              Status.FAIL,
              "GET " + dd.url() + " answered 200 without an Application-URL header",
              expected);
    } else if (dd.redirected()) {
      r =
          RuleResult.of(
              Rules.DISC_2,
              Status.WARN,
              "GET " + dd.url() + " was redirected to " + dd.finalUrl() + " (DIAL forbids it)",
              expected);
    } else {
      r =
          RuleResult.of(
              Rules.DISC_2,
              Status.PASS,
              "GET " + dd.url() + " answered 200 with Application-URL " + tv.applicationUrl(),
              expected);
    }
    return step(r, dd).with("application_url", tv.applicationUrl());
  }

  private static RuleResult applicationResource(DiscoveredTv tv) {
    DialStep app = tv.applicationStep();
    String expected = "200 with an XML application resource, without a redirect";
    if (app == null) {
      return RuleResult.of(
          Rules.DISC_3, Status.INFO, "not checked: no Application-URL to request", expected);
    }
    RuleResult r;
    if (app.error() != null || !app.ok()) {
      r =
          RuleResult.of(
              Rules.DISC_3,
              Status.FAIL,
              "GET "
                  + app.url()
                  + ": "
                  + (app.error() != null ? app.error() : "HTTP " + app.status()),
              expected);
    } else if (app.redirected()) {
      r =
          RuleResult.of(
              Rules.DISC_3,
              Status.FAIL,
              "GET " + app.url() + " was redirected to " + app.finalUrl() + " (prohibited)",
              expected);
    } else if (tv.application() == null) {
      r =
          RuleResult.of(
              Rules.DISC_3,
              Status.FAIL,
              "GET " + app.url() + " answered 200 with a body that is not an application resource",
              expected);
    } else {
      String slash =
          tv.applicationUrl() != null && !tv.applicationUrl().endsWith("/")
              ? " (the Application-URL has no trailing slash; one was added)"
              : "";
      r =
          RuleResult.of(
              Rules.DISC_3,
              Status.PASS,
              "GET " + app.url() + " answered 200 with an application resource" + slash,
              expected);
    }
    return step(r, app);
  }

  private static RuleResult additionalData(DiscoveredTv tv) {
    String expected =
        "X_HbbTV_InterDevSyncURL, X_HbbTV_App2AppURL and X_HbbTV_UserAgent in "
            + HbbTvApplication.HBBTV_NS;
    HbbTvApplication a = tv.application();
    if (a == null) {
      return RuleResult.of(
          Rules.DISC_4, Status.INFO, "not checked: no application resource was read", expected);
    }
    List<String> missing = new ArrayList<>();
    if (blank(a.interDevSyncUrl())) {
      missing.add("X_HbbTV_InterDevSyncURL");
    }
    if (blank(a.app2AppUrl())) {
      missing.add("X_HbbTV_App2AppURL");
    }
    if (blank(a.userAgent())) {
      missing.add("X_HbbTV_UserAgent");
    }
    RuleResult r;
    if (!missing.isEmpty()) {
      r =
          RuleResult.of(
              Rules.DISC_4,
              Status.FAIL,
              "missing or empty: " + String.join(", ", missing),
              expected);
    } else if (a.hbbtvNamespaceMissing()) {
      r =
          RuleResult.of(
              Rules.DISC_4,
              Status.FAIL,
              "the X_HbbTV_* elements are outside the HbbTV namespace (read anyway)",
              expected);
    } else {
      r =
          RuleResult.of(
              Rules.DISC_4,
              Status.PASS,
              "all three X_HbbTV_* elements, in the HbbTV namespace",
              expected);
    }
    return r.with("inter_dev_sync_url", a.interDevSyncUrl())
        .with("app2app_url", a.app2AppUrl())
        .with("user_agent", a.userAgent());
  }

  private static RuleResult ciiHost(DiscoveredTv tv) {
    String expected = "a ws:// URL whose host a companion can reach";
    String url = tv.ciiUrl();
    if (blank(url)) {
      return RuleResult.of(
          Rules.DISC_5, Status.INFO, "not checked: no InterDevSync URL advertised", expected);
    }
    String host;
    String scheme;
    try {
      URI u = URI.create(url);
      host = u.getHost();
      scheme = u.getScheme();
    } catch (IllegalArgumentException e) {
      return RuleResult.of(Rules.DISC_5, Status.WARN, "not a URL: " + url, expected)
          .with("advertised", url);
    }
    String source = tv.ssdpSource().getAddress().getHostAddress();
    RuleResult r;
    if (scheme == null || !(scheme.equals("ws") || scheme.equals("wss"))) {
      r = RuleResult.of(Rules.DISC_5, Status.WARN, "not a ws:// URL: " + url, expected);
    } else if (org.dvbcss.protocol.UriHosts.unusable(host, source)) {
      r =
          RuleResult.of(
              Rules.DISC_5,
              Status.WARN,
              "the InterDevSync URL's host '"
                  + (host == null ? "" : host)
                  + "' cannot be reached; a companion must use "
                  + tv.reachableCiiUrl(),
              expected);
    } else {
      r = RuleResult.of(Rules.DISC_5, Status.PASS, "InterDevSync URL " + url, expected);
    }
    return r.with("advertised", url).with("reachable", tv.reachableCiiUrl());
  }

  private static RuleResult cors(DiscoveredTv tv) {
    String expected = "Access-Control-Allow-Origin on responses to a request with Origin";
    DialStep pre = tv.preflightStep();
    DialStep app = tv.applicationStep();
    if (pre == null) {
      return RuleResult.of(
          Rules.DISC_6, Status.INFO, "not checked: discovery sent no Origin", expected);
    }
    String allow = app == null ? null : app.header("Access-Control-Allow-Origin");
    String preAllow = pre.header("Access-Control-Allow-Origin");
    Status s = allow != null && preAllow != null ? Status.PASS : Status.WARN;
    return RuleResult.of(
            Rules.DISC_6,
            s,
            "GET answered Access-Control-Allow-Origin "
                + (allow == null ? "(none)" : allow)
                + "; OPTIONS answered HTTP "
                + pre.status()
                + " with "
                + (preAllow == null ? "(none)" : preAllow),
            expected)
        .with("options_status", pre.status());
  }

  private static RuleResult step(RuleResult r, DialStep s) {
    return r.with("url", s.url())
        .with("status", s.status())
        .with("content_type", s.contentType())
        .with("redirects", s.redirects())
        .with("elapsed_ms", s.elapsedNanos() / 1e6);
  }

  private static boolean blank(@Nullable String s) {
    return s == null || s.isBlank();
  }
}
