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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.wc.WallClockServerCore.DropReason;
import org.dvbcss.protocol.wc.WcMessage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Client and server on real sockets, on loopback only, with ephemeral ports. */
class WallClockLoopbackTest {
  /** The transport the servers of these tests run on. */
  WallClockServerConfig.Transport transport() {
    return WallClockServerConfig.Transport.AUTO; // native sockets where built, else blocking
  }

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
        WallClockServer.start(
            serverClock,
            WallClockServerConfig.builder()
                .transport(transport())
                .bind(new InetSocketAddress(InetAddress.getByName(address), 0))
                .followUp(followUp)
                .threads(threads)
                .build()));
  }

  private CorrelatedClock followWith(InetSocketAddress server) throws IOException {
    CorrelatedClock wall = new CorrelatedClock(localClock, 1e9);
    track(WallClockClient.start(server, wall, WallClockClientConfig.defaults()));
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

  /** The drop reason the server must give a datagram: an oracle written apart from the server. */
  private static @Nullable DropReason expectedDrop(byte[] datagram) {
    if (datagram.length != 32) {
      return DropReason.WRONG_LENGTH;
    }
    if (datagram[0] != 0) {
      return DropReason.WRONG_VERSION;
    }
    int type = datagram[1] & 0xFF;
    return type == 0 ? null : type <= 3 ? DropReason.NOT_A_REQUEST : DropReason.UNKNOWN_TYPE;
  }

  /**
   * Every kind of bad datagram: every wrong size up to 64 bytes and two large ones, every wrong
   * version, every type but a request (responses included), random bytes.
   */
  private static List<byte[]> malformedDatagrams(Random random) {
    List<byte[]> bad = new ArrayList<>();
    for (int size = 0; size <= 64; size++) {
      if (size != 32) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        bad.add(b);
      }
    }
    bad.add(new byte[1472]); // a full Ethernet payload
    for (int version = 1; version <= 255; version++) {
      byte[] b = WcMessage.request(random.nextLong() & 0xFFFF_FFFFL).encode();
      b[0] = (byte) version;
      bad.add(b);
    }
    for (int type = 1; type <= 255; type++) {
      byte[] b = WcMessage.request(random.nextLong() & 0xFFFF_FFFFL).encode();
      b[1] = (byte) type;
      bad.add(b);
    }
    for (int i = 0; i < 300; i++) {
      byte[] b = new byte[random.nextBoolean() ? 32 : random.nextInt(65)];
      random.nextBytes(b);
      if (expectedDrop(b) == null) {
        b[0] = 1; // random bytes that happen to make a request are not malformed; keep them bad
      }
      bad.add(b);
    }
    return bad;
  }

  @ParameterizedTest(name = "threads={0}")
  @ValueSource(ints = {1, 2})
  void aFloodOfMalformedDatagramsIsCountedExactlyAndNeverStopsTheServer(int threads)
      throws IOException {
    WallClockServer server = server("127.0.0.1", false, threads);
    InetSocketAddress to = server.localAddress();
    List<DatagramSocket> sockets = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      DatagramSocket socket = track(new DatagramSocket(0, InetAddress.getLoopbackAddress()));
      socket.setSoTimeout(5000);
      sockets.add(socket);
    }
    List<byte[]> bad = malformedDatagrams(new Random(threads));
    bad.add(1 + bad.size() / 2, new byte[65_507]); // the largest UDP payload over IPv4
    Map<DropReason, Long> expected = new EnumMap<>(DropReason.class);
    for (DropReason reason : DropReason.values()) {
      expected.put(reason, 0L);
    }
    long sent = 0;
    for (int i = 0; i < bad.size(); i++) {
      byte[] datagram = bad.get(i);
      try {
        sockets.get(i % sockets.size()).send(new DatagramPacket(datagram, datagram.length, to));
      } catch (IOException e) {
        // the OS refused to send it (only the 65,507-byte datagram might be): not sent, not counted
        assertThat(datagram.length).as("refused: %s", e).isGreaterThan(1472);
        continue;
      }
      expected.merge(expectedDrop(datagram), 1L, Long::sum);
      sent++;
      // a bounded number in flight, so the server's receive buffer never overflows
      if (sent % 32 == 0 || datagram.length > 1472) {
        long target = sent;
        await()
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(1))
            .atMost(WAIT)
            .until(() -> server.counters().droppedTotal() == target);
      }
    }
    long total = sent;
    await().atMost(WAIT).until(() -> server.counters().droppedTotal() == total);
    assertThat(total).isGreaterThanOrEqualTo(bad.size() - 1);
    assertThat(server.counters().dropped()).isEqualTo(expected);
    assertThat(server.counters().answered()).isZero();

    // every socket is still answered, correctly
    for (int i = 0; i < sockets.size(); i++) {
      DatagramSocket socket = sockets.get(i);
      long originate = 1_000_000_007L * (i + 1);
      byte[] good = WcMessage.request(originate).encode();
      double before = serverClock.ticks();
      socket.send(new DatagramPacket(good, good.length, to));
      WcMessage answer = receive(socket);
      double after = serverClock.ticks();
      assertThat(answer.type()).isEqualTo(WcMessage.Type.RESPONSE);
      assertThat(answer.originateWire()).isEqualTo(WcMessage.request(originate).originateWire());
      assertThat((double) answer.receiveNanos()).isBetween(Math.floor(before), Math.ceil(after));
      assertThat((double) answer.transmitNanos())
          .isBetween((double) answer.receiveNanos(), Math.ceil(after));
    }
    // and nothing else came back: no malformed datagram was answered
    for (DatagramSocket socket : sockets) {
      socket.setSoTimeout(200);
      assertNothingReceived(socket);
    }
    assertThat(server.counters().answered()).isEqualTo(sockets.size());
    assertThat(server.counters().sendFailures()).isZero();
    assertThat(server.isRunning()).isTrue();
  }

  /**
   * No amplification: whatever is sent, each datagram that comes back is at most as large as the
   * request that caused it, and only 32-byte requests get anything: one datagram, or two in
   * follow-up mode.
   */
  @ParameterizedTest(name = "followUp={0}")
  @ValueSource(booleans = {false, true})
  void noDatagramComesBackLargerThanItsRequest(boolean followUp) throws IOException {
    WallClockServer server = server("127.0.0.1", followUp, 1);
    DatagramSocket socket = track(new DatagramSocket(0, InetAddress.getLoopbackAddress()));
    Random random = new Random(followUp ? 1 : 2);
    List<byte[]> datagrams = malformedDatagrams(random);
    int requests = 40;
    for (int i = 0; i < requests; i++) {
      byte[] request = new byte[32];
      random.nextBytes(request); // only version and type make a request; the rest is anything
      request[0] = 0;
      request[1] = 0;
      datagrams.add(random.nextInt(datagrams.size()), request);
    }
    long bytesIn = 0;
    long requestBytesIn = 0;
    for (int i = 0; i < datagrams.size(); i++) {
      byte[] d = datagrams.get(i);
      socket.send(new DatagramPacket(d, d.length, server.localAddress()));
      bytesIn += d.length;
      requestBytesIn += expectedDrop(d) == null ? d.length : 0;
      if (i % 32 == 31) {
        long handled = i + 1;
        await()
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(1))
            .atMost(WAIT)
            .until(
                () -> server.counters().answered() + server.counters().droppedTotal() == handled);
      }
    }
    await().atMost(WAIT).until(() -> server.counters().answered() == requests);
    int perRequest = followUp ? 2 : 1;
    long packetsOut = 0;
    long bytesOut = 0;
    socket.setSoTimeout(5000);
    for (int i = 0; i < requests * perRequest; i++) {
      DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
      socket.receive(packet);
      assertThat(packet.getLength()).isEqualTo(WcMessage.SIZE);
      packetsOut++;
      bytesOut += packet.getLength();
    }
    socket.setSoTimeout(200);
    assertNothingReceived(socket);
    assertThat(packetsOut).isEqualTo((long) perRequest * requests);
    assertThat(bytesOut).isEqualTo(perRequest * requestBytesIn).isLessThan(bytesIn);
    assertThat(server.counters().droppedTotal()).isEqualTo(datagrams.size() - requests);
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
    WallClockClient client =
        track(WallClockClient.start(address, wall, WallClockClientConfig.defaults()));

    await().atMost(WAIT).until(() -> client.counters().timedOut() >= 2);
    assertThat(wall.dispersion()).isInfinite();

    track(
        WallClockServer.start(
            serverClock,
            WallClockServerConfig.builder().transport(transport()).bind(address).build()));
    await().atMost(WAIT).until(() -> wall.dispersion() < 0.01);
    assertWithinDispersion(wall, serverClock);
  }

  @Test
  void clientIgnoresDatagramsFromAnyoneButTheServer() throws IOException {
    WallClockServer server = server("127.0.0.1", false, 1);
    CorrelatedClock wall = new CorrelatedClock(localClock, 1e9);
    WallClockClient client =
        track(WallClockClient.start(server.localAddress(), wall, WallClockClientConfig.defaults()));
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
