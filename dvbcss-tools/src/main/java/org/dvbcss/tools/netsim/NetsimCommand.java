package org.dvbcss.tools.netsim;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dvbcss.net.netsim.Direction;
import org.dvbcss.net.netsim.Durations;
import org.dvbcss.net.netsim.LinkCounters;
import org.dvbcss.net.netsim.LinkImpairment;
import org.dvbcss.net.netsim.Netsim;
import org.dvbcss.net.netsim.NetsimConfig;
import org.dvbcss.net.netsim.Proxy;
import org.dvbcss.net.netsim.Script;
import org.dvbcss.tools.DurationOption;
import org.dvbcss.tools.JsonLines;
import org.dvbcss.tools.LoggingOptions;
import org.dvbcss.tools.SignalShutdown;
import org.dvbcss.tools.StatusTicker;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.core.JsonGenerator;

/**
 * {@code dvbcss netsim}: a network impairment proxy. UDP routes (CSS-WC) and TCP routes (the
 * WebSocket protocols) are proxied with delay, jitter, loss and the rest per direction, following
 * an optional script; see docs/netsim.md.
 *
 * <p>Not thread safe: one instance serves one run.
 */
@Command(
    name = "netsim",
    mixinStandardHelpOptions = true,
    description = {
      "Proxy UDP (CSS-WC) and TCP (CII, TS, WC over WebSocket) through a simulated network:"
          + " delay, jitter, loss, duplication, reordering, bandwidth and timed changes, per"
          + " direction. Listens on loopback unless a LISTEN address is given.",
      "",
      "Prints each route's listening address, then a line of counters each second until"
          + " stopped (Ctrl-C or SIGTERM, exit status 0) or --duration ends. Durations are"
          + " seconds or take a unit (20ms, 1.5s); probabilities are fractions or percentages"
          + " (0.01, 1%%).",
      ""
    })
public final class NetsimCommand implements Callable<Integer> {

  @Mixin private LoggingOptions logging;

  @Spec private CommandSpec spec;

  @Option(
      names = "--udp",
      paramLabel = "LISTEN=TARGET",
      converter = RouteSpec.Converter.class,
      description =
          "Proxy UDP: LISTEN is PORT (on 127.0.0.1) or HOST:PORT, TARGET is HOST:PORT, e.g."
              + " 6677=192.168.1.20:6677. Repeatable.")
  private List<RouteSpec> udp = new ArrayList<>();

  @Option(
      names = "--tcp",
      paramLabel = "LISTEN=TARGET",
      converter = RouteSpec.Converter.class,
      description = "Proxy TCP, as --udp, e.g. 7681=192.168.1.20:7681. Repeatable.")
  private List<RouteSpec> tcp = new ArrayList<>();

  @Option(
      names = "--delay",
      paramLabel = "D",
      defaultValue = "0",
      description = "Least delay of each direction (default: ${DEFAULT-VALUE}).")
  private String delay;

  @Option(
      names = "--to-server-delay",
      paramLabel = "D",
      description = "Least delay towards the server, instead of --delay.")
  private @Nullable String toServerDelay;

  @Option(
      names = "--to-client-delay",
      paramLabel = "D",
      description = "Least delay towards the client, instead of --delay.")
  private @Nullable String toClientDelay;

  @Option(
      names = "--jitter",
      paramLabel = "D",
      defaultValue = "0",
      description =
          "Extra delay drawn uniformly from [0, D] for each packet, each direction (default:"
              + " ${DEFAULT-VALUE}); TCP keeps its order.")
  private String jitter;

  @Option(
      names = "--loss",
      paramLabel = "P",
      defaultValue = "0",
      description =
          "Probability of losing each datagram, each direction; on TCP a lost chunk arrives"
              + " --tcp-loss-delay late instead (default: ${DEFAULT-VALUE}).")
  private String loss;

  @Option(
      names = "--burst",
      paramLabel = "ENTER:EXIT",
      description =
          "Burst loss: before each packet a good link turns bad with probability ENTER and a bad"
              + " one good with EXIT; all is lost while bad (e.g. 1%%:25%%).")
  private @Nullable String burst;

