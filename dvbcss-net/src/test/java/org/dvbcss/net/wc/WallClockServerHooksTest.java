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
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.wc.WallClockServerCore.DropReason;
import org.dvbcss.protocol.wc.WcMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hooks that make a wall clock server misbehave on purpose, on loopback with raw sockets: each
 * changes exactly what it names, and a server without them answers as always.
 */
class WallClockServerHooksTest {
  /** The transport the servers of these tests run on. */
  WallClockServerConfig.Transport transport() {
    return WallClockServerConfig.Transport.AUTO; // native sockets where built, else blocking
  }

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** How long "never answered" is given to show itself: a bounded wait, not a timed assertion. */
  private static final int SILENCE_MILLIS = 500;

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

  private WallClockServer server(WallClockServerConfig.Builder b) throws IOException {
    return track(
        WallClockServer.start(
            clock,
            b.transport(transport())
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .build()));
  }

  private DatagramSocket socket() throws IOException {
    DatagramSocket s = track(new DatagramSocket(0, InetAddress.getLoopbackAddress()));
    s.setSoTimeout(5000);
    return s;
  }

  private static void send(DatagramSocket s, byte[] datagram, WallClockServer to)
      throws IOException {
    s.send(new DatagramPacket(datagram, datagram.length, to.localAddress()));
  }

  private static byte[] receive(DatagramSocket s) throws IOException {
    DatagramPacket p = new DatagramPacket(new byte[64], 64);
    s.receive(p);
    assertThat(p.getLength()).isEqualTo(WcMessage.SIZE);
    return Arrays.copyOf(p.getData(), p.getLength());
  }

  /** An originate value whose nanoseconds field is not a multiple of 1000, for the rewrite. */
  private static final long ORIGINATE = 1_234L * 1_000_000_000L + 123_456_789L;

