package org.dvbcss.tools.companion;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.X509TrustManager;
import org.dvbcss.companion.Companion;
import org.dvbcss.companion.CompanionConfig;
import org.dvbcss.net.wc.WallClockClientConfig;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.dvbcss.protocol.companion.TsTarget;
import org.dvbcss.protocol.wc.LowestDispersion;
import org.dvbcss.protocol.wc.UdpUrl;
import org.dvbcss.tools.LoggingOptions;
import org.dvbcss.tools.ReadModeOption;
import org.dvbcss.tools.RunLength;
import org.dvbcss.tools.SignalShutdown;
import org.dvbcss.tools.StatusTicker;
import org.dvbcss.tools.TargetErrorOptions;
import org.dvbcss.tools.TrustOptions;
import org.dvbcss.tools.WallClockSample;
import org.dvbcss.tools.wc.WcClientCommand;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code dvbcss companion}: follows a TV from its CII URL and shows what it sees.
 *
 * <p>Not thread safe: one instance serves one run. Lines are written from the companion's threads
 * (events) and the command's thread (status), one whole line at a time.
 */
@Command(
    name = "companion",
    mixinStandardHelpOptions = true,
    description = {
      "Be a companion device: connect to a TV's CSS-CII endpoint and follow what it advertises"
          + " (the wall clock at wcUrl, the timeline at tsUrl for the current contentId),"
          + " reconnecting when the TV goes away and comes back.",
      "",
      "Every second prints a status line: content id, presentation status, wall clock"
          + " dispersion (ms), timeline selector, position (s), speed and error bound (ms); and a"
          + " line on each change (CII properties, wall clock server, timeline followed, TS"
          + " connection, availability, timing). With --json, one object per line:"
          + " {\"status\":{...}} or {\"event\":\"...\",...} (null where unknown); a status"
          + " also carries at_ns (local monotonic time, System.nanoTime()), offset_ns (the wall"
          + " clock minus the local clock at at_ns) and dispersion_ns (its bound), all in ns.",
      "The TV's messages are read tolerantly: a deviation from the spec that has one sensible"
          + " reading (presentationStatus as an array, integers as JSON numbers, ...) is accepted"
          + " and each kind is logged once at WARN ('TV deviates from the spec: ... (accepted)');"
          + " a message that cannot be read is rejected and logged at WARN with the reason (at"
          + " most once a second per protocol). With --json both are events too"
          + " ({\"event\":\"deviation\"...}, {\"event\":\"rejected\"...}), and the status shows"
          + " how many were seen ('deviations N', 'rejected N') once there are any. --strict"
          + " reads by the spec only.",
      "Stops after --duration, or on SIGTERM or Ctrl-C, closing its connections cleanly. Exits"
          + " with status 1 if it stops at --duration without the CII connection ever opening.",
      ""
    })
