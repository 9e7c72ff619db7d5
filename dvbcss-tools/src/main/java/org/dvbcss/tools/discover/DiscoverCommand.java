package org.dvbcss.tools.discover;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dvbcss.companion.discovery.DialStep;
import org.dvbcss.companion.discovery.DiscoveredTv;
import org.dvbcss.companion.discovery.Discovery;
import org.dvbcss.companion.discovery.DiscoveryConfig;
import org.dvbcss.protocol.dial.DeviceDescription;
import org.dvbcss.tools.HostPort;
import org.dvbcss.tools.JsonLines;
import org.dvbcss.tools.LoggingOptions;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.core.JsonGenerator;

/**
 * {@code dvbcss discover}: finds HbbTV terminals by DIAL and prints each one's name, maker, model
 * and CSS-CII URL. Exit status 0 when at least one was found, 1 when none.
 */
@Command(
    name = "discover",
    mixinStandardHelpOptions = true,
    description = {
      "Find HbbTV terminals by DIAL (SSDP search, device description, HbbTV application",
      "resource) and print each one's CSS-CII URL. Exit status 0 when one was found, 1 if none."
    })
public final class DiscoverCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private LoggingOptions logging;

  @Option(
      names = "--search-address",
      paramLabel = "HOST:PORT",
      defaultValue = "239.255.255.250:1900",
      converter = HostPort.class,
      description =
          "Where the SSDP search is sent: the multicast group, or one TV (default:"
              + " ${DEFAULT-VALUE}).")
  private InetSocketAddress searchAddress;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "3",
      converter = DurationConverter.class,
      description =
          "How long to collect answers, in seconds (2.5, or with a unit: 500ms) (default:"
              + " ${DEFAULT-VALUE}).")
  private Duration timeout;

  @Option(
      names = "--origin",
      paramLabel = "ORIGIN",
      description = "Send this Origin header with the HTTP requests (and make a CORS preflight).")
  private @Nullable String origin;

  @Option(names = "--json", description = "Print one JSON object per TV.")
  private boolean json;

  /** Creates the command (picocli calls this). */
  public DiscoverCommand() {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    DiscoveryConfig config =
        DiscoveryConfig.builder()
            .searchAddress(searchAddress)
            .timeout(timeout)
            .origin(origin)
            .build();
    List<DiscoveredTv> tvs = Discovery.discover(config);
    for (DiscoveredTv tv : tvs) {
      out.println(json ? json(tv) : text(tv));
    }
    if (tvs.isEmpty() && !json) {
      out.println("no DIAL server answered within " + timeout.toMillis() + " ms");
    }
    out.flush();
    return tvs.isEmpty() ? 1 : 0;
  }

  private static String text(DiscoveredTv tv) {
    StringBuilder b = new StringBuilder();
    DeviceDescription d = tv.deviceDescription();
    b.append(orDash(d == null ? null : d.friendlyName()))
        .append("  (")
        .append(orDash(d == null ? null : d.manufacturer()))
        .append(", ")
        .append(orDash(d == null ? null : d.modelName()))
        .append(")  from ")
        .append(tv.ssdpSource().getAddress().getHostAddress())
        .append(System.lineSeparator());
    String cii = tv.ciiUrl();
    b.append("  CII ").append(orDash(cii));
    String reachable = tv.reachableCiiUrl();
    if (reachable != null && !reachable.equals(cii)) {
      b.append(System.lineSeparator()).append("  reachable as ").append(reachable);
    }
    b.append(System.lineSeparator()).append("  LOCATION ").append(tv.location());
    for (String problem : tv.problems()) {
      b.append(System.lineSeparator()).append("  problem: ").append(problem);
    }
    return b.toString();
  }

  private static String orDash(@Nullable String s) {
    return s == null ? "-" : s;
  }

  private static String json(DiscoveredTv tv) {
    return JsonLines.write(
        g -> {
          g.writeStartObject();
          g.writeStringProperty("ssdpSource", tv.ssdpSource().getAddress().getHostAddress());
          g.writeStringProperty("location", tv.location());
          DeviceDescription d = tv.deviceDescription();
          string(g, "friendlyName", d == null ? null : d.friendlyName());
          string(g, "manufacturer", d == null ? null : d.manufacturer());
          string(g, "modelName", d == null ? null : d.modelName());
          string(g, "udn", d == null ? null : d.udn());
          string(g, "applicationUrl", tv.applicationUrl());
          string(g, "ciiUrl", tv.ciiUrl());
          string(g, "reachableCiiUrl", tv.reachableCiiUrl());
          string(g, "app2AppUrl", tv.application() == null ? null : tv.application().app2AppUrl());
          string(g, "userAgent", tv.application() == null ? null : tv.application().userAgent());
          step(g, "deviceDescription", tv.deviceDescriptionStep());
          step(g, "application", tv.applicationStep());
          step(g, "preflight", tv.preflightStep());
          g.writeName("problems");
          g.writeStartArray();
          for (String p : tv.problems()) {
            g.writeString(p);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  private static void string(JsonGenerator g, String name, @Nullable String value) {
    if (value == null) {
      g.writeNullProperty(name);
    } else {
      g.writeStringProperty(name, value);
    }
  }

  private static void step(JsonGenerator g, String name, @Nullable DialStep step) {
    if (step == null) {
      return;
    }
    g.writeName(name);
    g.writeStartObject();
    g.writeStringProperty("url", step.url());
    g.writeNumberProperty("status", step.status());
    string(g, "contentType", step.contentType());
    g.writeBooleanProperty("redirected", step.redirected());
    g.writeNumberProperty("elapsedMillis", step.elapsedNanos() / 1e6);
    string(g, "error", step.error());
    g.writeEndObject();
  }

  /** Reads {@code 3s}, {@code 500ms}, {@code 1m} or plain seconds ({@code 2.5}). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      double factorNanos;
      String number;
      if (v.endsWith("ms")) {
        factorNanos = 1e6;
        number = v.substring(0, v.length() - 2);
      } else if (v.endsWith("s")) {
        factorNanos = 1e9;
        number = v.substring(0, v.length() - 1);
      } else if (v.endsWith("m")) {
        factorNanos = 60e9;
        number = v.substring(0, v.length() - 1);
      } else {
        factorNanos = 1e9;
        number = v;
      }
      double n;
      try {
        n = Double.parseDouble(number);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("expected a duration such as 3s or 500ms: " + value);
      }
      if (!(n > 0) || Double.isInfinite(n)) {
        throw new TypeConversionException("the duration must be more than 0: " + value);
      }
      return Duration.ofNanos(Math.round(n * factorNanos));
    }
  }
}
