package org.dvbcss.tools.abuse;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.dvbcss.net.cii.CiiClient;
import org.dvbcss.net.testing.RawWebSocket;
import org.dvbcss.net.ts.TsClient;
import org.dvbcss.net.ws.CloseCause;
import org.dvbcss.net.ws.WebSocketSecurity;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.tools.Deprecations;
import org.dvbcss.tools.LoggingOptions;
import org.dvbcss.tools.Memory;
import org.dvbcss.tv.DemoContent;
import org.dvbcss.tv.Tv;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dvbcss abuse}: rounds of misbehaving WebSocket clients against a TV's CSS-CII and CSS-TS
 * server, while well-behaved companions watch, for long runs that show whether anything leaks.
 *
 * <p>Without a URL it starts a TV simulator in this process (loopback, free ports) with a
 * connection limit, a small frame limit and a short idle timeout, and makes a sequence of changes
 * (content id, and timeline speed) during each round; the good companions must see every one, in
 * order. With a URL it abuses that TV (loopback or private addresses only) and compares the good
 * companions with each other.
 *
 * <p>Not thread safe: one instance serves one run.
 */
@Command(
    name = "abuse",
    mixinStandardHelpOptions = true,
    description = {
      "Run rounds of bad WebSocket clients (invalid JSON, binary, oversize and invalid UTF-8"
          + " frames, readers that never read, ping floods, half-sent requests, silent clients, a"
          + " connection flood) against a TV's CII and TS server while good companions watch.",
      "",
      "Prints per round: abusers by kind, the server's closes by cause (in-process TV only), the"
          + " good companions' missed changes, connections left, heap after GC and resident"
          + " memory. Exits 1 if a good companion missed a change or connections did not return"
          + " to their baseline.",
      ""
    })
public final class AbuseCommand implements Callable<Integer> {
  /** Connect and read timeout of the raw clients. */
  private static final Duration RAW_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Counted down by each abuser of a round once its connection is in (or refused), so that the
   * connection flood starts after them and its 503s fall on the flood alone.
   */
  private volatile CountDownLatch abusersIn = new CountDownLatch(0);

  /**
   * Counted down by each client of a round's connection flood once it is in (or refused): the round
   * ends only after that, so that the flood always meets the limit.
   */
  private volatile CountDownLatch floodIn = new CountDownLatch(0);

  private static final String PTS = DemoContent.PTS;

