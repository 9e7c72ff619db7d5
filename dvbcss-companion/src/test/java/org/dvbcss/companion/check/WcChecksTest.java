package org.dvbcss.companion.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dvbcss.clock.Clock;
import org.dvbcss.protocol.wc.UdpUrl;
import org.dvbcss.protocol.wc.WcMessage;
import org.dvbcss.tv.Tv;
import org.dvbcss.tv.TvConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WcChecksTest {
  private static final Duration RUN = Duration.ofSeconds(2);

  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Collections.reverse(closing);
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  /** The results of the CSS-WC rules, by id, each reported exactly once. */
  private static Map<String, RuleResult> wc(List<RuleResult> results) {
    List<RuleResult> wc = results.stream().filter(r -> r.rule().area() == Area.WC).toList();
    Map<String, RuleResult> byId =
        wc.stream().collect(Collectors.toMap(RuleResult::id, r -> r, (a, b) -> a));
    assertThat(wc).hasSize(byId.size());
    assertThat(byId.keySet())
        .containsExactlyInAnyOrderElementsOf(
            Rules.all().stream().filter(r -> r.area() == Area.WC).map(Rule::id).toList());
    return byId;
  }

  private static CheckContext context(String ciiUrl, UdpUrl server, List<RuleResult> out) {
    CheckConfig.Builder b =
        CheckConfig.builder(ciiUrl).duration(RUN).connectTimeout(Duration.ofSeconds(1));
    if (server != null) {
      b.wallClockServer(server);
    }
    return new CheckContext(b.build(), out::add);
  }

  private List<RuleResult> run(CheckContext ctx) throws InterruptedException {
    WcChecks checks = WcChecks.start(ctx);
    closing.add(checks);
    checks.awaitEnd(Duration.ofSeconds(20));
    checks.close();
    return ctx.report(true).results();
  }

  @Test
  void aCleanTvPassesEveryRuleAndThePublishedClockHoldsItsWallClock() throws Exception {
    Tv tv =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .wallClockAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .build());
    closing.add(tv);
    List<RuleResult> results = Collections.synchronizedList(new ArrayList<>());
    CheckContext ctx = context(tv.ciiUrl(), null, results);
    // As CII serves it to a companion: {{host}} rewritten to the address the TV was reached on.
    ctx.cii(
        new CiiSnapshot("{}", 0, org.dvbcss.protocol.cii.Cii.builder().wcUrl(tv.wcUrl()).build()));
    WcChecks checks = WcChecks.start(ctx);
    closing.add(checks);
    Optional<Clock> published = ctx.awaitWallClock(2_000_000_000L);
    assertThat(published).isPresent();
    Clock tvWall = tv.model().wallClock();
    assertHolds(published.get(), tvWall);
    checks.awaitEnd(Duration.ofSeconds(20));
    // Still kept (and still honest) after the measurement, until closed.
    assertHolds(published.get(), tvWall);
    assertThat(published.get().dispersion()).isLessThan(0.05);
    checks.close();
    Map<String, RuleResult> wc = wc(ctx.report(true).results());
    for (RuleResult r : wc.values()) {
      assertThat(r.status()).as(r.id() + ": " + r.message()).isIn(Status.PASS, Status.INFO);
    }
    for (String id :
        List.of("R-WC-1", "R-WC-2", "R-WC-3", "R-WC-4", "R-WC-5", "R-WC-7", "R-WC-8")) {
      assertThat(wc.get(id).status()).as(id + ": " + wc.get(id).message()).isEqualTo(Status.PASS);
    }
    assertThat(wc.get("R-WC-6").status()).isEqualTo(Status.INFO);
    assertThat(wc.get("R-WC-6").message()).contains("60 s needed to grade");
    assertThat(wc.get("R-WC-9").evidence()).containsKeys("rtt_median_ms", "best_dispersion_ms");
    assertThat(ctx.report(true).series().stream().map(Series::name))
        .contains("CSS-WC round trip", "CSS-WC offset", "CSS-WC error bound");
  }

  /** The estimate, read between two readings of the TV's clock, is within its bound of them. */
  private static void assertHolds(Clock estimate, Clock tvWall) {
    for (int i = 0; i < 20; i++) {
      double before = tvWall.ticks();
      double reading = estimate.ticks();
      double bound = estimate.dispersion() * 1e9; // the dispersion is in seconds
      double after = tvWall.ticks();
      assertThat(bound).isFinite();
      assertThat(reading).isBetween(before - bound, after + bound);
    }
  }

  @Test
  void noWcUrlLeavesEveryRuleUncheckedAndNoWallClock() throws Exception {
    List<RuleResult> results = Collections.synchronizedList(new ArrayList<>());
    CheckContext ctx = context("ws://127.0.0.1:9/cii", null, results);
    ctx.cii(new CiiSnapshot("{}", 0, org.dvbcss.protocol.cii.Cii.builder().build()));
    Map<String, RuleResult> wc = wc(run(ctx));
    assertThat(wc.values())
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(Status.INFO);
              assertThat(r.message()).contains("not checked: CII advertises no wcUrl");
            });
    assertThat(ctx.awaitWallClock(0)).isEmpty();
  }

  @Test
  void precisionZeroWarns() throws Exception {
    FakeServer s = fake((req, n) -> List.of(response(req, WcMessage.Type.RESPONSE, 0)));
    Map<String, RuleResult> wc =
        wc(run(context("ws://127.0.0.1:9/cii", s.url(), new ArrayList<>())));
    assertThat(wc.get("R-WC-5").status()).isEqualTo(Status.WARN);
    assertThat(wc.get("R-WC-5").evidence()).containsEntry("precision_log2", 0);
    assertThat(wc.get("R-WC-1").status()).isEqualTo(Status.PASS);
  }

  @Test
  void anAlteredOriginateFails() throws Exception {
    FakeServer s =
        fake(
            (req, n) -> {
              byte[] r = response(req, WcMessage.Type.RESPONSE, -20);
              ByteBuffer b = ByteBuffer.wrap(r);
              long nanos = Integer.toUnsignedLong(b.getInt(12));
              b.putInt(12, (int) (nanos / 1000 * 1000) + (nanos % 1000 == 0 ? 1000 : 0));
              return List.of(r);
            });
    List<RuleResult> out = new ArrayList<>();
    CheckContext ctx = context("ws://127.0.0.1:9/cii", s.url(), out);
    Map<String, RuleResult> wc = wc(run(ctx));
    assertThat(wc.get("R-WC-3").status()).isEqualTo(Status.FAIL);
    assertThat(wc.get("R-WC-3").message()).contains("sent originate");
    assertThat(ctx.awaitWallClock(0)).isEmpty();
  }

  @Test
  void aServerThatDiesOnAMalformedDatagramFailsNamingIt() throws Exception {
    boolean[] dead = {false};
    FakeServer s =
        fake(
            (req, n) -> {
              if (dead[0] || req.length != 32 || req[0] != 0 || req[1] != 0) {
                dead[0] = true;
                return List.of();
              }
              return List.of(response(req, WcMessage.Type.RESPONSE, -20));
            });
    Map<String, RuleResult> wc =
        wc(run(context("ws://127.0.0.1:9/cii", s.url(), new ArrayList<>())));
    assertThat(wc.get("R-WC-8").status()).isEqualTo(Status.FAIL);
    assertThat(wc.get("R-WC-8").message()).contains("an 8-byte datagram");
    assertThat(wc.get("R-WC-1").status()).isEqualTo(Status.PASS);
    assertThat(wc.get("R-WC-7").status()).isEqualTo(Status.PASS);
  }

  @Test
  void aType2ResponseWithoutFollowUpWarns() throws Exception {
    FakeServer s =
        fake(
            (req, n) ->
                List.of(
                    response(
                        req,
                        n < 2 ? WcMessage.Type.RESPONSE_WITH_FOLLOW_UP : WcMessage.Type.RESPONSE,
                        -20)));
    Map<String, RuleResult> wc =
        wc(run(context("ws://127.0.0.1:9/cii", s.url(), new ArrayList<>())));
    assertThat(wc.get("R-WC-2").status()).isEqualTo(Status.WARN);
    assertThat(wc.get("R-WC-2").message()).contains("no type-3 follow-up");
  }

  @Test
  void aType2AndItsFollowUpPass() throws Exception {
    FakeServer s =
        fake(
            (req, n) -> {
              byte[] two = response(req, WcMessage.Type.RESPONSE_WITH_FOLLOW_UP, -20);
              WcMessage m = WcMessage.decode(two);
              return List.of(two, m.toFollowUp(Math.max(m.transmitNanos(), now())).encode());
            });
    Map<String, RuleResult> wc =
        wc(run(context("ws://127.0.0.1:9/cii", s.url(), new ArrayList<>())));
    for (String id :
        List.of("R-WC-1", "R-WC-2", "R-WC-3", "R-WC-4", "R-WC-5", "R-WC-7", "R-WC-8")) {
      assertThat(wc.get(id).status()).as(id + ": " + wc.get(id).message()).isEqualTo(Status.PASS);
    }
  }

  @Test
  void aServerThatNeverAnswersFailsWithinTheConnectTimeout() throws Exception {
    FakeServer s = fake((req, n) -> List.of());
    List<RuleResult> out = Collections.synchronizedList(new ArrayList<>());
    CheckContext ctx = context("ws://127.0.0.1:9/cii", s.url(), out);
    long t0 = System.nanoTime();
    WcChecks checks = WcChecks.start(ctx);
    closing.add(checks);
    checks.awaitEnd(Duration.ofSeconds(20));
    long took = System.nanoTime() - t0;
    Map<String, RuleResult> wc = wc(ctx.report(true).results());
    assertThat(took).isLessThan(Duration.ofSeconds(2).toNanos());
    assertThat(wc.get("R-WC-1").status()).isEqualTo(Status.FAIL);
    assertThat(wc.get("R-WC-1").message()).contains("no response");
    assertThat(wc.values().stream().filter(r -> !r.id().equals("R-WC-1")))
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.INFO));
    assertThat(ctx.awaitWallClock(0)).isEmpty();
  }

  // ---------------------------------------------------------------- a scriptable server

  /** What the server sends back for the n-th datagram it receives (counting from 0). */
  interface Behaviour {
    List<byte[]> reply(byte[] datagram, int n) throws Exception;
  }

  private static long now() {
    return System.nanoTime() + 1_000_000_000_000L;
  }

  /** A response of the given type and precision, clock = nanoTime + 1000 s, 500 ppm declared. */
  static byte[] response(byte[] request, WcMessage.Type type, int precision) {
    WcMessage req = WcMessage.decode(request);
    long t2 = now();
    return req.toResponse(type, precision, 500 * 256, t2, Math.max(t2, now())).encode();
  }

  private FakeServer fake(Behaviour b) throws IOException {
    FakeServer s = new FakeServer(b);
    closing.add(s);
    return s;
  }

  /** A UDP server on 127.0.0.1 with a script. */
  static final class FakeServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;

    FakeServer(Behaviour behaviour) throws IOException {
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      thread =
          new Thread(
              () -> {
                byte[] buf = new byte[2048];
                int n = 0;
                while (!socket.isClosed()) {
                  DatagramPacket p = new DatagramPacket(buf, buf.length);
                  try {
                    socket.receive(p);
                    byte[] d = java.util.Arrays.copyOf(p.getData(), p.getLength());
                    List<byte[]> replies;
                    try {
                      replies = behaviour.reply(d, n++);
                    } catch (Exception e) {
                      continue; // an undecodable datagram is ignored
                    }
                    for (byte[] r : replies) {
                      socket.send(new DatagramPacket(r, r.length, p.getSocketAddress()));
                    }
                  } catch (SocketException e) {
                    return;
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "fake-wc-server");
      thread.setDaemon(true);
      thread.start();
    }

    UdpUrl url() {
      return UdpUrl.of(socket.getLocalAddress(), socket.getLocalPort());
    }

    @Override
    public void close() throws InterruptedException {
      socket.close();
      thread.join(2000);
    }
  }
}