public final class CompanionCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin private LoggingOptions logging;

  @Mixin private TrustOptions trust;

  @Mixin private ReadModeOption readMode;

  @Mixin private PlayerOption player;

  private PlayerOption.@Nullable Running playing;

  @Mixin private TargetErrorOptions targetError;

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CII_URL", description = "e.g. ws://127.0.0.1:7681/cii")
  private URI ciiUrl;

  @Option(
      names = "--timeline",
      paramLabel = "SELECTOR",
      description =
          "The timeline to follow (default: the first one the TV advertises), e.g."
              + " urn:dvb:css:timeline:pts.")
  private @Nullable String timeline;

  @Option(
      names = "--wc-url",
      paramLabel = "URL",
      description =
          "Follow the wall clock here instead of at CII's wcUrl: udp://host:port, or"
              + " ws://host:port/wc (wss:// with TLS) for CSS-WC over WebSocket.")
  private @Nullable URI wcUrl;

  @Option(
      names = "--algorithm",
      paramLabel = "NAME",
      defaultValue = "lowest-dispersion",
      converter = WcClientCommand.AlgorithmConverter.class,
      description =
          "The wall clock algorithm, as for wc-client: lowest-dispersion (default), most-recent,"
              + " filter-and-predict or frequency-tracking.")
  private WcClientCommand.Algorithm algorithm;

  @Option(names = "--json", description = "Print one JSON object per line.")
  private boolean json;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description = "Stop after this many seconds; 0 runs until Ctrl-C.")
  private double durationSeconds;

  private PrintWriter out;

  /** The companion's settings: the read mode, and the trust for {@code wss://} if one is given. */
  private CompanionConfig companionConfig(@Nullable X509TrustManager trustManager) {
    CompanionConfig.Builder b = CompanionConfig.builder().readMode(readMode.mode());
    WcClientCommand.Algorithm alg = algorithm;
    b.wallClock(
        WallClockClientConfig.builder()
            .algorithm(() -> alg.create(LowestDispersion.DEFAULT_REPEAT))
            .build());
    if (trustManager != null) {
      CompanionConfig d = CompanionConfig.defaults();
      b.webSocket(d.webSocket().toBuilder().trustManager(trustManager).build());
    }
    URI wc = wcUrl;
    if (wc != null) {
      String scheme = wc.getScheme() == null ? "" : wc.getScheme().toLowerCase(Locale.ROOT);
      try {
        switch (scheme) {
          case "ws", "wss" -> b.wallClockWebSocket(wc);
          case "udp" -> b.wallClockServer(UdpUrl.parse(wc.toString()));
          default -> throw new IllegalArgumentException("must be udp://, ws:// or wss://");
        }
        return b.build();
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--wc-url " + wc + ": " + e.getMessage());
      }
    }
    return b.build();
  }

  @Override
  public Integer call() throws Exception {
    String scheme = ciiUrl.getScheme();
    if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
      throw new ParameterException(
          spec.commandLine(), "CII_URL must be ws:// or wss://, was " + ciiUrl);
    }
    if (!(durationSeconds >= 0) || Double.isInfinite(durationSeconds)) {
      throw new ParameterException(spec.commandLine(), "--duration must be >= 0");
    }
    if (targetError.problem() != null) {
      throw new ParameterException(spec.commandLine(), targetError.problem());
    }
    if (player.problem() != null) {
      throw new ParameterException(spec.commandLine(), player.problem());
    }
    // with --player stdio, standard output carries the player's commands
    out = player.usesStdout() ? spec.commandLine().getErr() : spec.commandLine().getOut();
    X509TrustManager trustManager = trust.trustManager();
    CountDownLatch stopped = new CountDownLatch(1);
    try (SignalShutdown shutdown =
            SignalShutdown.install(out, SignalShutdown.DEFAULT_BOUND, stopped::countDown);
        Companion companion = new Companion(targetError.wrap(companionConfig(trustManager)))) {
      companion.addListener(new Printer());
      if (!json) {
        line("following the TV at " + ciiUrl);
      }
      companion.start(ciiUrl, timeline);
      playing =
          player.start(
              companion,
              new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8),
              spec.commandLine().getOut());
      // runs until --duration or SIGTERM/Ctrl-C (then the companion closes its connections
      // cleanly): it reconnects by itself, so nothing else ends it
      StatusTicker.run(
          RunLength.ofSeconds(durationSeconds),
          stopped,
          () ->
              status(
                  companion.status(),
                  WallClockSample.read(companion.wallClock()),
                  total(companion.deviations()),
                  total(companion.rejectedMessages())));
      if (playing != null) {
        playing.close();
      }
      if (!companion.hasConnected()) {
        spec.commandLine().getErr().println("companion: never connected to " + ciiUrl);
        spec.commandLine().getErr().flush();
        return 1;
      }
      return 0;
    }
  }

  private static long total(Map<?, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * A status line: text or {@code {"status":{...}}}; the deviations accepted and the messages
   * rejected are shown only when there are any. In JSON it also carries {@code at_ns}, the local
   * monotonic time ({@code System.nanoTime()}) that {@code offset_ns} (the wall clock minus the
   * local clock, ns, null while unbounded) and {@code dispersion_ns} (its error bound, ns, rounded
   * up; null while unbounded) describe.
   */
  private void status(Companion.Status s, WallClockSample wall, long deviations, long rejected) {
    if (json) {
      ObjectNode o = JSON.createObjectNode();
      o.put("cii_connected", s.ciiConnected());
      o.put("content_id", s.contentId());
      o.put("presentation_status", s.presentationStatus());
      putNumber(o, "wc_dispersion_ms", s.wallClockDispersion() * 1e3);
      o.put("timeline", s.timelineSelector());
      o.put("available", s.available());
      if (s.available()) {
        o.put("ticks", Math.round(s.ticks()));
      } else {
        o.putNull("ticks");
      }
      putNumber(o, "seconds", s.seconds());
      putNumber(o, "speed", s.speed());
      putNumber(o, "error_ms", s.errorBound() * 1e3);
      if (deviations != 0) {
        o.put("deviations", deviations);
      }
      if (rejected != 0) {
        o.put("rejected", rejected);
      }
      o.put("at_ns", wall.atNanos());
      if (wall.isBounded()) {
        o.put("offset_ns", Math.round(wall.offsetNanos()));
        o.put("dispersion_ns", (long) Math.ceil(wall.dispersionNanos()));
      } else {
        o.putNull("offset_ns");
        o.putNull("dispersion_ns");
      }
      if (playing != null) {
        playing.statusJson(o);
      }
      ObjectNode wrapper = JSON.createObjectNode();
      wrapper.set("status", o);
      line(wrapper.toString());
    } else {
      line(
          String.format(
              Locale.ROOT,
              "status: %s  content %s  presentation %s  WC %s  timeline %s  %s%s%s%s",
              s.ciiConnected() ? "connected" : "NOT connected",
              s.contentId() == null ? "-" : s.contentId(),
              s.presentationStatus() == null ? "-" : s.presentationStatus(),
              ms(s.wallClockDispersion()),
              s.timelineSelector() == null ? "-" : s.timelineSelector(),
              s.available()
                  ? String.format(
                      Locale.ROOT,
                      "position %.3f s  speed %.2f  error %s",
                      s.seconds(),
                      s.speed(),
                      ms(s.errorBound()))
                  : "NOT available",
              deviations == 0 ? "" : "  deviations " + deviations,
              rejected == 0 ? "" : "  rejected " + rejected,
              playing == null ? "" : "  " + playing.statusText()));
    }
  }

  private static String ms(double seconds) {
    return Double.isFinite(seconds)
        ? String.format(Locale.ROOT, "+/-%.3f ms", seconds * 1e3)
        : "+/-unknown";
  }

  private static void putNumber(ObjectNode o, String name, double value) {
    if (Double.isFinite(value)) {
      o.put(name, value);
    } else {
      o.putNull(name);
    }
  }

  /** One event: text, or {@code {"event":name,...}}. */
  private void event(String name, String text, @Nullable ObjectNode fields) {
    if (json) {
      ObjectNode o = JSON.createObjectNode();
      o.put("event", name);
      if (fields != null) {
        o.setAll(fields);
      }
      line(o.toString());
    } else {
      line(text);
    }
  }

  /** A property's value as CII puts it on the wire (JSON null if null or absent). */
  static JsonNode wireValue(Cii state, CiiProperty property) {
    Cii.Builder only = state.toBuilder();
    for (CiiProperty other : CiiProperty.values()) {
      if (other != property) {
        only.omit(other);
      }
    }
    JsonNode value = JSON.readTree(only.build().encode()).get(property.wireName());
    return value == null ? NullNode.getInstance() : value;
  }

  /** Prints the companion's events. */
  private final class Printer implements Companion.Listener {
    @Override
    public void ciiConnected() {
      event("cii_connected", "CII connected", null);
    }

    @Override
    public void ciiDisconnected(int code, String reason) {
      ObjectNode f = JSON.createObjectNode().put("code", code).put("reason", reason);
      event("cii_disconnected", "CII disconnected: " + code + " " + reason, f);
    }

    @Override
    public void ciiChanged(CiiProperty property, Cii before, Cii after) {
      JsonNode value = wireValue(after, property);
      ObjectNode f = JSON.createObjectNode().put("property", property.wireName());
      f.set("value", value);
      event(
          "cii_changed",
          "CII "
              + property.wireName()
              + ": "
              + (before.get(property).isAbsent() ? "(absent)" : wireValue(before, property))
              + " -> "
              + (after.get(property).isAbsent() ? "(absent)" : value),
          f);
    }

    @Override
    public void wallClockServer(@Nullable InetSocketAddress server) {
      ObjectNode f = JSON.createObjectNode();
      f.put("server", server == null ? null : server.toString());
      event("wall_clock_server", "wall clock server: " + (server == null ? "none" : server), f);
    }

    @Override
    public void following(@Nullable TsTarget target) {
      ObjectNode f = JSON.createObjectNode();
      if (target == null) {
        f.putNull("ts_url");
      } else {
        f.put("ts_url", target.tsUrl().toString())
            .put("content_id_stem", target.contentIdStem())
            .put("timeline", target.timelineSelector())
            .put("tick_rate", target.tickRate());
      }
      event(
          "following",
          target == null
              ? "following no timeline"
              : "following timeline "
                  + target.timelineSelector()
                  + " at "
                  + target.tickRate()
                  + " ticks/s of content '"
                  + target.contentIdStem()
                  + "*' at "
                  + target.tsUrl(),
          f);
    }

    @Override
    public void tsConnected() {
      event("ts_connected", "TS connected", null);
    }

    @Override
    public void tsDisconnected(int code, String reason) {
      ObjectNode f = JSON.createObjectNode().put("code", code).put("reason", reason);
      event("ts_disconnected", "TS disconnected: " + code + " " + reason, f);
    }

    @Override
    public void timelineAvailable() {
      event("timeline_available", "timeline available", null);
    }

    @Override
    public void timelineUnavailable() {
      event("timeline_unavailable", "timeline unavailable", null);
    }

    @Override
    public void timingChanged(boolean speedChanged) {
      event(
          "timing_changed",
          speedChanged ? "timing and speed changed" : "timing changed",
          JSON.createObjectNode().put("speed_changed", speedChanged));
    }

    @Override
    public void problem(String message) {
      event("problem", "problem: " + message, JSON.createObjectNode().put("message", message));
    }

    // in text, the companion's log says these (at WARN); in JSON they are events too

    @Override
    public void deviation(Deviation kind) {
      if (json) {
        event(
            "deviation",
            ReadModeOption.warning(kind),
            JSON.createObjectNode()
                .put("kind", kind.name())
                .put("description", kind.description()));
      }
    }

    @Override
    public void rejected(String protocol, String reason) {
      if (json) {
        event(
            "rejected",
            "rejected " + protocol + ": " + reason,
            JSON.createObjectNode().put("protocol", protocol).put("reason", reason));
      }
    }
  }

  private void line(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