  @Mixin private LoggingOptions logging;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "URL",
      description = "A TV's CII URL; without one, a TV simulator runs in this process.")
  private @Nullable URI url;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "Rounds (default: ${DEFAULT-VALUE}).")
  private int rounds;

  @Option(
      names = "--each",
      paramLabel = "N",
      defaultValue = "4",
      description = "Abusers of each kind per round (default: ${DEFAULT-VALUE}).")
  private int each;

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      defaultValue = "100",
      description = "Abusers started per second (default: ${DEFAULT-VALUE}).")
  private double rate;

  @Option(
      names = "--flood",
      paramLabel = "N",
      defaultValue = "-1",
      description =
          "Connections opened at once per round, held to its end (default: the in-process"
              + " limit plus 8, or 64).")
  private int flood;

  @Option(
      names = "--companions",
      paramLabel = "N",
      defaultValue = "2",
      description = "Good companions per protocol (default: ${DEFAULT-VALUE}).")
  private int companions;

  @Option(
      names = "--changes",
      paramLabel = "N",
      defaultValue = "20",
      description = "Changes the in-process TV makes per round (default: ${DEFAULT-VALUE}).")
  private int changes;

  @Option(
      names = "--change-every",
      paramLabel = "SECONDS",
      description = "Time between changes (default: ${DEFAULT-VALUE}).")
  private double changeEverySeconds = 0.05;

  @Mixin private Deprecations deprecations;

  @Option(names = "--change-interval", paramLabel = "MILLIS", hidden = true)
  private void deprecatedChangeInterval(long millis) {
    deprecations.used("--change-interval", "--change-every");
    changeEverySeconds = millis / 1000.0;
  }

  /** {@code --change-every} in whole milliseconds, set when the command starts. */
  private long changeIntervalMillis;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      defaultValue = "64",
      description = "The in-process TV's connection limit (default: ${DEFAULT-VALUE}).")
  private int maxConnections;

  @Option(
      names = "--max-frame-bytes",
      paramLabel = "BYTES",
      defaultValue = "4096",
      description = "The in-process TV's largest incoming frame (default: ${DEFAULT-VALUE}).")
  private int maxFrameBytes;

  @Option(
      names = "--idle-timeout",
      paramLabel = "SECONDS",
      defaultValue = "3",
      description =
          "The in-process TV's idle timeout; it pings every third of it (default:"
              + " ${DEFAULT-VALUE}).")
  private double idleSeconds;

  /** How an abuser misbehaves. */
  enum Kind {
    INVALID_JSON("invalid-json"),
    BINARY("binary"),
    OVERSIZE("oversize"),
    BAD_UTF8("bad-utf8"),
    SLOW("slow-reader"),
    PING_FLOOD("ping-flood"),
    HALF_REQUEST("half-request"),
    STALL("stalled-request"),
    SILENT("silent"),
    FLOOD("flood");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** What happened to one abuser. */
  enum Result {
    OPENED,
    REFUSED_503,
    NO_SESSION,
    FAILED
  }

  private record Target(InetSocketAddress address, String path) {}

  private @Nullable Target ciiTarget;
  private @Nullable Target tsTarget;
  private int oversizeBytes;
  private long idleMillis;

  @Override
  public Integer call() throws Exception {
    changeIntervalMillis = Math.round(changeEverySeconds * 1000);
    if (rounds < 1
        || each < 0
        || !(rate > 0)
        || companions < 1
        || changes < 0
        || changeIntervalMillis < 1
        || maxConnections < 1
        || maxFrameBytes < 1
        || !(idleSeconds > 0)) {
      throw new ParameterException(
          spec.commandLine(),
          "--rounds, --rate, --companions, --change-every (1 ms or more), --max-connections,"
              + " --max-frame-bytes and --idle-timeout must be positive; --each and --changes not"
              + " negative");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (url == null) {
      idleMillis = Math.round(idleSeconds * 1000);
      try (Tv tv =
          Tv.start(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              0,
              WebSocketSecurity.NONE,
              b ->
                  b.maxConnections(maxConnections)
                      .maxFrameBytes(maxFrameBytes)
                      .idleTimeout(Duration.ofMillis(idleMillis))
                      .pingInterval(Duration.ofMillis(Math.max(1, idleMillis / 3)))
                      .writeBufferWaterMarks(8 * 1024, 32 * 1024),
              b -> {})) {
        oversizeBytes = maxFrameBytes + 1;
        out.println("abuse: TV simulator at " + tv.ciiUrl());
        out.flush();
        return run(URI.create(tv.ciiUrl()), URI.create(tv.tsUrl()), tv, out);
      }
    }
    URI cii = url;
    InetAddress host = InetAddress.getByName(cii.getHost());
    if (!host.isLoopbackAddress() && !host.isSiteLocalAddress() && !host.isLinkLocalAddress()) {
      throw new ParameterException(
          spec.commandLine(), "abuse only targets loopback or private addresses, not " + host);
    }
    idleMillis = 60_000;
    oversizeBytes = 1 << 20;
    return run(cii, null, null, out);
  }

  private int run(URI ciiUrl, @Nullable URI tsUrl, @Nullable Tv tv, PrintWriter out)
      throws Exception {
    ExecutorService pool = Executors.newCachedThreadPool(daemon());
    List<AutoCloseable> good = new ArrayList<>();
    List<List<String>> ciiSeen = new ArrayList<>();
    List<List<Double>> tsSeen = new ArrayList<>();
    // when each entry of ciiSeen and tsSeen arrived, System.nanoTime()
    List<List<Long>> ciiArrived = new ArrayList<>();
    List<List<Long>> tsArrived = new ArrayList<>();
    boolean ok = true;
    try {
      ciiTarget = targetOf(ciiUrl);
      for (int i = 0; i < companions; i++) {
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Long> arrived = new CopyOnWriteArrayList<>();
        ciiSeen.add(seen);
        ciiArrived.add(arrived);
        good.add(
            CiiClient.builder(ciiUrl)
                .webSocket(ws -> ws.pingInterval(Duration.ofSeconds(1)))
                .listener(
                    new CiiClient.Listener() {
                      @Override
                      public void changed(Cii state, Set<CiiProperty> changed, Cii message) {
                        if (changed.contains(CiiProperty.CONTENT_ID)) {
                          arrived.add(System.nanoTime());
                          seen.add(String.valueOf(state.contentId().orNull()));
                        }
                      }
                    })
                .start());
      }
      if (tsUrl == null) {
        tsUrl = await(() -> !ciiSeen.get(0).isEmpty(), 10_000) ? tsUrlOf(good.get(0)) : null;
      }
      if (tsUrl != null) {
        tsTarget = targetOf(tsUrl);
        for (int i = 0; i < companions; i++) {
          List<Double> seen = new CopyOnWriteArrayList<>();
          List<Long> arrived = new CopyOnWriteArrayList<>();
          tsSeen.add(seen);
          tsArrived.add(arrived);
          good.add(
              TsClient.builder(tsUrl, new SetupData("", PTS))
                  .webSocket(ws -> ws.pingInterval(Duration.ofSeconds(1)))
                  .listener(
                      new TsClient.Listener() {
                        @Override
                        public void controlTimestamp(ControlTimestamp ct) {
                          Double speed = ct.timelineSpeedMultiplier();
                          arrived.add(System.nanoTime());
                          seen.add(speed == null ? Double.NaN : speed);
                        }
                      })
                  .start());
        }
      } else {
        out.println("abuse: no tsUrl from the TV; abusing CII only");
      }
      int baseline = good.size();
      boolean allUp =
          await(
              () ->
                  ciiSeen.stream().allMatch(s -> !s.isEmpty())
                      && tsSeen.stream().allMatch(s -> !s.isEmpty()),
              10_000);
      if (!allUp) {
        out.println("abuse: the good companions did not all connect");
        return 1;
      }
      int floodSize = flood >= 0 ? flood : tv != null ? maxConnections + 8 : 64;
      List<String> expectedCii = new ArrayList<>();
      List<Double> expectedTs = new ArrayList<>();
      // when each expected change was made, System.nanoTime() just before making it
      List<Long> ciiMadeAt = new ArrayList<>();
      List<Long> tsMadeAt = new ArrayList<>();
      AtomicInteger step = new AtomicInteger();
      WebSocketServer.Counters last = tv == null ? null : tv.webSocketCounters();

      for (int round = 1; round <= rounds; round++) {
        int ciiFirst = expectedCii.size();
        int tsFirst = expectedTs.size();
        CountDownLatch roundOver = new CountDownLatch(1);
        Map<Kind, int[]> results = new EnumMap<>(Kind.class);
        List<Future<Result>> futures = new ArrayList<>();
        List<Map.Entry<Kind, Callable<Result>>> abusers = new ArrayList<>();
        for (Kind kind : Kind.values()) {
          if (kind == Kind.FLOOD) {
            continue;
          }
          for (int i = 0; i < each; i++) {
            abusers.add(Map.entry(kind, abuser(kind, i, roundOver)));
          }
        }
        Collections.shuffle(abusers);
        abusersIn = new CountDownLatch(abusers.size());
        Future<?> publisher =
            pool.submit(
                () -> {
                  if (tv != null) {
                    publish(tv, step, expectedCii, expectedTs, ciiMadeAt, tsMadeAt);
                  }
                  return null;
                });
        long gapNanos = (long) (1e9 / rate);
        List<Kind> kinds = new ArrayList<>();
        for (Map.Entry<Kind, Callable<Result>> a : abusers) {
          futures.add(pool.submit(a.getValue()));
          kinds.add(a.getKey());
          TimeUnit.NANOSECONDS.sleep(gapNanos);
        }
        abusersIn.await(RAW_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        floodIn = new CountDownLatch(floodSize);
        for (int i = 0; i < floodSize; i++) {
          futures.add(pool.submit(floodClient(roundOver)));
          kinds.add(Kind.FLOOD);
        }
        publisher.get(10L * changes * changeIntervalMillis + 60_000, TimeUnit.MILLISECONDS);
        floodIn.await(RAW_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        roundOver.countDown();
        for (int i = 0; i < futures.size(); i++) {
          Result r = futures.get(i).get(idleMillis + 60_000, TimeUnit.MILLISECONDS);
          results
              .computeIfAbsent(kinds.get(i), k -> new int[Result.values().length])[r.ordinal()]++;
        }

        // the good companions catch up, then the server returns to the baseline
        int missed;
        String delay = "";
        if (tv != null) {
          await(
              () ->
                  ciiSeen.stream().allMatch(s -> s.size() - 1 >= expectedCii.size())
                      && tsSeen.stream().allMatch(s -> s.size() - 1 >= expectedTs.size()),
              10_000);
          missed = 0;
          for (List<String> s : ciiSeen) {
            missed += missed(s.subList(1, s.size()), expectedCii);
          }
          for (List<Double> s : tsSeen) {
            missed += missed(s.subList(1, s.size()), expectedTs);
          }
          List<Long> delays = new ArrayList<>();
          addDelays(delays, ciiArrived, ciiMadeAt, ciiFirst);
          addDelays(delays, tsArrived, tsMadeAt, tsFirst);
          delay = describeDelays(delays);
        } else {
          missed = missedAmong(ciiSeen) + missedAmong(tsSeen);
        }
        String connections = "-";
        String closes = "";
        if (tv != null) {
          int expectedTsCount = tsSeen.size();
          boolean back =
              await(
                  () ->
                      tv.webSocketCounters().connections() == baseline
                          && tv.companionCounts()[0] == companions
                          && tv.companionCounts()[1] == expectedTsCount,
                  idleMillis + 10_000);
          WebSocketServer.Counters now = tv.webSocketCounters();
          connections = now.connections() + (back ? "" : " (baseline " + baseline + ")");
          ok &= back;
          closes = " closed " + closeDelta(last, now) + ";";
          last = now;
        }
        ok &= missed == 0;
        long direct =
            ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p
                ? p.metric().usedDirectMemory()
                : -1;
        out.printf(
            Locale.ROOT,
            "round %d: abusers %s;%s missed %d%s; connections %s; heap %.1f MiB; direct %.1f MiB;"
                + " rss %.1f MiB%n",
            round,
            describe(results),
            closes,
            missed,
            delay,
            connections,
            Memory.heapAfterGc() / 1048576.0,
            direct / 1048576.0,
            Memory.residentBytes() / 1048576.0);
        out.flush();
      }
      out.println(ok ? "abuse: ok" : "abuse: FAILED");
      out.flush();
      return ok ? 0 : 1;
    } finally {
      for (AutoCloseable c : good) {
        c.close();
      }
      pool.shutdownNow();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "abuser-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Makes this round's changes: next content (speed 1) and then a speed of its own, each. */
  private void publish(
      Tv tv,
      AtomicInteger step,
      List<String> expectedCii,
      List<Double> expectedTs,
      List<Long> ciiMadeAt,
      List<Long> tsMadeAt)
      throws InterruptedException {
    for (int i = 0; i < changes; i++) {
      double speed = 1 + step.incrementAndGet() / 1000.0;
      synchronized (expectedCii) {
        long contentAt = System.nanoTime();
        expectedCii.add(tv.nextContent());
        ciiMadeAt.add(contentAt);
        expectedTs.add(1.0);
        tsMadeAt.add(contentAt);
        long speedAt = System.nanoTime();
        tv.setSpeed(speed);
        expectedTs.add(speed);
        tsMadeAt.add(speedAt);
      }
      Thread.sleep(changeIntervalMillis);
    }
  }

  /**
   * Adds, for every companion, how long each change made from index {@code first} on took to reach
   * it: its arrival time (entry 0 is the state on connecting, so change k is entry k + 1) minus the
   * time the change was made, in nanoseconds.
   */
  private static void addDelays(
      List<Long> delays, List<List<Long>> arrived, List<Long> madeAt, int first) {
    for (List<Long> times : arrived) {
      for (int k = first; k < madeAt.size() && k + 1 < times.size(); k++) {
        delays.add(times.get(k + 1) - madeAt.get(k));
      }
    }
  }

  /** "; delay p50 .. p99 .. max .. ms" over the good companions, or nothing if none. */
  private static String describeDelays(List<Long> delays) {
    if (delays.isEmpty()) {
      return "";
    }
    Collections.sort(delays);
    return String.format(
        Locale.ROOT,
        "; delay p50 %.1f p99 %.1f max %.1f ms",
        delays.get(delays.size() / 2) / 1e6,
        delays.get(Math.min(delays.size() - 1, (int) Math.ceil(delays.size() * 0.99) - 1)) / 1e6,
        delays.get(delays.size() - 1) / 1e6);
  }

  /** How many of {@code expected} a companion did not get, in order (0 if it got them all). */
  private static <T> int missed(List<T> seen, List<T> expected) {
    if (seen.equals(expected)) {
      return 0;
    }
    return Math.max(1, expected.size() - seen.size());
  }

  /** Without a known sequence: how far each companion is behind the one that saw the most. */
  private static <T> int missedAmong(List<List<T>> seen) {
    List<T> most = List.of();
    for (List<T> s : seen) {
      if (s.size() > most.size()) {
        most = List.copyOf(s);
      }
    }
    int missed = 0;
    for (List<T> s : seen) {
      missed += most.subList(0, s.size()).equals(s) ? most.size() - s.size() : 1;
    }
    return missed;
  }

  private static String closeDelta(
      WebSocketServer.@Nullable Counters before, WebSocketServer.Counters after) {
    StringBuilder b = new StringBuilder();
    for (CloseCause cause : CloseCause.values()) {
      long n = after.closed(cause) - (before == null ? 0 : before.closed(cause));
      if (n != 0) {
        b.append(b.isEmpty() ? "" : " ").append(cause).append('=').append(n);
      }
    }
    long rejected = after.rejected() - (before == null ? 0 : before.rejected());
    long idle = after.idleBeforeHandshake() - (before == null ? 0 : before.idleBeforeHandshake());
    long bad = after.badRequests() - (before == null ? 0 : before.badRequests());
    b.append(" refused503=").append(rejected);
    b.append(" idleBeforeHandshake=").append(idle);
    b.append(" badRequests=").append(bad);
    return b.toString();
  }

  private static String describe(Map<Kind, int[]> results) {
    StringBuilder b = new StringBuilder();
    results.forEach(
        (kind, n) -> {
          b.append(b.isEmpty() ? "" : " ").append(kind.label).append('=');
          b.append(n[Result.OPENED.ordinal()] + n[Result.NO_SESSION.ordinal()]);
          if (n[Result.REFUSED_503.ordinal()] > 0) {
            b.append("+").append(n[Result.REFUSED_503.ordinal()]).append("x503");
          }
          if (n[Result.FAILED.ordinal()] > 0) {
            b.append("+").append(n[Result.FAILED.ordinal()]).append("xerror");
          }
        });
    return b.toString();
  }

  private static boolean await(BooleanSupplier condition, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  private static @Nullable URI tsUrlOf(AutoCloseable ciiClient) {
    Cii state = ((CiiClient) ciiClient).state();
    String ts = state.tsUrl().orNull();
    return ts == null ? null : URI.create(ts);
  }

  private static Target targetOf(URI uri) throws IOException {
    int port = uri.getPort() > 0 ? uri.getPort() : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return new Target(new InetSocketAddress(InetAddress.getByName(uri.getHost()), port), path);
  }

  // ---------------------------------------------------------------- the abusers

  private Target target(int index) {
    Target ts = tsTarget;
    return index % 2 == 1 && ts != null ? ts : ciiTarget;
  }

  private Callable<Result> abuser(Kind kind, int index, CountDownLatch roundOver) {
    Target t = target(index);
    return () -> {
      try {
        return switch (kind) {
          case INVALID_JSON -> invalidJson(t);
          case BINARY -> oneBadFrame(t, RawWebSocket.BINARY, new byte[] {1, 2, 3});
          case OVERSIZE -> oneBadFrame(t, RawWebSocket.TEXT, new byte[oversizeBytes]);
          case BAD_UTF8 -> oneBadFrame(t, RawWebSocket.TEXT, new byte[] {'{', (byte) 0xC3, 0x28});
          case SLOW -> slow(t, false, roundOver);
          case PING_FLOOD -> slow(t, true, roundOver);
          case HALF_REQUEST -> halfRequest(t, index % 2 == 0);
          case STALL -> stall(t);
          case SILENT -> silent(t);
          case FLOOD -> throw new IllegalArgumentException("see floodClient");
        };
      } catch (IOException | RuntimeException e) {
        abusersIn.countDown(); // it may have failed before it was in
        return Result.FAILED;
      }
    };
  }

  private @Nullable RawWebSocket open(Target t, int receiveBuffer) throws IOException {
    RawWebSocket c = RawWebSocket.connect(t.address(), receiveBuffer, RAW_TIMEOUT);
    int status = RawWebSocket.statusCode(c.handshake(t.path()));
    abusersIn.countDown();
    if (status == 101) {
      if (t == tsTarget) {
        c.sendText(new SetupData("", PTS).encode());
      }
      return c;
    }
    c.close();
    return null;
  }

  private static void closeFromClient(RawWebSocket c) throws IOException {
    c.send(RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xE8});
    c.readUntilClose();
    c.close();
  }

  private Result invalidJson(Target t) throws IOException {
    RawWebSocket c = open(t, 0);
    if (c == null) {
      return Result.REFUSED_503;
    }
    c.sendText("{not json");
    c.sendText("{\"contentIdStem\": 5, \"timelineSelector\": true, \"earliest\": []}");
    closeFromClient(c);
    return Result.OPENED;
  }

  private Result oneBadFrame(Target t, int opcode, byte[] payload) throws IOException {
    RawWebSocket c = open(t, 0);
    if (c == null) {
      return Result.REFUSED_503;
    }
    try {
      c.send(opcode, payload);
      c.readUntilClose();
    } catch (IOException e) {
      // closed with the frame unread: a reset may overtake the close frame
    } finally {
      c.close();
    }
    return Result.OPENED;
  }

  private Result slow(Target t, boolean pingFlood, CountDownLatch roundOver)
      throws IOException, InterruptedException {
    RawWebSocket c = open(t, 4096);
    if (c == null) {
      return Result.REFUSED_503;
    }
    byte[] payload = new byte[125];
    long keepAlive = Math.max(10, idleMillis / 4);
    try {
      do {
        if (pingFlood) {
          for (int i = 0; i < 10; i++) {
            c.send(RawWebSocket.PING, payload);
          }
        } else {
          c.send(RawWebSocket.PONG, new byte[0]); // keeps the idle timeout away; reads nothing
        }
      } while (!roundOver.await(pingFlood ? 10 : keepAlive, TimeUnit.MILLISECONDS));
    } catch (IOException e) {
      if (!pingFlood) {
        throw e;
      }
      // the server's inbound frame limit closed it (RATE_LIMITED): what it should do
      c.close();
      return Result.OPENED;
    }
    c.reset();
    return Result.OPENED;
  }

  private Result halfRequest(Target t, boolean reset) throws IOException {
    RawWebSocket c = RawWebSocket.connect(t.address(), 0, RAW_TIMEOUT);
    c.writeRaw(RawWebSocket.requestStart(t.path()));
    abusersIn.countDown();
    if (reset) {
      c.reset();
    } else {
      c.close();
    }
    return Result.NO_SESSION;
  }

  private Result stall(Target t) throws IOException {
    try (RawWebSocket c = RawWebSocket.connect(t.address(), 0, RAW_TIMEOUT)) {
      c.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleMillis + 5_000));
      c.writeRaw(RawWebSocket.requestStart(t.path()));
      abusersIn.countDown();
      c.socket().getInputStream().read(); // until the server gives up on it
    } catch (java.net.SocketTimeoutException e) {
      return Result.FAILED; // the server kept it
    }
    return Result.NO_SESSION;
  }

  private Result silent(Target t) throws IOException {
    RawWebSocket c = open(t, 0);
    if (c == null) {
      return Result.REFUSED_503;
    }
    try {
      c.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleMillis + 5_000));
      c.readUntilClose(); // the idle timeout's 1001
    } finally {
      c.close();
    }
    return Result.OPENED;
  }

  private Callable<Result> floodClient(CountDownLatch roundOver) {
    Target t = ciiTarget;
    return () -> {
      try {
        RawWebSocket c;
        int status;
        try {
          c = RawWebSocket.connect(t.address(), 0, RAW_TIMEOUT);
          status = RawWebSocket.statusCode(c.handshake(t.path()));
        } finally {
          floodIn.countDown();
        }
        if (status != 101) {
          c.close();
          return Result.REFUSED_503;
        }
        // reads nothing until the round is over, but keeps the idle timeout away
        long keepAlive = Math.max(10, idleMillis / 4);
        do {
          c.send(RawWebSocket.PONG, "flood".getBytes(StandardCharsets.US_ASCII));
        } while (!roundOver.await(keepAlive, TimeUnit.MILLISECONDS));
        closeFromClient(c);
        return Result.OPENED;
      } catch (IOException | RuntimeException e) {
        return Result.FAILED;
      }
    };
  }
}