  @Option(
      names = "--duplicate",
      paramLabel = "P",
      defaultValue = "0",
      description = "Probability of sending a datagram twice, UDP (default: ${DEFAULT-VALUE}).")
  private String duplicate;

  @Option(
      names = "--reorder",
      paramLabel = "P",
      defaultValue = "0",
      description =
          "Probability of holding a datagram back --reorder-hold so later ones overtake it, UDP"
              + " (default: ${DEFAULT-VALUE}).")
  private String reorder;

  @Option(
      names = "--reorder-hold",
      paramLabel = "D",
      defaultValue = "5ms",
      description = "How long a reordered datagram waits more (default: ${DEFAULT-VALUE}).")
  private String reorderHold;

  @Option(
      names = "--bandwidth",
      paramLabel = "BYTES_PER_S",
      defaultValue = "0",
      description = "Rate of each direction, bytes per second; 0 unlimited (default: 0).")
  private long bandwidth;

  @Option(
      names = "--tcp-loss-delay",
      paramLabel = "D",
      defaultValue = "200ms",
      description = "How late a lost TCP chunk arrives (default: ${DEFAULT-VALUE}).")
  private String tcpLossDelay;

  @Option(
      names = "--tcp-outage",
      paramLabel = "MODE",
      defaultValue = "HOLD",
      description =
          "What TCP sees in an outage: HOLD (bytes wait for its end) or RESET (connections are"
              + " reset) (default: ${DEFAULT-VALUE}).")
  private NetsimConfig.TcpOutage tcpOutage;