  @Test
  void byDefaultNoHookIsOnAndTheConfigurationKeepsThem() {
    WallClockServerConfig d = WallClockServerConfig.defaults();
    assertThat(d.outgoing()).isSameAs(UnaryOperator.<WcMessage>identity());
    assertThat(d.withholdFollowUps()).isFalse();
    assertThat(d.stopAfterMalformed()).isFalse();
    assertThat(d.misbehaves()).isFalse();
    UnaryOperator<WcMessage> rewrite = m -> m;
    WallClockServerConfig c =
        d.toBuilder()
            .outgoing(rewrite)
            .followUp(true)
            .withholdFollowUps(true)
            .stopAfterMalformed(true)
            .build();
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(c.outgoing()).isSameAs(rewrite);
    assertThat(c.misbehaves()).isTrue();
    assertThat(d.toBuilder().stopAfterMalformed(true).build().misbehaves()).isTrue();
    assertThatThrownBy(() -> d.toBuilder().withholdFollowUps(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("followUp");
    assertThatThrownBy(() -> d.toBuilder().outgoing(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void anOutgoingRewriteChangesExactlyWhatItRewritesInTheSentBytes() throws IOException {
    WallClockServer clean = server(WallClockServerConfig.builder().precision(1e-3));
    WallClockServer rewritten =
        server(
            WallClockServerConfig.builder()
                .precision(1e-3)
                .outgoing(
                    m ->
                        new WcMessage(
                            m.type(),
                            0,
                            m.maxFreqError(),
                            m.originateNanos(),
                            m.receiveNanos(),
                            m.transmitNanos(),
                            m.originateWire())));
    DatagramSocket s = socket();
    byte[] request = WcMessage.request(ORIGINATE).encode();
    send(s, request, clean);
    byte[] strict = receive(s);
    send(s, request, rewritten);
    byte[] faulty = receive(s);

    assertThat(strict[2])
        .as("precision")
        .isEqualTo((byte) WcMessage.encodePrecision(1e-3))
        .isNotZero();
    assertThat(faulty[2]).as("precision").isZero();
    // everything else but the receive and transmit times (read from the clock) is the same
    assertThat(Arrays.copyOfRange(faulty, 0, 2)).isEqualTo(Arrays.copyOfRange(strict, 0, 2));
    assertThat(Arrays.copyOfRange(faulty, 3, 16)).isEqualTo(Arrays.copyOfRange(strict, 3, 16));
    assertThat(Arrays.copyOfRange(strict, 8, 16))
        .as("the originate value, echoed")
        .isEqualTo(Arrays.copyOfRange(request, 8, 16));
    // counted just after the send: wait for it
    await().atMost(WAIT).until(() -> rewritten.counters().answered() == 1);
  }

  @Test
  void aRewriteThatReturnsNullLosesThatMessageAsASendFailure() throws IOException {
    WallClockServer server = server(WallClockServerConfig.builder().outgoing(m -> null));
    DatagramSocket s = socket();
    send(s, WcMessage.request(ORIGINATE).encode(), server);
    await().atMost(WAIT).until(() -> server.counters().sendFailures() == 1);
    assertThat(server.counters().answered()).isZero();
    assertThat(server.isRunning()).isTrue();
  }

  @Test
  void withheldFollowUpsLeaveTypeTwoResponsesWithoutTheirTypeThree() throws IOException {
    WallClockServer clean = server(WallClockServerConfig.builder().followUp(true));
    WallClockServer withheld =
        server(WallClockServerConfig.builder().followUp(true).withholdFollowUps(true));
    DatagramSocket s = socket();
    byte[] first = WcMessage.request(ORIGINATE).encode();
    byte[] second = WcMessage.request(ORIGINATE + 1).encode();

    send(s, first, clean);
    assertThat(receive(s)[1]).as("type").isEqualTo((byte) 2);
    assertThat(receive(s)[1]).as("type").isEqualTo((byte) 3);

    // one receiving thread, loopback: a follow-up to the first would arrive before the second's
    // response, so the next datagram after the first's response tells whether one was sent
    send(s, first, withheld);
    byte[] response = receive(s);
    send(s, second, withheld);
    byte[] next = receive(s);
    assertThat(response[1]).as("type").isEqualTo((byte) 2);
    assertThat(Arrays.copyOfRange(response, 8, 16)).isEqualTo(Arrays.copyOfRange(first, 8, 16));
    assertThat(next[1]).as("type of the next datagram").isEqualTo((byte) 2);
    assertThat(Arrays.copyOfRange(next, 8, 16))
        .as("the next datagram answers the second request")
        .isEqualTo(Arrays.copyOfRange(second, 8, 16));
    await().atMost(WAIT).until(() -> withheld.counters().answered() == 2);
    assertThat(withheld.counters().sendFailures()).isZero();
  }

  @ParameterizedTest(name = "threads={0}")
  @ValueSource(ints = {1, 2})
  void aServerThatStopsAfterAMalformedDatagramAnswersNothingMoreButCountsAndCloses(int threads)
      throws IOException {
    WallClockServer server =
        server(WallClockServerConfig.builder().threads(threads).stopAfterMalformed(true));
    DatagramSocket s = socket();
    DatagramSocket other = socket();
    byte[] request = WcMessage.request(ORIGINATE).encode();
    send(s, request, server);
    assertThat(Arrays.copyOfRange(receive(s), 8, 16)).isEqualTo(Arrays.copyOfRange(request, 8, 16));

    byte[] bad = request.clone();
    bad[0] = 1; // version 1
    send(other, bad, server);
    await()
        .atMost(WAIT)
        .until(() -> server.counters().dropped().get(DropReason.WRONG_VERSION) == 1);

    s.setSoTimeout(SILENCE_MILLIS);
    send(s, request, server);
    await().atMost(WAIT).until(() -> server.counters().dropped().get(DropReason.STOPPED) == 1);
    assertThatThrownBy(() -> receive(s)).isInstanceOf(SocketTimeoutException.class);
    send(other, request, server);
    await().atMost(WAIT).until(() -> server.counters().dropped().get(DropReason.STOPPED) == 2);
    other.setSoTimeout(SILENCE_MILLIS);
    assertThatThrownBy(() -> receive(other)).isInstanceOf(SocketTimeoutException.class);

    assertThat(server.counters().answered()).isEqualTo(1);
    assertThat(server.counters().droppedTotal()).isEqualTo(3);
    assertThat(server.isRunning()).isTrue();
    server.close();
    assertThat(server.isRunning()).isFalse();
  }

  @Test
  void withoutTheHookAMalformedDatagramDoesNotStopTheServer() throws IOException {
    WallClockServer server = server(WallClockServerConfig.builder());
    DatagramSocket s = socket();
    byte[] request = WcMessage.request(ORIGINATE).encode();
    byte[] bad = request.clone();
    bad[0] = 1;
    send(s, bad, server);
    send(s, request, server);
    assertThat(Arrays.copyOfRange(receive(s), 8, 16)).isEqualTo(Arrays.copyOfRange(request, 8, 16));
    assertThat(server.counters().dropped().get(DropReason.WRONG_VERSION)).isEqualTo(1);
    assertThat(server.counters().dropped().get(DropReason.STOPPED)).isZero();
  }

  @Test
  void aServerIsNotStoppedByWhatIsNotMalformed() throws IOException {
    // a response sent to the server is malformed for it (not a request); a rate-limited datagram
    // is never looked at, so it cannot stop it
    WallClockServer server =
        server(WallClockServerConfig.builder().stopAfterMalformed(true).rateLimit(0.001, 1));
    DatagramSocket s = socket();
    byte[] request = WcMessage.request(ORIGINATE).encode();
    send(s, request, server);
    receive(s);
    byte[] bad = request.clone();
    bad[1] = 1; // a response: would stop the server, but the bucket is empty
    send(s, bad, server);
    await().atMost(WAIT).until(() -> server.counters().dropped().get(DropReason.RATE_LIMITED) == 1);
    assertThat(server.counters().dropped().get(DropReason.STOPPED)).isZero();
    assertThat(server.counters().dropped().get(DropReason.NOT_A_REQUEST)).isZero();
  }
}
