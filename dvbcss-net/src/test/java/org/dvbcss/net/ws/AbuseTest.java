package org.dvbcss.net.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.cii.CiiClient;
import org.dvbcss.net.cii.CiiServer;
import org.dvbcss.net.raw.RawWebSocket;
import org.dvbcss.net.testing.JdkWebSocketPeer;
import org.dvbcss.net.ts.TsClient;
import org.dvbcss.net.ts.TsServer;
import org.dvbcss.net.wsclient.WebSocketClientConfig;
import org.dvbcss.protocol.PrivateData;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.FixedTimelineSource;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.protocol.ts.TsServerCore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A live server with CSS-CII and CSS-TS under every kind of abuse at once, three rounds over, while
 * well-behaved companions watch a sequence of changes: they must get every change in order, the
 * server's counters must match what the abusers did, and afterwards connections, sessions and
 * memory return to where they were.
 */
class AbuseTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final int MAX_CONNECTIONS = 32;
  private static final int MAX_FRAME_BYTES = 2048;
  private static final Duration IDLE = Duration.ofMillis(3000);
  private static final Duration PING = Duration.ofMillis(1000);
  private static final Duration KEEPALIVE = Duration.ofMillis(500); // the good clients' pings
  private static final int LOW_WATER = 4 * 1024;
  private static final int HIGH_WATER = 16 * 1024;
  private static final String SELECTOR = "urn:dvb:css:timeline:pts";
  private static final String CONTENT_ID = "dvb://abuse";
  private static final int ROUNDS = 3;
  private static final int CHANGES_PER_ROUND = 40;
  private static final int EACH = 2; // abusers of each kind per round
  private static final int CII_MESSAGE_BYTES = 4096; // each change, so slow readers fill up soon
  private static final String PAD = "p".repeat(CII_MESSAGE_BYTES - 100);

  /** How an abuser misbehaves. */
  enum Kind {
    INVALID_JSON_CII,
    INVALID_JSON_TS,
    BINARY,
    OVERSIZE,
    INVALID_UTF8,
    SLOW_CII,
    SLOW_TS,
    PING_FLOOD,
    HALF_REQUEST_FIN,
    HALF_REQUEST_RST,
    HALF_REQUEST_STALL,
    SILENT,
    FLOOD
  }

  /**
   * What one abuser saw, and so what the server must have counted for it.
   *
   * @param cause the close cause the server must record, null if no session opened
   */
  record Outcome(
      Kind kind,
      boolean accepted,
      boolean rejected,
      @Nullable CloseCause cause,
      int ciiIgnored,
      int tsInvalidSetups,
      int tsInvalidMessages,
      boolean idleBeforeHandshake) {
    static Outcome noSession(Kind kind) {
      return new Outcome(kind, false, false, null, 0, 0, 0, false);
    }

    static Outcome rejected(Kind kind) {
      return new Outcome(kind, false, true, null, 0, 0, 0, false);
    }

    static Outcome closed(Kind kind, CloseCause cause) {
      return new Outcome(kind, true, false, cause, 0, 0, 0, false);
    }
  }

  /** Passes every callback on, and keeps the open sessions so their queues can be watched. */
  static final class Watched implements WebSocketEndpoint {
    final WebSocketEndpoint inner;
    final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

    Watched(WebSocketEndpoint inner) {
      this.inner = inner;
    }

    @Override
    public void onOpen(WebSocketSession session) {
      sessions.add(session);
      inner.onOpen(session);
    }

    @Override
    public void onText(WebSocketSession session, String text) {
      inner.onText(session, text);
    }

    @Override
    public void onWritable(WebSocketSession session) {
      inner.onWritable(session);
    }

    @Override
    public void onClose(WebSocketSession session, int code, String reason) {
      try {
        inner.onClose(session, code, reason);
      } finally {
        sessions.remove(session);
      }
    }
  }

  private final SysClock wall = new SysClock();
  private final CiiServer cii = new CiiServer(change(0), Set.of());
  private final TsServer ts = new TsServer(wall, CONTENT_ID);
  private final FixedTimelineSource source =
      new FixedTimelineSource(
          SELECTOR, ControlTimestamp.available(0, Math.round(wall.ticks()), 1.0));
  private final Watched watchedCii = new Watched(cii);
  private final Watched watchedTs = new Watched(ts);
  private WebSocketServer server;
  private InetSocketAddress address;

  private static Cii change(int n) {
    Cii.Builder b = Cii.builder().contentId(CONTENT_ID + "/" + n).privateData(List.of(pad(n)));
    if (n == 0) {
      b.protocolVersion(Cii.PROTOCOL_VERSION);
    }
    return b.build();
  }

  private static PrivateData pad(int n) {
    return PrivateData.fromJson(
        "{\"type\":\"urn:test:pad\",\"n\":" + n + ",\"pad\":\"" + PAD + "\"}");
  }

  @Test
  void goodCompanionsMissNothingAndEverythingReturnsToBaselineAfterEachRound() throws Exception {
    ts.attach(source);
    ExecutorService pool = Executors.newCachedThreadPool();
    List<AutoCloseable> good = new ArrayList<>();
    try (WebSocketServer s =
        WebSocketServer.builder()
            .config(
                WebSocketServerConfig.builder()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .eventLoopThreads(2)
                    .maxConnections(MAX_CONNECTIONS)
                    .maxFrameBytes(MAX_FRAME_BYTES)
                    .idleTimeout(IDLE)
                    .pingInterval(PING)
                    .writeBufferWaterMarks(LOW_WATER, HIGH_WATER)
                    // off, so that the ping flood (about 1,000 frames/s) tests the pong queue's
                    // bound for
                    // the whole round instead of being cut short; InboundFrameRateTest tests the
                    // limit
                    .maxInboundFrameRate(0, 0)
                    .build())
            .endpoint(CiiServer.PATH, watchedCii)
            .endpoint(TsServer.PATH, watchedTs)
            .start()) {
      server = s;
      address = s.localAddress();
      String base = "ws://127.0.0.1:" + address.getPort();

      // the well-behaved companions: the project's clients and the JDK's
      List<List<Long>> ciiSeen = new ArrayList<>();
      List<List<Long>> tsSeen = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        List<Long> seen = new CopyOnWriteArrayList<>();
        ciiSeen.add(seen);
        good.add(
            CiiClient.builder(URI.create(base + CiiServer.PATH))
                .webSocket(WebSocketClientConfig.builder().pingInterval(KEEPALIVE).build())
                .listener(
                    new CiiClient.Listener() {
                      @Override
                      public void changed(Cii state, Set<CiiProperty> changed, Cii message) {
                        if (changed.contains(CiiProperty.CONTENT_ID)) {
                          seen.add(changeNumber(state.contentId().value()));
                        }
                      }
                    })
                .start());
        List<Long> seenTs = new CopyOnWriteArrayList<>();
        tsSeen.add(seenTs);
        good.add(
            TsClient.builder(URI.create(base + TsServer.PATH), new SetupData("", SELECTOR))
                .webSocket(WebSocketClientConfig.builder().pingInterval(KEEPALIVE).build())
                .listener(
                    new TsClient.Listener() {
                      @Override
                      public void controlTimestamp(ControlTimestamp ct) {
                        seenTs.add(ct.contentTime());
                      }
                    })
                .start());
      }
      JdkWebSocketPeer jdkCii = new JdkWebSocketPeer(URI.create(base + CiiServer.PATH));
      JdkWebSocketPeer jdkTs = new JdkWebSocketPeer(URI.create(base + TsServer.PATH));
      good.add(jdkCii);
      good.add(jdkTs);
      jdkTs.send(new SetupData("", SELECTOR).encode());
      int goodCount = good.size();
      int goodCii = 3;
      int goodTs = 3;
      await().atMost(WAIT).until(() -> server.counters().connections() == goodCount);
      await()
          .atMost(WAIT)
          .until(() -> ts.selectorsInUse().equals(Map.of(SELECTOR, goodTs)) && allSeen(0, ciiSeen));
      List<Long> jdkCiiSeen = new ArrayList<>();
      List<Long> jdkTsSeen = new ArrayList<>();

      long[] directAfter = new long[ROUNDS];
      long[] heapAfter = new long[ROUNDS];
      int published = 0;
      for (int round = 0; round < ROUNDS; round++) {
        WebSocketServer.Counters before = server.counters();
        TsServerCore.Counters tsBefore = ts.counters();
        long ignoredBefore = cii.ignoredMessages();

        CountDownLatch publishing = new CountDownLatch(1);
        CountDownLatch othersIn = new CountDownLatch((Kind.values().length - 1) * EACH);
        AtomicLong maxQueued = new AtomicLong();
        Future<?> sampler = pool.submit(() -> sampleQueues(publishing, maxQueued));
        List<Future<Outcome>> abusers = new ArrayList<>();
        for (Kind kind : Kind.values()) {
          int count = kind == Kind.FLOOD ? MAX_CONNECTIONS : EACH;
          for (int i = 0; i < count; i++) {
            abusers.add(pool.submit(abuser(kind, i, publishing, othersIn)));
          }
        }
        for (int i = 0; i < CHANGES_PER_ROUND; i++) {
          published++;
          cii.update(change(published));
          source.set(ControlTimestamp.available(published, Math.round(wall.ticks()), 1.0));
          Thread.sleep(25); // pacing the changes, not waiting for an outcome
          drain(jdkCii, jdkCiiSeen, true);
          drain(jdkTs, jdkTsSeen, false);
        }
        publishing.countDown();
        sampler.get(30, TimeUnit.SECONDS);

        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : abusers) {
          outcomes.add(f.get(30, TimeUnit.SECONDS));
        }

        // every good companion got every change so far, in order
        final int last = published;
        await()
            .atMost(WAIT)
            .alias(
                "good companions' changes: "
                    + new Object() {
                      @Override
                      public String toString() {
                        return tails(concat(ciiSeen, tsSeen, List.of(jdkCiiSeen, jdkTsSeen)))
                            + " "
                            + server.counters();
                      }
                    })
            .until(
                () -> {
                  drain(jdkCii, jdkCiiSeen, true);
                  drain(jdkTs, jdkTsSeen, false);
                  return allSeen(last, ciiSeen)
                      && allSeen(last, tsSeen)
                      && allSeen(last, List.of(jdkCiiSeen, jdkTsSeen));
                });
        List<Long> expected = LongStream.rangeClosed(0, last).boxed().toList();
        for (List<Long> seen : concat(ciiSeen, tsSeen, List.of(jdkCiiSeen, jdkTsSeen))) {
          assertThat(seen)
              .as("round %d: changes seen by a good companion", round)
              .isEqualTo(expected);
        }

        // connections, sessions and selectors back to the good companions alone
        await().atMost(WAIT).until(() -> server.counters().connections() == goodCount);
        await()
            .atMost(WAIT)
            .until(
                () ->
                    cii.connectionCount() == goodCii
                        && ts.connectionCount() == goodTs
                        && watchedCii.sessions.size() == goodCii
                        && watchedTs.sessions.size() == goodTs);
        assertThat(ts.selectorsInUse()).isEqualTo(Map.of(SELECTOR, goodTs));

        // the server counted exactly what the abusers did
        WebSocketServer.Counters after = server.counters();
        Map<CloseCause, Long> expectedClosed = new EnumMap<>(CloseCause.class);
        for (CloseCause c : CloseCause.values()) {
          expectedClosed.put(c, 0L);
        }
        long accepted = 0;
        long rejected = 0;
        long idleBeforeHandshake = 0;
        long ignored = 0;
        long invalidSetups = 0;
        long invalidMessages = 0;
        for (Outcome o : outcomes) {
          accepted += o.accepted() ? 1 : 0;
          rejected += o.rejected() ? 1 : 0;
          idleBeforeHandshake += o.idleBeforeHandshake() ? 1 : 0;
          ignored += o.ciiIgnored();
          invalidSetups += o.tsInvalidSetups();
          invalidMessages += o.tsInvalidMessages();
          if (o.cause() != null) {
            expectedClosed.merge(o.cause(), 1L, Long::sum);
          }
        }
        Map<CloseCause, Long> closedDelta = new EnumMap<>(CloseCause.class);
        for (CloseCause c : CloseCause.values()) {
          closedDelta.put(c, after.closed(c) - before.closed(c));
        }
        String context = "round " + round + ": " + summary(outcomes);
        assertThat(closedDelta).as(context).isEqualTo(expectedClosed);
        assertThat(after.accepted() - before.accepted()).as(context).isEqualTo(accepted);
        assertThat(after.rejected() - before.rejected()).as(context).isEqualTo(rejected);
        assertThat(rejected).as("the flood went past the limit").isPositive();
        assertThat(after.idleBeforeHandshake() - before.idleBeforeHandshake())
            .as(context)
            .isEqualTo(idleBeforeHandshake);
        assertThat(after.badRequests()).as(context).isEqualTo(before.badRequests());
        assertThat(after.unknownPath()).isZero();
        assertThat(after.endpointErrors()).isZero();
        assertThat(cii.ignoredMessages() - ignoredBefore).as(context).isEqualTo(ignored);
        TsServerCore.Counters tsAfter = ts.counters();
        assertThat(tsAfter.invalidSetups() - tsBefore.invalidSetups())
            .as(context)
            .isEqualTo(invalidSetups);
        assertThat(tsAfter.invalidMessages() - tsBefore.invalidMessages())
            .as(context)
            .isEqualTo(invalidMessages);

        // no connection held more than the high water mark plus a message (sent while just under
        // the mark) and a few pings; how far the slow readers got towards the mark depends on how
        // much the kernel's socket buffers took, so only the bound is asserted
        assertThat(maxQueued.get())
            .as("most bytes queued for one connection")
            .isLessThanOrEqualTo(HIGH_WATER + 2L * CII_MESSAGE_BYTES);

        directAfter[round] = directMemory();
        heapAfter[round] = heapAfterGc();
        System.out.printf(
            "abuse round %d: %s; closed %s; max queued %d B; direct %d B; heap %d B%n",
            round,
            summary(outcomes),
            nonZero(closedDelta),
            maxQueued.get(),
            directAfter[round],
            heapAfter[round]);
      }

      // rounds 2 and 3 leave no more memory in use than round 1 did
      for (int round = 1; round < ROUNDS; round++) {
        assertThat(directAfter[round])
            .as("direct memory after round %d vs round 1", round + 1)
            .isLessThanOrEqualTo(directAfter[0] + 4L * 1024 * 1024);
      }
      assertThat(heapAfter[ROUNDS - 1])
          .as("heap after the last round vs round 1")
          .isLessThanOrEqualTo(heapAfter[0] + 16L * 1024 * 1024);

      long clientClosesBefore = server.counters().closed(CloseCause.CLIENT);
      for (AutoCloseable c : good) {
        c.close();
      }
      await().atMost(WAIT).until(() -> server.counters().connections() == 0);
      await().atMost(WAIT).until(() -> cii.connectionCount() == 0 && ts.connectionCount() == 0);
      assertThat(ts.selectorsInUse()).isEmpty();
      assertThat(server.counters().closed(CloseCause.CLIENT) - clientClosesBefore)
          .isEqualTo(goodCount);
    } finally {
      for (AutoCloseable c : good) {
        c.close();
      }
      pool.shutdownNow();
    }
  }

  @Test
  void aClientThatPingsButNeverReadsIsNotAnsweredBeyondTheHighWaterMark() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    AtomicLong queuedAtDone = new AtomicLong(-1);
    WebSocketEndpoint endpoint =
        (session, text) -> {
          queuedAtDone.set(session.queuedBytes());
          done.countDown();
        };
    try (WebSocketServer s =
            WebSocketServer.builder()
                .config(
                    WebSocketServerConfig.builder()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .eventLoopThreads(1)
                        .writeBufferWaterMarks(LOW_WATER, HIGH_WATER)
                        .maxInboundFrameRate(0, 0)
                        .build())
                .endpoint("/p", endpoint)
                .start();
        RawWebSocket flooder = RawWebSocket.connect(s.localAddress(), 4096)) {
      assertThat(flooder.handshake("/p")).startsWith("HTTP/1.1 101");
      byte[] payload = new byte[125];
      int pings = 8000; // 1 MB of pongs if all were answered: far more than socket buffers hold
      for (int i = 0; i < pings; i++) {
        flooder.send(9, true, payload);
      }
      flooder.sendText("done"); // handled after every ping before it
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(queuedAtDone.get()).isLessThanOrEqualTo(HIGH_WATER + 2L * 127);
    }
  }

  @SafeVarargs
  private static List<List<Long>> concat(List<List<Long>>... lists) {
    List<List<Long>> all = new ArrayList<>();
    for (List<List<Long>> l : lists) {
      all.addAll(l);
    }
    return all;
  }

  private static String tails(List<List<Long>> seen) {
    StringBuilder b = new StringBuilder();
    for (List<Long> s : seen) {
      b.append(s.size()).append(':').append(s.isEmpty() ? "-" : s.get(s.size() - 1)).append(' ');
    }
    return b.toString();
  }

  private static boolean allSeen(long last, List<List<Long>> seen) {
    for (List<Long> s : seen) {
      if (s.isEmpty() || s.get(s.size() - 1) != last) {
        return false;
      }
    }
    return true;
  }

  private static long changeNumber(String contentId) {
    return Long.parseLong(contentId.substring(contentId.lastIndexOf('/') + 1));
  }

  /** Takes what a JDK peer has received so far: CII content ids or TS content times. */
  private static void drain(JdkWebSocketPeer peer, List<Long> seen, boolean isCii)
      throws InterruptedException {
    String text;
    while ((text = peer.nextWithin(0)) != null) {
      if (isCii) {
        Cii message = Cii.decode(text);
        if (message.contentId().isPresent()) {
          seen.add(changeNumber(message.contentId().value()));
        }
      } else {
        seen.add(ControlTimestamp.decode(text).contentTime());
      }
    }
  }

  private void sampleQueues(CountDownLatch publishing, AtomicLong maxQueued) {
    try {
      do {
        for (Watched w : List.of(watchedCii, watchedTs)) {
          for (WebSocketSession session : w.sessions) {
            maxQueued.accumulateAndGet(session.queuedBytes(), Math::max);
          }
        }
      } while (!publishing.await(2, TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String summary(List<Outcome> outcomes) {
    Map<Kind, int[]> byKind = new EnumMap<>(Kind.class);
    for (Outcome o : outcomes) {
      int[] n = byKind.computeIfAbsent(o.kind(), k -> new int[2]);
      n[o.rejected() ? 1 : 0]++;
    }
    StringBuilder b = new StringBuilder();
    byKind.forEach(
        (k, n) ->
            b.append(k)
                .append('=')
                .append(n[0])
                .append(n[1] > 0 ? "+" + n[1] + "x503" : "")
                .append(' '));
    return b.toString().trim();
  }

  private static Map<CloseCause, Long> nonZero(Map<CloseCause, Long> counts) {
    Map<CloseCause, Long> m = new EnumMap<>(CloseCause.class);
    counts.forEach(
        (k, v) -> {
          if (v != 0) {
            m.put(k, v);
          }
        });
    return m;
  }

  /** Direct memory held by Netty's default allocator (which the server uses). */
  private static long directMemory() {
    return ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p
        ? p.metric().usedDirectMemory()
        : 0;
  }

  private static long heapAfterGc() {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  // ---------------------------------------------------------------- the abusers

  /**
   * An abuser of one kind. All but the flood count {@code othersIn} down once their connection is
   * made (or refused); the flood waits for that, so that it, not they, goes past the limit.
   */
  private Callable<Outcome> abuser(
      Kind kind, int index, CountDownLatch publishing, CountDownLatch othersIn) {
    if (kind == Kind.FLOOD) {
      return () -> {
        othersIn.await(10, TimeUnit.SECONDS);
        return flood(publishing);
      };
    }
    Callable<Outcome> abuse = abuser(kind, index, publishing);
    return () -> {
      toSignal.set(othersIn);
      try {
        return abuse.call();
      } finally {
        signalConnected(); // if it failed before connecting
      }
    };
  }

  /** The latch the abuser on this thread counts down once it has connected. */
  private static final ThreadLocal<CountDownLatch> toSignal = new ThreadLocal<>();

  private static void signalConnected() {
    CountDownLatch latch = toSignal.get();
    if (latch != null) {
      toSignal.remove();
      latch.countDown();
    }
  }

  private Callable<Outcome> abuser(Kind kind, int index, CountDownLatch publishing) {
    String path = index % 2 == 0 ? CiiServer.PATH : TsServer.PATH;
    return switch (kind) {
      case INVALID_JSON_CII -> this::invalidJsonCii;
      case INVALID_JSON_TS -> this::invalidJsonTs;
      case BINARY -> () -> closedByServer(kind, path, 2, new byte[] {1, 2, 3}, 1003);
      case OVERSIZE ->
          () -> closedByServer(kind, path, 1, "x".repeat(MAX_FRAME_BYTES + 1).getBytes(), 1009);
      case INVALID_UTF8 ->
          () -> closedByServer(kind, path, 1, new byte[] {'{', (byte) 0xC3, 0x28}, 1007);
      case SLOW_CII -> () -> slow(kind, CiiServer.PATH, false, publishing);
      case SLOW_TS -> () -> slow(kind, TsServer.PATH, false, publishing);
      case PING_FLOOD -> () -> slow(kind, path, true, publishing);
      case HALF_REQUEST_FIN -> () -> halfRequest(kind, false);
      case HALF_REQUEST_RST -> () -> halfRequest(kind, true);
      case HALF_REQUEST_STALL -> this::halfRequestStall;
      case SILENT -> () -> silent(path);
      case FLOOD -> () -> flood(publishing);
    };
  }

  /** Opens a WebSocket, or returns null if refused with 503 (the socket is then closed). */
  private @Nullable RawWebSocket open(String path, int receiveBuffer) throws IOException {
    RawWebSocket ws = RawWebSocket.connect(address, receiveBuffer);
    String status = ws.handshake(path);
    signalConnected();
    if (status.startsWith("HTTP/1.1 101")) {
      return ws;
    }
    ws.close();
    assertThat(status).startsWith("HTTP/1.1 503");
    return null;
  }

  /** Sends a close frame, reads up to the server's, and tells which cause the server recorded. */
  private static CloseCause closeFromClient(RawWebSocket ws) throws IOException {
    ws.send(8, true, new byte[] {0x03, (byte) 0xE8});
    RawWebSocket.Frame close = ws.readUntilClose();
    ws.close();
    // the server echoes our 1000, unless its idle timeout had already closed with 1001
    return close.closeCode() == 1000 ? CloseCause.CLIENT : expectIdle(close);
  }

  private static CloseCause expectIdle(RawWebSocket.Frame close) {
    assertThat(close.closeCode()).isEqualTo(1001);
    assertThat(close.text()).endsWith("idle timeout");
    return CloseCause.IDLE;
  }

  /**
   * Sends a ping and reads until its pong (the connection is still up), then closes: the cause the
   * server recorded. On a machine so loaded that this thread did not run for the idle timeout, the
   * server may have closed it for that first.
   */
  private static CloseCause aliveThenClose(RawWebSocket ws) throws IOException {
    ws.send(9, true, "alive?".getBytes(StandardCharsets.UTF_8));
    RawWebSocket.Frame frame;
    do {
      frame = ws.read();
      if (frame.opcode() == 8) {
        ws.close();
        return expectIdle(frame);
      }
    } while (frame.opcode() != 10 || !frame.text().equals("alive?"));
    return closeFromClient(ws);
  }

  private Outcome invalidJsonCii() throws IOException {
    RawWebSocket ws = open(CiiServer.PATH, 0);
    if (ws == null) {
      return Outcome.rejected(Kind.INVALID_JSON_CII);
    }
    assertThat(ws.read().opcode()).isEqualTo(1); // the state
    ws.sendText("{not json");
    ws.sendText("{\"contentId\": 5, \"timelines\": \"none\"}");
    CloseCause cause = aliveThenClose(ws);
    return new Outcome(Kind.INVALID_JSON_CII, true, false, cause, 2, 0, 0, false);
  }

  private Outcome invalidJsonTs() throws IOException {
    RawWebSocket ws = open(TsServer.PATH, 0);
    if (ws == null) {
      return Outcome.rejected(Kind.INVALID_JSON_TS);
    }
    ws.sendText("[1, 2");
    ws.sendText("{\"contentIdStem\": 5, \"timelineSelector\": true}");
    ws.sendText(new SetupData("", SELECTOR).encode());
    RawWebSocket.Frame frame;
    do {
      frame = ws.read();
    } while (frame.opcode() != 1);
    ControlTimestamp.decode(frame.text());
    ws.sendText("{}");
    ws.sendText("{\"earliest\": \"soon\", \"latest\": 7}");
    CloseCause cause = aliveThenClose(ws);
    return new Outcome(Kind.INVALID_JSON_TS, true, false, cause, 0, 2, 2, false);
  }

  /** Sends one bad frame and expects the server to close with {@code code}. */
  private Outcome closedByServer(Kind kind, String path, int opcode, byte[] payload, int code)
      throws IOException {
    RawWebSocket ws = open(path, 0);
    if (ws == null) {
      return Outcome.rejected(kind);
    }
    CloseCause cause =
        switch (code) {
          case 1003 -> CloseCause.BINARY;
          case 1009 -> CloseCause.TOO_BIG;
          default -> CloseCause.INVALID_UTF8;
        };
    try {
      ws.send(opcode, true, payload);
      RawWebSocket.Frame close = ws.readUntilClose();
      if (close.closeCode() == 1001) {
        cause = expectIdle(close); // the idle timeout came first on a very slow machine
      } else {
        assertThat(close.closeCode()).as(kind.toString()).isEqualTo(code);
      }
    } catch (SocketException e) {
      // the server closed with our frame unread: a reset may overtake its close frame
    } finally {
      ws.close();
    }
    return Outcome.closed(kind, cause);
  }

  /**
   * Completes the handshake and never reads a byte while the server pushes; sends a pong now and
   * then so that the idle timeout leaves it alone (or, as a ping flood, pings without pause), and
   * resets the connection when publishing ends.
   */
  private Outcome slow(Kind kind, String path, boolean pingFlood, CountDownLatch publishing)
      throws IOException, InterruptedException {
    RawWebSocket ws = open(path, 4096);
    if (ws == null) {
      return Outcome.rejected(kind);
    }
    if (path.equals(TsServer.PATH)) {
      ws.sendText(new SetupData("", SELECTOR).encode());
    }
    byte[] payload = new byte[125];
    do {
      if (pingFlood) {
        for (int i = 0; i < 10; i++) {
          ws.send(9, true, payload);
        }
      } else {
        ws.send(10, true, new byte[0]);
      }
    } while (!publishing.await(pingFlood ? 10 : 200, TimeUnit.MILLISECONDS));
    ws.socket().setSoLinger(true, 0);
    ws.close();
    return Outcome.closed(kind, CloseCause.CONNECTION_LOST);
  }

  private static final String HALF_REQUEST =
      "GET /cii HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\nConnection: Upg";

  private Outcome halfRequest(Kind kind, boolean reset) throws IOException {
    RawWebSocket ws = RawWebSocket.connect(address, 0);
    ws.writeRaw(HALF_REQUEST);
    signalConnected();
    if (reset) {
      ws.socket().setSoLinger(true, 0);
    }
    ws.close();
    return Outcome.noSession(kind);
  }

  private Outcome halfRequestStall() throws IOException {
    try (RawWebSocket ws = RawWebSocket.connect(address, 0)) {
      ws.writeRaw(HALF_REQUEST);
      signalConnected();
      assertThat(ws.socket().getInputStream().read()).isEqualTo(-1); // closed by the idle timeout
    }
    return new Outcome(Kind.HALF_REQUEST_STALL, false, false, null, 0, 0, 0, true);
  }

  /** Completes the handshake, then sends nothing at all: the idle timeout closes it with 1001. */
  private Outcome silent(String path) throws IOException {
    RawWebSocket ws = open(path, 0);
    if (ws == null) {
      return Outcome.rejected(Kind.SILENT);
    }
    try {
      expectIdle(ws.readUntilClose());
    } finally {
      ws.close();
    }
    return Outcome.closed(Kind.SILENT, CloseCause.IDLE);
  }

  /** One of a flood of handshakes (as many as the limit): holds its connection to the end. */
  private Outcome flood(CountDownLatch publishing) throws IOException, InterruptedException {
    RawWebSocket ws = open(TsServer.PATH, 0);
    if (ws == null) {
      return Outcome.rejected(Kind.FLOOD);
    }
    // answer nothing, but keep the idle timeout away until the changes stop
    do {
      ws.send(10, true, new byte[0]);
    } while (!publishing.await(200, TimeUnit.MILLISECONDS));
    return Outcome.closed(Kind.FLOOD, closeFromClient(ws));
  }
}