  @Option(
      names = "--script",
      paramLabel = "FILE",
      description =
          "Timed changes, one a line (docs/netsim.md), e.g. 'at 30s to-server delay +20ms'.")
  private @Nullable Path script;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--json",
      description = "Print the routes and the status lines as one JSON object a line.")
  private boolean json;

  @Mixin private DurationOption duration;

  /** For picocli. */
  public NetsimCommand() {}

  /**
   * The configuration the options give.
   *
   * @return the configuration
   * @throws ParameterException naming the bad option
   */
  NetsimConfig config() {
    try {
      long both = Durations.parseNanos(delay);
      LinkImpairment.Builder common =
          LinkImpairment.builder()
              .jitterNanos(Durations.parseNanos(jitter))
              .loss(Durations.parseProbability(loss))
              .duplicate(Durations.parseProbability(duplicate))
              .reorder(Durations.parseProbability(reorder), Durations.parseNanos(reorderHold))
              .bytesPerSecond(bandwidth);
      if (burst != null) {
        String[] parts = burst.split(":");
        if (parts.length != 2) {
          throw new IllegalArgumentException("--burst is ENTER:EXIT, e.g. 1%:25%");
        }
        common.burst(Durations.parseProbability(parts[0]), Durations.parseProbability(parts[1]));
      }
      LinkImpairment up =
          common
              .delayNanos(toServerDelay == null ? both : Durations.parseNanos(toServerDelay))
              .build();
      LinkImpairment down =
          common
              .delayNanos(toClientDelay == null ? both : Durations.parseNanos(toClientDelay))
              .build();
      Script s = Script.NONE;
      if (script != null) {
        s = Script.parse(Files.readString(script, StandardCharsets.UTF_8));
      }
      return NetsimConfig.builder()
          .toServer(up)
          .toClient(down)
          .script(s)
          .seed(seed)
          .tcpOutage(tcpOutage)
          .tcpLossDelayNanos(Durations.parseNanos(tcpLossDelay))
          .build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "cannot read --script: " + e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    if (udp.isEmpty() && tcp.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "give at least one --udp or --tcp route");
    }
    if (!(duration.seconds() >= 0)) {
      throw new ParameterException(spec.commandLine(), "--duration must be >= 0");
    }
    NetsimConfig config = config();
    List<Netsim.Route> routes = new ArrayList<>();
    udp.forEach(r -> routes.add(Netsim.Route.udp(r.listen(), r.target())));
    tcp.forEach(r -> routes.add(Netsim.Route.tcp(r.listen(), r.target())));
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    try (SignalShutdown shutdown =
            SignalShutdown.install(out, SignalShutdown.DEFAULT_BOUND, stopped::countDown);
        Netsim net = Netsim.start(config, routes)) {
      for (Proxy p : net.proxies()) {
        out.println(routeLine(p, json));
      }
      if (!json) {
        out.println(
            "to-server "
                + describe(config.toServer())
                + "; to-client "
                + describe(config.toClient())
                + "; seed "
                + config.seed()
                + (config.script().changes().isEmpty()
                    ? ""
                    : "; script of " + config.script().changes().size() + " changes"));
      }
      out.flush();
      StatusTicker.run(
          duration.runLength(),
          stopped,
          () -> {
            out.println(statusLine(net.elapsedNanos(), net, json));
            out.flush();
          });
      out.println(statusLine(net.elapsedNanos(), net, json));
      out.flush();
    }
    return 0;
  }

  private static String protocol(Proxy p) {
    return p.protocol().name().toLowerCase(Locale.ROOT);
  }

  private static String address(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  static String routeLine(Proxy p, boolean json) {
    if (json) {
      return JsonLines.write(
          g -> {
            g.writeStartObject();
            g.writeStringProperty("route", protocol(p));
            g.writeStringProperty("listen", address(p.localAddress()));
            g.writeStringProperty("target", address(p.target()));
            g.writeEndObject();
          });
    }
    return protocol(p) + " " + address(p.localAddress()) + " -> " + address(p.target());
  }

  private static String describe(LinkImpairment i) {
    StringBuilder b = new StringBuilder("delay " + Durations.format(i.delayNanos()));
    if (i.jitterNanos() > 0) {
      b.append(" jitter ").append(Durations.format(i.jitterNanos()));
    }
    if (i.loss() > 0) {
      b.append(" loss ").append(i.loss());
    }
    if (i.burstEnter() > 0) {
      b.append(" burst ").append(i.burstEnter()).append(':').append(i.burstExit());
    }
    if (i.duplicate() > 0) {
      b.append(" duplicate ").append(i.duplicate());
    }
    if (i.reorder() > 0) {
      b.append(" reorder ").append(i.reorder());
    }
    if (i.bytesPerSecond() > 0) {
      b.append(" bandwidth ").append(i.bytesPerSecond()).append(" B/s");
    }
    return b.toString();
  }

  /**
   * One status line: the counters of each direction over every route.
   *
   * @param elapsedNanos the script's time, nanoseconds
   * @param net the running network
   * @param json whether as JSON
   * @return the line
   */
  static String statusLine(long elapsedNanos, Netsim net, boolean json) {
    LinkCounters up = net.counters(Direction.TO_SERVER);
    LinkCounters down = net.counters(Direction.TO_CLIENT);
    if (json) {
      return JsonLines.write(
          g -> {
            g.writeStartObject();
            g.writeNumberProperty("t_s", Math.round(elapsedNanos / 1e6) / 1e3);
            counters(g, "to_server", up);
            counters(g, "to_client", down);
            g.writeEndObject();
          });
    }
    return String.format(
        Locale.ROOT,
        "t %.1fs to-server %s | to-client %s",
        elapsedNanos / 1e9,
        text(up),
        text(down));
  }

  private static String text(LinkCounters c) {
    return "fwd "
        + c.forwarded()
        + " drop "
        + c.dropped()
        + " dup "
        + c.duplicated()
        + " reord "
        + c.reordered()
        + " retx "
        + c.retransmitted()
        + " bytes "
        + c.bytes();
  }

  private static void counters(JsonGenerator g, String name, LinkCounters c) {
    g.writeObjectPropertyStart(name);
    g.writeNumberProperty("forwarded", c.forwarded());
    g.writeNumberProperty("dropped", c.dropped());
    g.writeNumberProperty("duplicated", c.duplicated());
    g.writeNumberProperty("reordered", c.reordered());
    g.writeNumberProperty("delayed", c.delayed());
    g.writeNumberProperty("retransmitted", c.retransmitted());
    g.writeNumberProperty("bytes", c.bytes());
    g.writeEndObject();
  }
}
