package org.dvbcss.tools.tv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dvbcss.clock.Clock;
import org.dvbcss.net.wc.WallClockServerConfig;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.scheduler.ClockScheduler;
import org.dvbcss.tools.ClockOptions;
import org.dvbcss.tools.Deprecations;
import org.dvbcss.tools.HostPort;
import org.dvbcss.tools.JsonLines;
import org.dvbcss.tools.LoggingOptions;
import org.dvbcss.tools.RunLength;
import org.dvbcss.tools.SignalShutdown;
import org.dvbcss.tools.WebSocketSecurityOptions;
import org.dvbcss.tools.wc.RateLimit;
import org.dvbcss.tv.DialConfig;
import org.dvbcss.tv.Fault;
import org.dvbcss.tv.Faults;
import org.dvbcss.tv.Tv;
import org.dvbcss.tv.Tv.Status;
import org.dvbcss.tv.TvConfig;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code dvbcss tv}: a simulated HbbTV 2 TV ({@link Tv}) controlled from the keyboard (one action
 * per line on stdin, see {@link TvAction}), a script, or a demo cycle, printing a status line every
 * second.
 *
 * <p>Threading: the command runs on the calling thread, which waits for the end; scripted and cycle
 * actions and status lines run on a {@link ClockScheduler} thread watching the TV's wall clock
 * ({@link TvTimer}); keyboard input is read on a daemon thread. Output lines are written whole
 * under one lock. One instance serves one run.
 */
@Command(
    name = "tv",
    mixinStandardHelpOptions = true,
    description = {
      "A simulated HbbTV 2 TV: CSS-CII at ws://WS_ADDR:WS_PORT/cii and CSS-TS at"
          + " ws://WS_ADDR:WS_PORT/ts on one port (wss:// with --tls-cert and --tls-key), CSS-WC"
          + " at udp://WC_ADDR:WC_PORT, all on one wall clock (the monotonic clock,"
          + " nanoseconds).",
      "",
      "It presents one of three content ids with timelines PTS (90 kHz), TEMI 1:1 (1 kHz) and"
          + " DASH period-relative (1 kHz), advertised in CII at exactly the rates served. Point"
          + " a companion at the CII URL printed first.",
      "",
      "Keyboard (one per line): p pause/play, +N/-N seek N s, s X speed, n next content,"
          + " t pts|temi|dash toggle a timeline, h help, q quit. --script FILE runs lines"
          + " 'AT_SECONDS ACTION' in the same syntax; --demo runs a demo cycle (an action every"
          + " --step seconds, 5 by default: pause, play, +30, s 2, s 1, -10, t temi, t temi, n).",
      "",
      "--fault NAME makes it behave like a real TV that deviates from the spec or has a bad"
          + " timing habit, to test companions against one (repeat it for several; --fault list"
          + " describes each).",
      ""
    })
public final class TvCommand implements Callable<Integer> {
  /** The demo cycle: one action every {@code --step} seconds, repeated. */
  static final List<String> CYCLE =
      List.of("pause", "play", "+30", "s 2", "s 1", "-10", "t temi", "t temi", "n");

  /** A scripted action at a time since start. */
  record Scheduled(long atNanos, String text, TvAction action) {}

  /** A script's actions, in time order. */
  record Script(List<Scheduled> actions) {}

  @Mixin private LoggingOptions logging;

  @Option(
      names = "--no-dial",
      description = "Do not answer DIAL discovery (SSDP and the DIAL HTTP resources).")
  private boolean noDial;

  @Option(
      names = "--ssdp-address",
      paramLabel = "HOST:PORT",
      defaultValue = "0.0.0.0:1900",
      converter = HostPort.class,
      description =
          "Where DIAL's SSDP responder listens; a wildcard address joins the multicast group"
              + " (default: ${DEFAULT-VALUE}).")
  private InetSocketAddress ssdpAddress;

  @Mixin private WebSocketSecurityOptions security;

