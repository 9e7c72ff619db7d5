package org.dvbcss.companion.discovery;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.dial.DeviceDescription;
import org.dvbcss.protocol.dial.DialUrls;
import org.dvbcss.protocol.dial.HbbTvApplication;
import org.dvbcss.protocol.dial.SsdpResponse;
import org.dvbcss.protocol.dial.SsdpSearch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds HbbTV terminals by DIAL: sends the SSDP {@code M-SEARCH} for {@code
 * urn:dial-multiscreen-org:service:dial:1} (again every {@linkplain
 * DiscoveryConfig#resendInterval() resend interval}), collects answers for the {@linkplain
 * DiscoveryConfig#timeout() timeout}, deduplicated by {@code LOCATION}, and for each new location
 * at once (in parallel) fetches the device description, reads its {@code Application-URL}, fetches
 * {@code <Application-URL>[/]HbbTV} and reads the CSS-CII URL from it.
 *
 * <p>HTTP uses the JDK client with redirects not followed automatically: up to 10 are followed by
 * hand and recorded in the {@link DialStep}. Unreadable SSDP datagrams are ignored.
 *
 * <p>Blocks the caller for the timeout plus whatever HTTP steps are still running then (each
 * request is bounded by {@link DiscoveryConfig#httpTimeout()}). Stateless; any thread.
 */
public final class Discovery {
  private static final Logger log = LoggerFactory.getLogger(Discovery.class);

  /** The most redirects followed in one step. */
  public static final int MAX_REDIRECTS = 10;

  private static final String USER_AGENT = "dvbcss-java DIAL/2.1";

  private Discovery() {}

  /**
   * Searches and returns every DIAL server found.
   *
   * @param config where and how long to search
   * @return the servers in the order their first answer came
   * @throws IOException if the UDP socket cannot be opened or the search cannot be sent
   */
  public static List<DiscoveredTv> discover(DiscoveryConfig config) throws IOException {
    return discover(config, tv -> {});
  }

  /**
   * Searches, telling a listener about each server as soon as its steps are done, and returns them
   * all at the end.
   *
   * @param config where and how long to search
   * @param listener called once per server, on a discovery thread; if it throws, the exception is
   *     logged and discovery carries on
   * @return the servers in the order their first answer came
   * @throws IOException if the UDP socket cannot be opened or the search cannot be sent
   */
  public static List<DiscoveredTv> discover(DiscoveryConfig config, Consumer<DiscoveredTv> listener)
      throws IOException {
    HttpClient http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.httpTimeout())
            .build();
    ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "dvbcss-discovery");
              t.setDaemon(true);
              return t;
            });
    Map<String, CompletableFuture<DiscoveredTv>> found = new LinkedHashMap<>();
    Map<String, int[]> counts = new LinkedHashMap<>();
    try (DatagramSocket socket = new DatagramSocket(config.bindAddress())) {
      byte[] search =
          SsdpSearch.dial(hostHeader(config.searchAddress()), config.mx(), USER_AGENT)
              .encode()
              .getBytes(StandardCharsets.US_ASCII);
      long start = System.nanoTime();
      long end = start + config.timeout().toNanos();
      long nextSend = start;
      byte[] buffer = new byte[16384];
      while (true) {
        long now = System.nanoTime();
        if (now - end >= 0) {
          break;
        }
        if (now - nextSend >= 0) {
          socket.send(new DatagramPacket(search, search.length, config.searchAddress()));
          nextSend = now + config.resendInterval().toNanos();
        }
        long wait = Math.min(end, nextSend) - now;
        socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(packet);
        } catch (SocketTimeoutException e) {
          continue;
        }
        SsdpResponse response;
        try {
          response =
              SsdpResponse.parse(
                  new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
          log.debug(
              "unreadable SSDP answer from {}: {}", packet.getSocketAddress(), e.getMessage());
          continue;
        }
        String location = response.location();
        int[] count = counts.computeIfAbsent(location, l -> new int[1]);
        count[0]++;
        if (!found.containsKey(location)) {
          InetSocketAddress source = (InetSocketAddress) packet.getSocketAddress();
          found.put(
              location,
              CompletableFuture.supplyAsync(
                      () -> fetch(http, config, source, response, count), pool)
                  .whenComplete(
                      (tv, failure) -> {
                        if (tv != null) {
                          try {
                            listener.accept(tv);
                          } catch (RuntimeException e) {
                            log.warn("discovery listener threw", e);
                          }
                        }
                      }));
        }
      }
      List<DiscoveredTv> tvs = new ArrayList<>();
      for (CompletableFuture<DiscoveredTv> f : found.values()) {
        try {
          tvs.add(f.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("discovery interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
          log.warn("discovery step failed", e.getCause());
        }
      }
      // the duplicate counts may have grown after a TV's steps finished
      List<DiscoveredTv> counted = new ArrayList<>(tvs.size());
      for (DiscoveredTv tv : tvs) {
        counted.add(withCount(tv, counts.get(tv.location())[0]));
      }
      return counted;
    } finally {
      pool.shutdownNow();
    }
  }

  private static DiscoveredTv withCount(DiscoveredTv tv, int n) {
    return new DiscoveredTv(
        tv.ssdpSource(),
        tv.ssdpResponse(),
        n,
        tv.location(),
        tv.deviceDescriptionStep(),
        tv.deviceDescription(),
        tv.applicationUrl(),
        tv.applicationStep(),
        tv.application(),
        tv.preflightStep(),
        tv.problems());
  }

  private static String hostHeader(InetSocketAddress a) {
    String host = a.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /** The HTTP steps for one location; never throws. */
  static DiscoveredTv fetch(
      HttpClient http,
      DiscoveryConfig config,
      InetSocketAddress source,
      SsdpResponse response,
      int[] count) {
    List<String> problems = new ArrayList<>();
    String location = response.location();
    DialStep dd = get(http, config, "GET", location);
    DeviceDescription description = null;
    String applicationUrl = null;
    if (answered(dd, "device description", "DIAL forbids redirects", problems)) {
      try {
        description = DeviceDescription.parse(dd.body() == null ? "" : dd.body());
      } catch (ProtocolException e) {
        problems.add("device description: " + e.getMessage());
      }
      applicationUrl = dd.header("Application-URL");
      if (applicationUrl == null || applicationUrl.isBlank()) {
        problems.add("device description: no Application-URL header");
        applicationUrl = null;
      } else {
        applicationUrl = URI.create(dd.finalUrl()).resolve(applicationUrl.strip()).toString();
      }
    }
    DialStep appStep = null;
    DialStep preflight = null;
    HbbTvApplication application = null;
    if (applicationUrl != null) {
      String resource = DialUrls.applicationResource(applicationUrl);
      if (!applicationUrl.endsWith("/")) {
        problems.add("Application-URL has no trailing slash; a slash was added");
      }
      appStep = get(http, config, "GET", resource);
      if (answered(appStep, "application resource", "prohibited", problems)) {
        try {
          application = HbbTvApplication.parse(appStep.body() == null ? "" : appStep.body());
          if (application.hbbtvNamespaceMissing()) {
            problems.add(
                "application resource: X_HbbTV_* elements outside the namespace "
                    + HbbTvApplication.HBBTV_NS);
          }
          if (application.interDevSyncUrl() == null) {
            problems.add("application resource: no X_HbbTV_InterDevSyncURL");
          }
        } catch (ProtocolException e) {
          problems.add("application resource: " + e.getMessage());
        }
      }
      if (config.origin() != null) {
        preflight = get(http, config, "OPTIONS", resource);
      }
    }
    DiscoveredTv tv =
        new DiscoveredTv(
            source,
            response,
            count[0],
            location,
            dd,
            description,
            applicationUrl,
            appStep,
            application,
            preflight,
            problems);
    String cii = tv.ciiUrl();
    String reachable = tv.reachableCiiUrl();
    if (cii != null && !cii.equals(reachable)) {
      List<String> more = new ArrayList<>(problems);
      more.add("CII URL host unusable: " + cii + " read as " + reachable);
      tv = withProblems(tv, more);
    }
    return tv;
  }

  private static DiscoveredTv withProblems(DiscoveredTv tv, List<String> problems) {
    return new DiscoveredTv(
        tv.ssdpSource(),
        tv.ssdpResponse(),
        tv.ssdpResponses(),
        tv.location(),
        tv.deviceDescriptionStep(),
        tv.deviceDescription(),
        tv.applicationUrl(),
        tv.applicationStep(),
        tv.application(),
        tv.preflightStep(),
        problems);
  }

  /** One step: a request, redirects followed by hand. Never throws. */
  private static DialStep get(HttpClient http, DiscoveryConfig config, String method, String url) {
    long start = System.nanoTime();
    List<String> redirects = new ArrayList<>();
    String current = url;
    HttpResponse<String> last = null;
    String error = null;
    try {
      while (true) {
        HttpRequest.Builder b =
            HttpRequest.newBuilder(URI.create(current))
                .timeout(config.httpTimeout())
                .header("User-Agent", USER_AGENT);
        if (config.origin() != null) {
          b.header("Origin", config.origin());
        }
        if (method.equals("OPTIONS")) {
          b.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
              .header("Access-Control-Request-Method", "GET");
        } else {
          b.GET();
        }
        last = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        int s = last.statusCode();
        String next = last.headers().firstValue("location").orElse(null);
        if (s < 300 || s > 399 || s == 304 || next == null) {
          break;
        }
        if (redirects.size() >= MAX_REDIRECTS) {
          error = "more than " + MAX_REDIRECTS + " redirects";
          break;
        }
        current = URI.create(current).resolve(next.strip()).toString();
        redirects.add(current);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    } catch (IOException | RuntimeException e) {
      error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    long elapsed = System.nanoTime() - start;
    if (last == null) {
      return new DialStep(
          method, url, current, redirects, -1, null, Map.of(), null, elapsed, error);
    }
    return new DialStep(
        method,
        url,
        last.uri().toString(),
        redirects,
        last.statusCode(),
        last.headers().firstValue("content-type").orElse(null),
        last.headers().map(),
        last.body(),
        elapsed,
        error);
  }

  /**
   * Notes a step's redirect, failure or non-200 status among the problems.
   *
   * @return whether a 200 response came, so its body can be read
   */
  private static boolean answered(
      DialStep step, String what, String redirectNote, List<String> problems) {
    if (step.redirected()) {
      problems.add(what + ": redirected (" + redirectNote + ") to " + step.finalUrl());
    }
    if (step.error() != null) {
      problems.add(what + ": " + step.error());
      return false;
    }
    if (!step.ok()) {
      problems.add(what + ": HTTP status " + step.status());
      return false;
    }
    return true;
  }
}
