package org.dvbcss.net.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.wc.WallClockServerCore.DropReason;
import org.dvbcss.protocol.wc.WcMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Client and server on real sockets, on loopback only, with ephemeral ports. */
class WallClockLoopbackTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final SysClock serverClock = new SysClock();
  private final SysClock localClock = new SysClock();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T track(T closeable) {
    open.add(closeable);
    return closeable;
  }

  private WallClockServer server(String address, boolean followUp, int threads) throws IOException {
    return track(
        WallClockServer.builder(serverClock)
            .bind(new InetSocketAddress(InetAddress.getByName(address), 0))
            .followUp(followUp)
            .threads(threads)
            .start());
  }

  private CorrelatedClock followWith(InetSocketAddress server) throws IOException {
    CorrelatedClock wall = new CorrelatedClock(localClock, 1e9);
    track(WallClockClient.builder(server, wall).start());
    return wall;
  }

  /** Reads both clocks at (nearly) one instant: the error bound must cover the difference. */
  private static void assertWithinDispersion(CorrelatedClock estimate, SysClock truth) {
    double dispersionNanos = estimate.dispersion() * 1e9;
    double before = truth.ticks();
    double estimated = estimate.ticks();
    double after = truth.ticks();
    // the true value at the estimate's read lies in [before, after]
    double error = Math.max(Math.abs(estimated - before), Math.abs(estimated - after));
    assertThat(error)
        .as("|estimate - server| vs dispersion %.0f ns", dispersionNanos)
        .isLessThanOrEqualTo(dispersionNanos + (after - before));
  }

  @Test
  void clientConvergesOnServerWithinItsOwnErrorBound() throws IOException {
    WallClockServer server = server("127.0.0.1", false, 1);
    assertThat(server.url()).startsWith("udp://127.0.0.1:").doesNotEndWith(":0");

    CorrelatedClock wall = followWith(server.localAddress());

    await().atMost(WAIT).until(() -> wall.dispersion() < 0.01);
    assertWithinDispersion(wall, serverClock);
    assertThat(server.counters().answered()).isPositive();
    assertThat(server.counters().droppedTotal()).isZero();
  }

  @Test
  void followUpModeAnswersWithTypeTwoThenTypeThree() throws IOException {
    WallClockServer server = server("127.0.0.1", true, 1);
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout(5000);
      byte[] request = WcMessage.request(123_456_789L).encode();
      socket.send(new DatagramPacket(request, request.length, server.localAddress()));

      WcMessage first = receive(socket);
      WcMessage second = receive(socket);

      assertThat(first.type()).isEqualTo(WcMessage.Type.RESPONSE_WITH_FOLLOW_UP);
      assertThat(second.type()).isEqualTo(WcMessage.Type.FOLLOW_UP);
      assertThat(second.originateNanos()).isEqualTo(123_456_789L);
      assertThat(second.receiveNanos()).isEqualTo(first.receiveNanos());
      assertThat(second.transmitNanos()).isGreaterThanOrEqualTo(first.transmitNanos());
    }
    CorrelatedClock wall = followWith(server.localAddress());
    await().atMost(WAIT).until(() -> wall.dispersion() < 0.01);
    assertWithinDispersion(wall, serverClock);
  }

  private static WcMessage receive(DatagramSocket socket) throws IOException {
    DatagramPacket packet = new DatagramPacket(new byte[64], 64);
    socket.receive(packet);
    assertThat(packet.getLength()).isEqualTo(WcMessage.SIZE);
    return WcMessage.decode(packet.getData(), 0, packet.getLength());
  }

  @Test
  void badDatagramsAreCountedDroppedAndNeverStopTheServer() throws IOException {
    WallClockServer server = server("127.0.0.1", false, 1);
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout(300);
      InetSocketAddress to = server.localAddress();
      byte[] wrongVersion = WcMessage.request(1).encode();
      wrongVersion[0] = 7;
      byte[] response = WcMessage.request(1).encode();
      response[1] = 1;
      byte[] unknownType = WcMessage.request(1).encode();
      unknownType[1] = 9;
      List<byte[]> bad =
          List.of(new byte[0], new byte[31], new byte[33], wrongVersion, response, unknownType);
      for (byte[] datagram : bad) {
        socket.send(new DatagramPacket(datagram, datagram.length, to));
      }
      await().atMost(WAIT).until(() -> server.counters().droppedTotal() == bad.size());
      assertThat(server.counters().dropped())
          .containsEntry(DropReason.WRONG_LENGTH, 3L)
          .containsEntry(DropReason.WRONG_VERSION, 1L)
          .containsEntry(DropReason.NOT_A_REQUEST, 1L)
          .containsEntry(DropReason.UNKNOWN_TYPE, 1L);
      assertNothingReceived(socket);

      byte[] good = WcMessage.request(42).encode();
      socket.setSoTimeout(5000);
      socket.send(new DatagramPacket(good, good.length, to));
      WcMessage answer = receive(socket);
      assertThat(answer.type()).isEqualTo(WcMessage.Type.RESPONSE);
      assertThat(answer.originateNanos()).isEqualTo(42);
    }
    assertThat(server.isRunning()).isTrue();
  }

  private static void assertNothingReceived(DatagramSocket socket) throws IOException {
    try {
      socket.receive(new DatagramPacket(new byte[64], 64));
      throw new AssertionError("a bad datagram was answered");
    } catch (SocketTimeoutException expected) {
      // nothing came back
    }
  }

  @Test
  void servesIpv6Loopback() throws IOException {
    Assumptions.assumeTrue(ipv6LoopbackWorks(), "no IPv6 loopback on this machine");
    WallClockServer server = server("::1", false, 1);
    assertThat(server.url()).startsWith("udp://[::1]:");
    CorrelatedClock wall = followWith(server.localAddress());
    await().atMost(WAIT).until(() -> wall.dispersion() < 0.01);
    assertWithinDispersion(wall, serverClock);
  }

  private static boolean ipv6LoopbackWorks() {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("::1", 0))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void severalThreadsShareOnePort() throws IOException {
    WallClockServer server = server("127.0.0.1", false, 2);
    CorrelatedClock first = followWith(server.localAddress());
    CorrelatedClock second = followWith(server.localAddress());
    CorrelatedClock third = followWith(server.localAddress());
    await()
        .atMost(WAIT)
        .until(
            () ->
                first.dispersion() < 0.01
                    && second.dispersion() < 0.01
                    && third.dispersion() < 0.01);
    assertWithinDispersion(third, serverClock);
  }

  @Test
  void clientWithNoServerStaysUnboundedThenConvergesWhenOneStarts() throws IOException {
    int port;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    CorrelatedClock wall = new CorrelatedClock(localClock, 1e9);
    WallClockClient client = track(WallClockClient.builder(address, wall).start());

    await().atMost(WAIT).until(() -> client.counters().timedOut() >= 2);
    assertThat(wall.dispersion()).isInfinite();

    track(WallClockServer.builder(serverClock).bind(address).start());
    await().atMost(WAIT).until(() -> wall.dispersion() < 0.01);
    assertWithinDispersion(wall, serverClock);
  }

  @Test
  void clientIgnoresDatagramsFromAnyoneButTheServer() throws IOException {
    WallClockServer server = server("127.0.0.1", false, 1);
    CorrelatedClock wall = new CorrelatedClock(localClock, 1e9);
    WallClockClient client = track(WallClockClient.builder(server.localAddress(), wall).start());
    await().atMost(WAIT).until(() -> wall.dispersion() < 0.01);

    // a rogue peer sends well-formed responses claiming a wildly different time
    try (DatagramSocket rogue = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      for (int i = 0; i < 20; i++) {
        WcMessage lie =
            WcMessage.request(i)
                .toResponse(
                    WcMessage.Type.RESPONSE,
                    -20,
                    0,
                    4_000_000_000_000_000_000L,
                    4_000_000_000_000_000_000L);
        byte[] bytes = lie.encode();
        rogue.send(new DatagramPacket(bytes, bytes.length, client.localAddress()));
      }
    }
    long acceptedBefore = client.counters().accepted();
    await().atMost(WAIT).until(() -> client.counters().accepted() >= acceptedBefore + 2);
    assertWithinDispersion(wall, serverClock);
    assertThat(client.counters().malformed() + client.counters().unmatched()).isZero();
  }
}