  @Mixin private ClockOptions clockOptions;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "WS_ADDR",
      defaultValue = "0.0.0.0",
      description = "Address to bind CSS-CII and CSS-TS (default: ${DEFAULT-VALUE}).")
  private String wsAddress;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "WS_PORT",
      defaultValue = "7681",
      description =
          "TCP port for CSS-CII and CSS-TS; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int wsPort;

  @Parameters(
      index = "2",
      arity = "0..1",
      paramLabel = "WC_ADDR",
      defaultValue = "0.0.0.0",
      description = "Address to bind CSS-WC (default: ${DEFAULT-VALUE}).")
  private String wcAddress;

  @Parameters(
      index = "3",
      arity = "0..1",
      paramLabel = "WC_PORT",
      defaultValue = "6677",
      description = "UDP port for CSS-WC; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int wcPort;

  @Option(names = "--demo", description = "Run the demo cycle (an action every --step).")
  private boolean cycle;

  @Mixin private Deprecations deprecations;

  @Option(names = "--cycle", hidden = true)
  private void deprecatedCycle(boolean value) {
    deprecations.used("--cycle", "--demo");
    cycle = value;
  }

  @Option(
      names = "--step",
      paramLabel = "SECONDS",
      defaultValue = "5",
      description = "Time between the demo cycle's actions (default: ${DEFAULT-VALUE}).")
  private double stepSeconds;

  @Option(
      names = "--script",
      paramLabel = "FILE",
      converter = ScriptConverter.class,
      description = "Run the actions in FILE, one per line: AT_SECONDS ACTION ('#' comments).")
  private @Nullable Script script;

  @Option(names = "--json", description = "Print one JSON event per line instead of text.")
  private boolean json;

  @Option(
      names = "--no-keyboard",
      description = "Do not read actions from standard input.",
      negatable = false)
  private boolean noKeyboard;

  @Option(
      names = "--status",
      paramLabel = "SECONDS",
      defaultValue = "1",
      description = "Print a status line this often; 0 never (default: ${DEFAULT-VALUE}).")
  private double statusSeconds;

  @Option(
      names = "--transition",
      paramLabel = "SECONDS",
      defaultValue = "1",
      description =
          "How long presentationStatus stays 'transitioning' after a content change"
              + " (default: ${DEFAULT-VALUE}).")
  private double transitionSeconds;

  @Option(
      names = "--wc-rate-limit",
      paramLabel = "R[:BURST]",
      converter = RateLimit.Converter.class,
      description =
          "Answer CSS-WC requests from each source address at most R per second, after a burst"
              + " of BURST (default BURST: R rounded up). Off by default.")
  private @Nullable RateLimit wcRateLimit;

  @Option(
      names = "--fault",
      paramLabel = "NAME",
      completionCandidates = FaultNames.class,
      description =
          "Reproduce a fault of real TVs (repeatable): ${COMPLETION-CANDIDATES}. 'list' prints"
              + " each with what it does, and exits.")
  private List<String> faultNames = new ArrayList<>();

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description =
          "Stop after this many seconds; 0 runs until stopped (q, Ctrl-C or SIGTERM, which close"
              + " every connection with 1001 and exit with status 0)"
              + " (default: ${DEFAULT-VALUE}).")
  private double durationSeconds;

  private final InputStream keyboard;
  private final CountDownLatch quit = new CountDownLatch(1);
  private @Nullable PrintWriter out;
  private volatile long start;
  private volatile @Nullable Clock wallClock;

  /** For picocli: reads the keyboard from standard input. */
  public TvCommand() {
    this(System.in);
  }

  /**
   * Reads the keyboard from a stream (for tests).
   *
   * @param keyboard where actions are typed, one per line
   */
  TvCommand(InputStream keyboard) {
    this.keyboard = keyboard;
  }

  /**
   * Starts the TV; if that fails with DIAL on and succeeds without it (the SSDP port is taken by a
   * service that does not share it), the TV runs without DIAL and says so on standard error.
   */
  private Tv startTv(TvConfig config) throws IOException {
    try {
      return Tv.start(config);
    } catch (IOException e) {
      if (!config.dial().enabled()) {
        throw e;
      }
      Tv tv;
      try {
        tv = Tv.start(config.toBuilder().dial(DialConfig.off()).build());
      } catch (IOException again) {
        e.addSuppressed(again);
        throw e;
      }
      spec.commandLine()
          .getErr()
          .println(
              "DIAL off: SSDP could not use "
                  + hostPort(config.dial().ssdpAddress())
                  + " ("
                  + e.getMessage()
                  + "); give --ssdp-address, or --no-dial");
      spec.commandLine().getErr().flush();
      return tv;
    }
  }

  @Override
  public Integer call() throws Exception {
    if (statusSeconds < 0
        || !(durationSeconds >= 0)
        || transitionSeconds < 0
        || !(stepSeconds > 0)) {
      throw new ParameterException(
          spec.commandLine(), "durations must not be negative, and --step must be positive");
    }
    PrintWriter writer = spec.commandLine().getOut();
    if (faultNames.stream().anyMatch(n -> n.trim().equalsIgnoreCase("list"))) {
      printFaults(writer);
      return 0;
    }
    Faults faults;
    try {
      faults = Faults.named(faultNames);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--fault: " + e.getMessage() + " (or list)");
    }
    List<Scheduled> scripted = script == null ? List.of() : script.actions();
    out = writer;
    SignalShutdown shutdown =
        SignalShutdown.install(writer, SignalShutdown.DEFAULT_BOUND, quit::countDown);
    try {
      try (Tv tv =
          startTv(
              TvConfig.builder()
                  .webSocket(
                      security
                          .security()
                          .applyTo(WebSocketServerConfig.builder())
                          .bind(new InetSocketAddress(InetAddress.getByName(wsAddress), wsPort))
                          .build())
                  .wallClock(
                      (wcRateLimit == null
                              ? WallClockServerConfig.builder()
                              : wcRateLimit.applyTo(WallClockServerConfig.builder()))
                          .bind(new InetSocketAddress(InetAddress.getByName(wcAddress), wcPort))
                          .build())
                  .transition(Duration.ofMillis(Math.round(transitionSeconds * 1000)))
                  .faults(faults)
                  .clock(clockOptions.offsetSeconds(), clockOptions.driftPpm())
                  .dial(
                      noDial
                          ? DialConfig.off()
                          : DialConfig.builder().ssdpAddress(ssdpAddress).build())
                  .build())) {
        Clock wallClock = tv.model().wallClock();
        this.wallClock = wallClock;
        start = (long) wallClock.ticks();
        List<String> lan = LanUrls.forWildcard(tv.ciiUrl());
        List<String> lanPages = LanUrls.forWildcard(tv.pageUrl());
        if (json) {
          emit(
              JsonLines.write(
                  g -> {
                    g.writeStartObject();
                    g.writeStringProperty("event", "started");
                    g.writeStringProperty("ciiUrl", tv.ciiUrl());
                    g.writeStringProperty("tsUrl", tv.tsUrl());
                    g.writeStringProperty("wcUrl", tv.wcUrl());
                    g.writeStringProperty("wcWebSocketUrl", tv.wcWebSocketUrl());
                    g.writeStringProperty("pageUrl", tv.pageUrl());
                    g.writeName("lanCiiUrls");
                    g.writeStartArray();
                    for (String url : lan) {
                      g.writeString(url);
                    }
                    g.writeEndArray();
                    g.writeName("lanPageUrls");
                    g.writeStartArray();
                    for (String url : lanPages) {
                      g.writeString(url);
                    }
                    g.writeEndArray();
                    if (tv.dialLocation() != null) {
                      g.writeStringProperty("dialLocation", tv.dialLocation());
                      g.writeStringProperty("ssdpAddress", hostPort(tv.ssdpAddress()));
                    }
                    if (!faults.isEmpty()) {
                      g.writeName("faults");
                      g.writeStartArray();
                      for (String name : faults.names()) {
                        g.writeString(name);
                      }
                      g.writeEndArray();
                    }
                    g.writeEndObject();
                  }));
        } else {
          emit("CII " + tv.ciiUrl() + "   <- point companions here");
          for (String url : lan) {
            emit("    " + url);
          }
          emit("TS  " + tv.tsUrl());
          emit("WC  " + tv.wcUrl());
          emit("WC-WS " + tv.wcWebSocketUrl());
          emit("PAGE " + tv.pageUrl() + "   <- open in a browser");
          for (String url : lanPages) {
            emit("    " + url);
          }
          if (tv.dialLocation() != null) {
            emit("DIAL " + tv.dialLocation() + "   (SSDP " + hostPort(tv.ssdpAddress()) + ")");
          }
          if (!faults.isEmpty()) {
            emit("faults: " + faults);
          }
          if (!noKeyboard) {
            emit("type h and Enter for the controls");
          }
        }
        if (!noKeyboard) {
          Thread reader = new Thread(() -> readKeyboard(tv), "tv-keyboard");
          reader.setDaemon(true);
          reader.start();
        }
        try {
          run(tv, scripted, wallClock);
        } catch (InterruptedException e) {
          // an interrupt stops the TV like q does (as it stops cii-server and ts-server)
          Thread.currentThread().interrupt();
        }
      }
      if (json) {
        emit("{\"event\":\"stopped\"}");
      }
    } finally {
      shutdown.close();
    }
    return 0;
  }

  /** Every fault's short name, in declaration order, for the help of {@code --fault}. */
  static final class FaultNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> names = new ArrayList<>();
      for (Fault f : Fault.values()) {
        names.add(f.shortName());
      }
      return names.iterator();
    }
  }

  /** Prints every fault with what it does, one a line, for {@code --fault list}. */
  private static void printFaults(PrintWriter writer) {
    int width = 0;
    for (Fault f : Fault.values()) {
      width = Math.max(width, f.shortName().length());
    }
    for (Fault f : Fault.values()) {
      writer.println(
          String.format(Locale.ROOT, "%-" + width + "s  %s", f.shortName(), f.description()));
    }
    writer.flush();
  }

  /**
   * Runs scripted and cycle actions and prints status, on a scheduler watching the TV's wall clock,
   * until the duration ends or q.
   */
  private void run(Tv tv, List<Scheduled> scripted, Clock wallClock) throws InterruptedException {
    try (ClockScheduler scheduler = ClockScheduler.start(wallClock.timeSource())) {
      TvTimer timer =
          new TvTimer(
              scheduler,
              wallClock,
              start,
              RunLength.ofSeconds(durationSeconds),
              scripted,
              cycle ? CYCLE : null,
              (long) (stepSeconds * 1e9),
              (long) (statusSeconds * 1e9),
              new TvTimer.Target() {
                @Override
                public void perform(String text, TvAction action, String source) {
                  TvCommand.this.perform(tv, action, text, source);
                }

                @Override
                public void status() {
                  TvCommand.this.status(tv.status());
                }
              },
              quit);
      timer.start();
      try {
        quit.await();
      } finally {
        timer.stop();
      }
    }
  }

  private void readKeyboard(Tv tv) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(keyboard, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        TvAction action;
        try {
          action = TvAction.parse(line);
        } catch (IllegalArgumentException e) {
          error(e.getMessage());
          continue;
        }
        perform(tv, action, line.trim(), "keyboard");
      }
    } catch (IOException e) {
      error("keyboard: " + e.getMessage());
    }
    if (quit.getCount() == 0) {
      return;
    }
    if (json) {
      emit(
          JsonLines.write(
              g -> {
                g.writeStartObject();
                g.writeStringProperty("event", "keyboardClosed");
                g.writeNumberProperty("at", elapsedSeconds());
                g.writeEndObject();
              }));
    } else {
      emit(
          "standard input closed; running until "
              + (durationSeconds > 0 ? "--duration ends" : "stopped (Ctrl-C)"));
    }
  }

  private void perform(Tv tv, TvAction action, String text, String source) {
    String result;
    try {
      result = action.applyTo(tv);
    } catch (IllegalArgumentException e) {
      error(text + ": " + e.getMessage());
      return;
    }
    if (action.kind() == TvAction.Kind.HELP && !json) {
      emit(result);
    } else if (json) {
      emit(
          JsonLines.write(
              g -> {
                g.writeStartObject();
                g.writeStringProperty("event", "action");
                g.writeNumberProperty("at", elapsedSeconds());
                g.writeStringProperty("source", source);
                g.writeStringProperty("action", text);
                g.writeStringProperty("result", result);
                g.writeEndObject();
              }));
    } else {
      emit(String.format(Locale.ROOT, "[%8.3f] %s: %s", elapsedSeconds(), source, result));
    }
    if (action.kind() == TvAction.Kind.QUIT) {
      quit.countDown();
    }
  }

  private void status(Status s) {
    if (!json) {
      emit(String.format(Locale.ROOT, "[%8.3f] ", elapsedSeconds()) + s.line());
      return;
    }
    emit(
        JsonLines.write(
            g -> {
              g.writeStartObject();
              g.writeStringProperty("event", "status");
              g.writeNumberProperty("at", elapsedSeconds());
              g.writeStringProperty("contentId", s.contentId());
              g.writeStringProperty("presentationStatus", String.join(" ", s.presentationStatus()));
              g.writeNumberProperty("positionSeconds", round3(s.positionSeconds()));
              g.writeNumberProperty("speed", s.speed());
              g.writeName("timelines");
              g.writeStartObject();
              for (var e : s.available().entrySet()) {
                g.writeBooleanProperty(e.getKey().shortName(), e.getValue());
              }
              g.writeEndObject();
              g.writeNumberProperty("ciiConnections", s.ciiConnections());
              g.writeNumberProperty("tsConnections", s.tsConnections());
              g.writeNumberProperty("wcAnswered", s.wcAnswered());
              g.writeEndObject();
            }));
  }

  private void error(String message) {
    if (json) {
      emit(
          JsonLines.write(
              g -> {
                g.writeStartObject();
                g.writeStringProperty("event", "error");
                g.writeNumberProperty("at", elapsedSeconds());
                g.writeStringProperty("message", message);
                g.writeEndObject();
              }));
    } else {
      emit("error: " + message);
    }
  }

  private double elapsedSeconds() {
    return round3((nowNanos() - start) / 1e9);
  }

  private long nowNanos() {
    Clock c = wallClock;
    return c == null ? System.nanoTime() : (long) c.ticks();
  }

  private static double round3(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }

  private void emit(String line) {
    PrintWriter w = out;
    if (w == null) {
      return;
    }
    synchronized (w) {
      w.println(line);
      w.flush();
    }
  }

  /**
   * Reads a script file when the options are parsed, so a bad script is a usage error: lines {@code
   * AT_SECONDS ACTION}; blank lines and {@code #} comments are skipped.
   */
  static final class ScriptConverter implements ITypeConverter<Script> {
    @Override
    public Script convert(String value) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of(value), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new TypeConversionException("cannot read " + value + ": " + e);
      }
      List<Scheduled> actions = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\\s+", 2);
        try {
          if (parts.length < 2) {
            throw new IllegalArgumentException("expected AT_SECONDS ACTION");
          }
          double at = Double.parseDouble(parts[0]);
          if (!(at >= 0) || Double.isInfinite(at)) {
            throw new IllegalArgumentException("time must be a number >= 0: " + parts[0]);
          }
          actions.add(new Scheduled((long) (at * 1e9), parts[1], TvAction.parse(parts[1])));
        } catch (IllegalArgumentException e) {
          throw new TypeConversionException(value + ":" + (i + 1) + ": " + e.getMessage());
        }
      }
      actions.sort(Comparator.comparingLong(Scheduled::atNanos));
      return new Script(List.copyOf(actions));
    }
  }

  private static String hostPort(@Nullable InetSocketAddress a) {
    if (a == null) {
      return "-";
    }
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
