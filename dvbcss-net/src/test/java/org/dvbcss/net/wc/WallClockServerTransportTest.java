package org.dvbcss.net.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.UnaryOperator;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.wc.WallClockServerConfig.Transport;
import org.dvbcss.protocol.wc.WcMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The transport choice of {@link WallClockServer}, and what both transports answer. */
class WallClockServerTransportTest {
  private final SysClock clock = SysClock.builder().build();

  private WallClockServer start(WallClockServerConfig.Builder b) throws IOException {
    return WallClockServer.start(
        clock, b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build());
  }

  private static void needs(Transport transport) {
    if (transport == Transport.EPOLL) {
      assumeTrue(EpollWallClockTransport.isAvailable(), "native epoll is not available here");
    }
    if (transport == Transport.NATIVE) {
      NativeLibrary.require();
    }
  }

  @Test
  void autoIsTheDefaultAndPicksTheNativeSocketsWhereTheyAreAvailable() throws IOException {
    String expected =
        MmsgSocket.isAvailable()
            ? WallClockServer.TRANSPORT_NATIVE
            : WallClockServer.TRANSPORT_BLOCKING;
    try (WallClockServer server = start(WallClockServerConfig.builder())) {
      assertThat(server.config().transport()).isEqualTo(Transport.AUTO);
      assertThat(server.transport()).isEqualTo(expected);
    }
    try (WallClockServer server =
        start(WallClockServerConfig.builder().transport(Transport.AUTO))) {
      assertThat(server.transport()).isEqualTo(expected);
    }
    try (WallClockServer server =
        start(WallClockServerConfig.builder().transport(Transport.BLOCKING))) {
      assertThat(server.transport()).isEqualTo(WallClockServer.TRANSPORT_BLOCKING);
    }
  }

  @Test
  void nativeIsRefusedWhereItIsNotAvailable() throws IOException {
    WallClockServerConfig.Builder b = WallClockServerConfig.builder().transport(Transport.NATIVE);
    if (MmsgSocket.isAvailable()) {
      try (WallClockServer server = start(b)) {
        assertThat(server.transport()).isEqualTo(WallClockServer.TRANSPORT_NATIVE);
      }
    } else {
      assertThatThrownBy(() -> start(b))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("not available");
    }
  }

