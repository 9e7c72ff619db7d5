package org.dvbcss.net.netsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.cii.CiiServer;
import org.dvbcss.net.testing.JdkWebSocketPeer;
import org.dvbcss.net.wc.WallClockClient;
import org.dvbcss.net.wc.WallClockClientConfig;
import org.dvbcss.net.wc.WallClockServer;
import org.dvbcss.net.wc.WallClockServerConfig;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.dvbcss.protocol.cii.ContentIdStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxies on real sockets, loopback only, ephemeral ports, with real DVB-CSS peers. */
class NetsimLoopbackTest {
  private static final long MS = 1_000_000L;
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final InetSocketAddress ANY_LOOPBACK =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T c) {
    open.add(c);
    return c;
  }

  @Test
  void aWallClockClientThroughAOneLegDelayStaysWithinItsDispersionAtEverySample() throws Exception {
    SysClock serverClock = new SysClock();
    WallClockServer server =
        track(
            WallClockServer.start(
                serverClock, WallClockServerConfig.builder().bind(ANY_LOOPBACK).build()));
    NetsimConfig config =
        NetsimConfig.builder()
            .toServer(LinkImpairment.builder().delayNanos(30 * MS).build())
            .toClient(LinkImpairment.NONE)
            .build();
    Netsim net =
        track(Netsim.start(config, List.of(Netsim.Route.udp(ANY_LOOPBACK, server.localAddress()))));
    CorrelatedClock wall = new CorrelatedClock(new SysClock(), 1e9);
    WallClockClient client =
        track(
            WallClockClient.start(
                net.proxies().get(0).localAddress(), wall, WallClockClientConfig.defaults()));

    await().atMost(WAIT).until(() -> !Double.isInfinite(wall.dispersion()));
    double lastError = 0;
    int samples = 0;
    long end = System.nanoTime() + 3_000 * MS;
    while (System.nanoTime() < end) {
      double dispersionNanos = wall.dispersion() * 1e9;
      double before = serverClock.ticks();
      double estimated = wall.ticks();
      double after = serverClock.ticks();
      double error = Math.max(Math.abs(estimated - before), Math.abs(estimated - after));
      assertThat(error)
          .as("sample %d: |estimate - server| vs dispersion %.0f ns", samples, dispersionNanos)
          .isLessThanOrEqualTo(dispersionNanos + (after - before));
      lastError = estimated - (before + after) / 2;
      samples++;
      Thread.sleep(10);
    }
    assertThat(samples).isGreaterThan(100);
    // half the asymmetry: the late requests put the estimate about 15 ms ahead of the server
    assertThat(lastError / 1e6).isBetween(10.0, 20.0);
    client.close();
    Thread.sleep(100); // the last request reaches the server
    LinkCounters up = net.counters(Direction.TO_SERVER);
    assertThat(up.forwarded()).isPositive();
    assertThat(up.delayed()).isEqualTo(up.forwarded());
    assertThat(net.counters(Direction.TO_CLIENT).delayed()).isZero();
    assertThat(server.counters().answered()).isEqualTo(up.forwarded());
  }

  @Test
  void lossAndDuplicationCountersMatchWhatEachEndSees() throws Exception {
    DatagramSocket echo = track(new DatagramSocket(0, InetAddress.getLoopbackAddress()));
    AtomicInteger echoed = new AtomicInteger();
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[64];
              try {
                while (true) {
                  DatagramPacket p = new DatagramPacket(buf, buf.length);
                  echo.receive(p);
                  echoed.incrementAndGet();
                  echo.send(p);
                }
              } catch (IOException e) {
                // closed
              }
            });
    t.setDaemon(true);
    t.start();
    NetsimConfig config =
        NetsimConfig.builder()
            .toServer(LinkImpairment.builder().loss(0.3).build())
            .toClient(LinkImpairment.builder().duplicate(0.3).build())
            .seed(11)
            .build();
    UdpProxy proxy =
        track(
            UdpProxy.start(config, ANY_LOOPBACK, (InetSocketAddress) echo.getLocalSocketAddress()));
    int sent = 400;
    AtomicInteger received = new AtomicInteger();
    try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      client.setSoTimeout(500);
      // read while sending: a socket buffer holds only a few hundred small datagrams
      Thread reader =
          new Thread(
              () -> {
                DatagramPacket p = new DatagramPacket(new byte[64], 64);
                try {
                  while (true) {
                    client.receive(p);
                    received.incrementAndGet();
                  }
                } catch (IOException e) {
                  // quiet for 500 ms: all in
                }
              });
      reader.start();
      for (int i = 0; i < sent; i++) {
        byte[] b = ("n" + i).getBytes(StandardCharsets.US_ASCII);
        client.send(new DatagramPacket(b, b.length, proxy.localAddress()));
        Thread.sleep(1);
      }
      reader.join(10_000);
    }
    LinkCounters up = proxy.counters(Direction.TO_SERVER);
    LinkCounters down = proxy.counters(Direction.TO_CLIENT);
    assertThat(up.forwarded() + up.dropped()).isEqualTo(sent);
    assertThat(up.dropped()).isBetween(80L, 160L); // 30% of 400, about 9 either way per sd
    assertThat(echoed.get()).isEqualTo(up.forwarded());
    assertThat(down.forwarded()).isEqualTo(echoed.get());
    assertThat(down.duplicated()).isBetween(40L, 140L);
    assertThat(received.get()).isEqualTo(down.forwarded() + down.duplicated());
    assertThat(proxy.clients()).isEqualTo(1);
  }

  @Test
  void aUdpOutageDropsWhatArrivesDuringItAndCountsIt() throws Exception {
    DatagramSocket echo = track(new DatagramSocket(0, InetAddress.getLoopbackAddress()));
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[64];
              try {
                while (true) {
                  DatagramPacket p = new DatagramPacket(buf, buf.length);
                  echo.receive(p);
                  echo.send(p);
                }
              } catch (IOException e) {
                // closed
              }
            });
    t.setDaemon(true);
    t.start();
    NetsimConfig config =
        NetsimConfig.builder().script(Script.parse("from 0.3s to 0.7s to-server outage")).build();
    Netsim net =
        track(
            Netsim.start(
                config,
                List.of(
                    Netsim.Route.udp(
                        ANY_LOOPBACK, (InetSocketAddress) echo.getLocalSocketAddress()))));
    InetSocketAddress proxy = net.proxies().get(0).localAddress();
    List<Long> sentAt = new ArrayList<>();
    boolean[] back = new boolean[400];
    try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      client.setSoTimeout(500);
      Thread reader =
          new Thread(
              () -> {
                DatagramPacket p = new DatagramPacket(new byte[64], 64);
                try {
                  while (true) {
                    client.receive(p);
                    String n = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
                    back[Integer.parseInt(n)] = true;
                  }
                } catch (IOException e) {
                  // quiet for 500 ms: all in
                }
              });
      reader.start();
      for (int i = 0; i < back.length && net.elapsedNanos() < 1_000 * MS; i++) {
        byte[] b = String.valueOf(i).getBytes(StandardCharsets.US_ASCII);
        sentAt.add(net.elapsedNanos());
        client.send(new DatagramPacket(b, b.length, proxy));
        Thread.sleep(4);
      }
      reader.join(10_000);
    }
    int lost = 0;
    for (int i = 0; i < sentAt.size(); i++) {
      long e = sentAt.get(i);
      if (e >= 300 * MS && e < 650 * MS) {
        assertThat(back[i]).as("sent at %d ms, in the outage", e / MS).isFalse();
      }
      if (e < 250 * MS || e >= 700 * MS) {
        assertThat(back[i]).as("sent at %d ms, outside it", e / MS).isTrue();
      }
      if (!back[i]) {
        lost++;
      }
    }
    assertThat(lost).isPositive();
    assertThat(net.counters(Direction.TO_SERVER).dropped()).isEqualTo(lost);
    assertThat(net.counters(Direction.TO_SERVER).forwarded()).isEqualTo(sentAt.size() - lost);
    assertThat(net.counters(Direction.TO_CLIENT).dropped()).isZero();
  }

  @Test
  void aCiiChangeThroughTheTcpProxyArrivesAndNotBeforeTheDelay() throws Exception {
    CiiServer cii =
        new CiiServer(
            Cii.builder()
                .protocolVersion(Cii.PROTOCOL_VERSION)
                .contentId("dvb://233a.1004.1044")
                .contentIdStatus(ContentIdStatus.FINAL)
                .build(),
            EnumSet.noneOf(CiiProperty.class));
    WebSocketServer ws =
        track(
            WebSocketServer.builder()
                .config(WebSocketServerConfig.builder().bind(ANY_LOOPBACK).build())
                .endpoint(CiiServer.PATH, cii)
                .start());
    long delay = 150 * MS;
    NetsimConfig config =
        NetsimConfig.builder().toClient(LinkImpairment.builder().delayNanos(delay).build()).build();
    Netsim net =
        track(Netsim.start(config, List.of(Netsim.Route.tcp(ANY_LOOPBACK, ws.localAddress()))));
    int port = net.proxies().get(0).localAddress().getPort();
    JdkWebSocketPeer peer =
        track(new JdkWebSocketPeer(URI.create("ws://127.0.0.1:" + port + CiiServer.PATH)));
    assertThat(Cii.decode(peer.next()).contentId().value()).isEqualTo("dvb://233a.1004.1044");

    long before = System.nanoTime();
    cii.update(Cii.builder().contentId("dvb://233a.1168.122a").build());
    String change = peer.next();
    long took = System.nanoTime() - before;
    assertThat(Cii.decode(change).contentId().value()).isEqualTo("dvb://233a.1168.122a");
    assertThat(took).isGreaterThanOrEqualTo(delay);
    LinkCounters down = net.counters(Direction.TO_CLIENT);
    assertThat(down.forwarded()).isEqualTo(down.delayed()).isPositive();
    assertThat(net.counters(Direction.TO_SERVER).delayed()).isZero();
  }

  /** Echoes each connection's bytes and closes when the peer does; counts what it saw. */
  private static final class TcpEcho implements AutoCloseable {
    final ServerSocket server;
    final AtomicInteger endsSeen = new AtomicInteger();

    TcpEcho() throws IOException {
      server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
      Thread t = new Thread(this::run, "echo");
      t.setDaemon(true);
      t.start();
    }

    private void run() {
      try {
        while (true) {
          Socket s = server.accept();
          Thread c =
              new Thread(
                  () -> {
                    try (s) {
                      s.getInputStream().transferTo(s.getOutputStream());
                      endsSeen.incrementAndGet();
                    } catch (IOException e) {
                      // reset
                    }
                  });
          c.setDaemon(true);
          c.start();
        }
      } catch (IOException e) {
        // closed
      }
    }

    InetSocketAddress address() {
      return (InetSocketAddress) server.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  private static byte[] readN(InputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    assertThat(b).hasSize(n);
    return b;
  }

  @Test
  void aTcpOutageHoldsTheBytesUntilItsEndThenTheConnectionCarriesOnAndClosesCleanly()
      throws Exception {
    TcpEcho echo = track(new TcpEcho());
    NetsimConfig config =
        NetsimConfig.builder()
            .delayNanos(5 * MS)
            .script(Script.parse("from 0.4s to 1.2s outage"))
            .build();
    Netsim net =
        track(Netsim.start(config, List.of(Netsim.Route.tcp(ANY_LOOPBACK, echo.address()))));
    TcpProxy proxy = (TcpProxy) net.proxies().get(0);
    byte[] big = new byte[200_000];
    Arrays.fill(big, (byte) 'x');
    big[big.length - 1] = 'y';
    try (Socket s = new Socket()) {
      s.connect(proxy.localAddress(), 2_000);
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write("before".getBytes(StandardCharsets.US_ASCII));
      assertThat(new String(readN(in, 6), StandardCharsets.US_ASCII)).isEqualTo("before");
      await().atMost(WAIT).until(() -> net.elapsedNanos() > 500 * MS);
      out.write("during".getBytes(StandardCharsets.US_ASCII));
      byte[] during = readN(in, 6);
      long at = net.elapsedNanos();
      assertThat(new String(during, StandardCharsets.US_ASCII)).isEqualTo("during");
      // held to the end of the outage, then one delay on each leg
      assertThat(at).isGreaterThanOrEqualTo(1_200 * MS + 5 * MS);
      Thread writer =
          new Thread(
              () -> {
                try {
                  out.write(big);
                  s.shutdownOutput();
                } catch (IOException e) {
                  // the read below fails
                }
              });
      writer.start();
      assertThat(readN(in, big.length)).isEqualTo(big);
      assertThat(in.read()).as("the close passed on after the bytes").isEqualTo(-1);
      writer.join(5_000);
    }
    await().atMost(WAIT).until(() -> echo.endsSeen.get() == 1);
    await().atMost(WAIT).until(() -> proxy.connections().active() == 0);
    TcpProxy.Connections c = proxy.connections();
    assertThat(c.accepted()).isEqualTo(1);
    assertThat(c.reset()).isZero();
    assertThat(net.counters(Direction.TO_SERVER).dropped()).isZero();
    assertThat(net.counters(Direction.TO_SERVER).bytes()).isEqualTo(6 + 6 + big.length);
    assertThat(net.counters(Direction.TO_CLIENT).bytes()).isEqualTo(6 + 6 + big.length);
  }

  @Test
  void aResetOutageResetsOpenConnectionsAndRefusesNewOnesUntilItEnds() throws Exception {
    TcpEcho echo = track(new TcpEcho());
    NetsimConfig config =
        NetsimConfig.builder()
            .script(Script.parse("from 0.3s to 0.9s outage"))
            .tcpOutage(NetsimConfig.TcpOutage.RESET)
            .build();
    long start = System.nanoTime(); // before the proxy's: a lower bound on its script time
    TcpProxy proxy = track(TcpProxy.start(config, ANY_LOOPBACK, echo.address()));
    try (Socket s = new Socket()) {
      s.connect(proxy.localAddress(), 2_000);
      s.setSoTimeout(5_000);
      s.getOutputStream().write(1);
      assertThat(s.getInputStream().read()).isEqualTo(1);
      assertThat(readFails(s)).as("reset by the outage").isTrue();
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(300 * MS);
    }
    await().atMost(WAIT).until(() -> proxy.connections().reset() >= 1);
    await().atMost(WAIT).until(() -> System.nanoTime() - start > 1_200 * MS);
    try (Socket s = new Socket()) {
      s.connect(proxy.localAddress(), 2_000);
      s.setSoTimeout(5_000);
      s.getOutputStream().write(2);
      assertThat(s.getInputStream().read()).as("up again").isEqualTo(2);
    }
  }

  /** Whether the next read ends the stream or fails (a reset); a timeout is not an end. */
  private static boolean readFails(Socket s) {
    try {
      return s.getInputStream().read() < 0;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void aTargetThatDoesNotAnswerClosesTheClientAndIsCounted() throws Exception {
    InetSocketAddress nobody;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nobody = (InetSocketAddress) free.getLocalSocketAddress();
    }
    TcpProxy proxy = track(TcpProxy.start(NetsimConfig.builder().build(), ANY_LOOPBACK, nobody));
    try (Socket s = new Socket()) {
      s.connect(proxy.localAddress(), 2_000);
      s.setSoTimeout(5_000);
      assertThat(readFails(s)).isTrue();
    }
    await().atMost(WAIT).until(() -> proxy.connections().upstreamFailed() == 1);
    assertThat(proxy.connections().active()).isZero();
  }

  /**
   * The proxy's own added delay on loopback: UDP round trips direct and through an unimpaired
   * proxy, medians compared. Printed for docs/netsim.md; the bound only catches a broken release.
   */
  @Test
  void theProxysOwnDelayOnLoopbackIsSmall() throws Exception {
    DatagramSocket echo = track(new DatagramSocket(0, InetAddress.getLoopbackAddress()));
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[64];
              try {
                while (true) {
                  DatagramPacket p = new DatagramPacket(buf, buf.length);
                  echo.receive(p);
                  echo.send(p);
                }
              } catch (IOException e) {
                // closed
              }
            });
    t.setDaemon(true);
    t.start();
    InetSocketAddress direct = (InetSocketAddress) echo.getLocalSocketAddress();
    UdpProxy proxy = track(UdpProxy.start(NetsimConfig.builder().build(), ANY_LOOPBACK, direct));
    long directMedian = medianRoundTrip(direct, 500);
    long proxiedMedian = medianRoundTrip(proxy.localAddress(), 500);
    long added = proxiedMedian - directMedian;
    System.out.printf(
        "netsim loopback: UDP round trip median direct %d us, through the proxy %d us, added %d"
            + " us (both legs)%n",
        directMedian / 1000, proxiedMedian / 1000, added / 1000);
    assertThat(added).isLessThan(5 * MS);
  }

  private static long medianRoundTrip(InetSocketAddress to, int n) throws IOException {
    long[] rtt = new long[n];
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout(1_000);
      byte[] b = new byte[32];
      DatagramPacket reply = new DatagramPacket(new byte[64], 64);
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        s.send(new DatagramPacket(b, b.length, to));
        s.receive(reply);
        rtt[i] = System.nanoTime() - t0;
      }
    }
    Arrays.sort(rtt);
    return rtt[n / 2];
  }
}
