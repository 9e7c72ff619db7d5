package org.dvbcss.net.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.wc.WallClockServerCore.DropReason;
import org.dvbcss.protocol.wc.WcMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The per-source rate limit on real sockets, on loopback. */
class WallClockRateLimitTest {
  /** The transport the servers of these tests run on. */
  WallClockServerConfig.Transport transport() {
    return WallClockServerConfig.Transport.AUTO; // native sockets where built, else blocking
  }

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final SysClock clock = new SysClock();
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

  private DatagramSocket socketOn(String address) throws IOException {
    DatagramSocket socket = track(new DatagramSocket(new InetSocketAddress(address, 0)));
    socket.setSoTimeout(5000);
    return socket;
  }

  private static boolean canBind(String address) {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, 0))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Sends requests in small batches, each handled before the next, and counts the answers. */
  private static int flood(WallClockServer server, DatagramSocket socket, int count)
      throws IOException {
    long handledBefore = handled(server);
    for (int i = 0; i < count; i++) {
      byte[] request = WcMessage.request(i).encode();
      socket.send(new DatagramPacket(request, request.length, server.localAddress()));
      if (i % 20 == 19 || i == count - 1) {
        long target = handledBefore + i + 1;
        await()
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(1))
            .atMost(WAIT)
            .until(() -> handled(server) == target);
      }
    }
    return drain(socket);
  }

  /** Counts what has come back to a socket (all of it was sent before this is called). */
  private static int drain(DatagramSocket socket) throws IOException {
    int answers = 0;
    socket.setSoTimeout(200);
    try {
      while (true) {
        socket.receive(new DatagramPacket(new byte[64], 64));
        answers++;
      }
    } catch (SocketTimeoutException drained) {
      socket.setSoTimeout(5000);
    }
    return answers;
  }

  private static long handled(WallClockServer server) {
    return server.counters().answered() + server.counters().droppedTotal();
  }

  private static WcMessage ask(WallClockServer server, DatagramSocket socket, long originate)
      throws IOException {
    byte[] request = WcMessage.request(originate).encode();
    socket.send(new DatagramPacket(request, request.length, server.localAddress()));
    DatagramPacket packet = new DatagramPacket(new byte[64], 64);
    socket.receive(packet);
    return WcMessage.decode(packet.getData(), 0, packet.getLength());
  }

  @Test
  void aFloodingAddressIsLimitedWhileAnotherIsStillAnsweredFully() throws IOException {
    Assumptions.assumeTrue(canBind("127.0.0.2"), "127.0.0.2 is not a loopback address here");
    int burst = 5;
    double rate = 2;
    WallClockServer server =
        track(
            WallClockServer.start(
                clock,
                WallClockServerConfig.builder()
                    .transport(transport())
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .rateLimit(rate, burst)
                    .build()));
    DatagramSocket flooder = socketOn("127.0.0.1");
    DatagramSocket sameAddressOtherPort = socketOn("127.0.0.1");
    DatagramSocket other = socketOn("127.0.0.2");

    long start = System.nanoTime();
    int floodAnswers = flood(server, flooder, 200);
    // another port on the same address shares its bucket
    int sameAddressAnswers = flood(server, sameAddressOtherPort, 20);
    double seconds = (System.nanoTime() - start) / 1e9;

    // the burst, plus what refilled while the test ran (however slow the machine)
    assertThat(floodAnswers + sameAddressAnswers)
        .isGreaterThanOrEqualTo(burst)
        .isLessThanOrEqualTo(burst + (int) Math.ceil(seconds * rate));
    long limited = server.counters().dropped().get(DropReason.RATE_LIMITED);
    assertThat(limited).isEqualTo(220 - floodAnswers - sameAddressAnswers);

    // another address is answered every time, correctly, while the flooder is still limited
    for (int i = 1; i <= burst; i++) {
      assertThat(ask(server, other, 1000L * i).originateNanos()).isEqualTo(1000L * i);
      byte[] request = WcMessage.request(i).encode();
      flooder.send(new DatagramPacket(request, request.length, server.localAddress()));
    }
    await().atMost(WAIT).until(() -> handled(server) == 220 + 2L * burst);
    int laterFloodAnswers = drain(flooder);
    double allSeconds = (System.nanoTime() - start) / 1e9;
    assertThat(floodAnswers + sameAddressAnswers + laterFloodAnswers)
        .isLessThanOrEqualTo(burst + (int) Math.ceil(allSeconds * rate));
    assertThat(server.counters().answered())
        .isEqualTo(floodAnswers + sameAddressAnswers + laterFloodAnswers + burst);
    assertThat(server.counters().dropped().get(DropReason.RATE_LIMITED)).isGreaterThan(limited);
    assertThat(server.counters().droppedTotal())
        .isEqualTo(server.counters().dropped().get(DropReason.RATE_LIMITED));
    assertThat(server.isRunning()).isTrue();
  }

  @Test
  void withoutALimitEveryRequestIsAnswered() throws IOException {
    WallClockServer server =
        track(
            WallClockServer.start(
                clock,
                WallClockServerConfig.builder()
                    .transport(transport())
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .build()));
    assertThat(flood(server, socketOn("127.0.0.1"), 100)).isEqualTo(100);
    assertThat(server.counters().droppedTotal()).isZero();
  }

  @Test
  void theBuilderRejectsNonsense() {
    WallClockServerConfig.Builder builder = WallClockServerConfig.builder();
    assertThatThrownBy(() -> builder.rateLimit(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate");
    assertThatThrownBy(() -> builder.rateLimit(10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("burst");
  }
}