  @Test
  void epollIsRefusedWhereItIsNotAvailable() throws IOException {
    WallClockServerConfig.Builder b = WallClockServerConfig.builder().transport(Transport.EPOLL);
    if (EpollWallClockTransport.isAvailable()) {
      try (WallClockServer server = start(b)) {
        assertThat(server.transport()).isEqualTo(WallClockServer.TRANSPORT_EPOLL);
      }
    } else {
      assertThatThrownBy(() -> start(b)).isInstanceOf(IOException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Transport.class,
      names = {"NATIVE", "EPOLL", "BLOCKING"})
  void aPortInUseFailsTheStartWithAnIoException(Transport transport) throws IOException {
    needs(transport);
    try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      WallClockServerConfig config =
          WallClockServerConfig.builder()
              .transport(transport)
              .bind((InetSocketAddress) taken.getLocalSocketAddress())
              .build();
      assertThatThrownBy(() -> WallClockServer.start(clock, config))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void theTransportIsKeptByTheBuilderAndDefaultsToAuto() {
    assertThat(WallClockServerConfig.defaults().transport()).isEqualTo(Transport.AUTO);
    WallClockServerConfig c = WallClockServerConfig.builder().transport(Transport.EPOLL).build();
    assertThat(c.toBuilder().build().transport()).isEqualTo(Transport.EPOLL);
    WallClockServerConfig legacy =
        new WallClockServerConfig(
            new InetSocketAddress(0),
            1,
            false,
            Double.NaN,
            Double.NaN,
            0,
            0,
            UnaryOperator.identity(),
            false,
            false);
    assertThat(legacy.transport()).isEqualTo(Transport.AUTO);
    assertThatThrownBy(() -> WallClockServerConfig.builder().transport(null))
        .isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = Transport.class,
      names = {"NATIVE", "EPOLL", "BLOCKING"})
  void aBurstOfRequestsGetsEveryAnswerWithItsOwnOriginate(Transport transport) throws IOException {
    needs(transport);
    try (WallClockServer server =
            start(WallClockServerConfig.builder().transport(transport).followUp(true));
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout(5000);
      socket.setReceiveBufferSize(1 << 20);
      int n = 80; // more than one batched read, less than the socket buffers hold
      for (int i = 0; i < n; i++) {
        byte[] request = WcMessage.request(1_000_000_000L + i).encode();
        socket.send(new DatagramPacket(request, request.length, server.localAddress()));
      }
      boolean[] responses = new boolean[n];
      boolean[] followUps = new boolean[n];
      long[] transmit = new long[n];
      for (int k = 0; k < 2 * n; k++) {
        byte[] buf = new byte[64];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        assertThat(p.getLength()).isEqualTo(WcMessage.SIZE);
        WcMessage m = WcMessage.decode(buf, 0, p.getLength());
        int i = (int) (m.originateNanos() - 1_000_000_000L);
        assertThat(m.receiveNanos()).isLessThanOrEqualTo(m.transmitNanos());
        if (m.type() == WcMessage.Type.RESPONSE_WITH_FOLLOW_UP) {
          responses[i] = true;
          transmit[i] = m.transmitNanos();
        } else {
          assertThat(m.type()).isEqualTo(WcMessage.Type.FOLLOW_UP);
          assertThat(responses[i]).as("the response comes before its follow-up").isTrue();
          assertThat(m.transmitNanos()).isGreaterThanOrEqualTo(transmit[i]);
          followUps[i] = true;
        }
      }
      for (int i = 0; i < n; i++) {
        assertThat(responses[i] && followUps[i]).as("answers to request " + i).isTrue();
      }
      assertThat(server.counters().answered()).isEqualTo(n);
    }
  }

  /**
   * The stamps of a batched receive stay honest: for every answer to a burst (several batches on
   * the batched transports), the server says it received the request no earlier than the client
   * sent it and sent the answer no earlier than it received the request, and the answer arrives no
   * earlier than the server says it was sent. Server and client read one time source, so the four
   * times compare directly.
   */
  @ParameterizedTest
  @EnumSource(
      value = Transport.class,
      names = {"NATIVE", "EPOLL", "BLOCKING"})
  void everyAnswerOfABurstIsStampedBetweenItsRequestAndItsArrival(Transport transport)
      throws IOException {
    needs(transport);
    try (WallClockServer server = start(WallClockServerConfig.builder().transport(transport));
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout(5000);
      socket.setReceiveBufferSize(1 << 20);
      int n = 3 * WallClockServer.BATCH / 2;
      long[] sent = new long[n];
      for (int i = 0; i < n; i++) {
        sent[i] = (long) clock.ticks(); // nanoseconds: the clock runs at 1e9 ticks per second
        byte[] request = WcMessage.request(i).encode(); // the originate field numbers it
        socket.send(new DatagramPacket(request, request.length, server.localAddress()));
      }
      boolean[] answered = new boolean[n];
      for (int k = 0; k < n; k++) {
        byte[] buf = new byte[64];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        long arrived = (long) clock.ticks();
        WcMessage m = WcMessage.decode(buf, 0, p.getLength());
        int i = (int) m.originateNanos();
        assertThat(answered[i]).as("request %d answered once", i).isFalse();
        answered[i] = true;
        assertThat(m.receiveNanos())
            .as("received after sent, %d", i)
            .isGreaterThanOrEqualTo(sent[i]);
        assertThat(m.transmitNanos())
            .as("sent after received, %d", i)
            .isGreaterThanOrEqualTo(m.receiveNanos());
        assertThat(arrived)
            .as("arrived after sent, %d", i)
            .isGreaterThanOrEqualTo(m.transmitNanos());
      }
      assertThat(server.counters().answered()).isEqualTo(n);
    }
  }
}
