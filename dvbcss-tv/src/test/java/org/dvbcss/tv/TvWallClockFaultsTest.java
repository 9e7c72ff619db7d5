package org.dvbcss.tv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.dvbcss.net.wc.WallClockServerConfig;
import org.dvbcss.protocol.wc.WcMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CSS-WC faults as a companion sees them: the simulated TV on loopback, a raw datagram socket
 * sending requests and reading the 32 bytes that come back, compared with what a TV without the
 * fault sends.
 */
class TvWallClockFaultsTest {
  /** How long "never answered" is given to show itself: a bounded wait, not a timed assertion. */
  private static final int SILENCE_MILLIS = 500;

  /** 1234 s and 123 456 789 ns: a nanoseconds field that is not a whole number of microseconds. */
  private static final long ORIGINATE = 1_234L * 1_000_000_000L + 123_456_789L;

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

  private Tv tv(Fault... faults) throws Exception {
    return track(
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .wallClockAddress(new InetSocketAddress("127.0.0.1", 0))
                .faults(Faults.of(faults))
                .build()));
  }

  private DatagramSocket socket() throws IOException {
    DatagramSocket s = track(new DatagramSocket(0, InetAddress.getLoopbackAddress()));
    s.setSoTimeout(5000);
    return s;
  }

  private static void send(DatagramSocket s, byte[] datagram, Tv tv) {
    URI wc = URI.create(tv.wcUrl());
    try {
      s.send(
          new DatagramPacket(
              datagram, datagram.length, new InetSocketAddress(wc.getHost(), wc.getPort())));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] receive(DatagramSocket s) throws IOException {
    DatagramPacket p = new DatagramPacket(new byte[64], 64);
    s.receive(p);
    assertThat(p.getLength()).isEqualTo(WcMessage.SIZE);
    return Arrays.copyOf(p.getData(), p.getLength());
  }

  /** The request and the first response of one TV. */
  private byte[] answer(Tv tv, byte[] request) throws IOException {
    DatagramSocket s = socket();
    send(s, request, tv);
    return receive(s);
  }

  private static byte[] range(byte[] b, int from, int to) {
    return Arrays.copyOfRange(b, from, to);
  }

  @Test
  void withoutFaultsTheWallClockIsStrict() throws Exception {
    Tv tv = tv();
    byte[] request = WcMessage.request(ORIGINATE).encode();
    byte[] response = answer(tv, request);
    WcMessage m = WcMessage.decode(response);
    assertThat(m.type()).isEqualTo(WcMessage.Type.RESPONSE);
    assertThat(m.precision()).isNegative();
    assertThat(range(response, 8, 16)).isEqualTo(range(request, 8, 16));
  }

  @Test
  void wcPrecisionUnset() throws Exception {
    byte[] request = WcMessage.request(ORIGINATE).encode();
    byte[] strict = answer(tv(), request);
    byte[] faulty = answer(tv(Fault.WC_PRECISION_UNSET), request);
    assertThat(faulty[2]).as("precision, log2 s").isZero();
    assertThat(strict[2]).as("precision, log2 s").isNegative();
    // the rest is the same, but for the receive and transmit times read from each TV's clock
    assertThat(range(faulty, 0, 2)).isEqualTo(range(strict, 0, 2));
    assertThat(range(faulty, 3, 16)).isEqualTo(range(strict, 3, 16));
  }

  @Test
  void wcWrongOriginate() throws Exception {
    byte[] request = WcMessage.request(ORIGINATE).encode();
    byte[] strict = answer(tv(), request);
    byte[] faulty = answer(tv(Fault.WC_WRONG_ORIGINATE), request);
    WcMessage m = WcMessage.decode(faulty);
    assertThat(range(strict, 8, 16)).as("echoed bit-exactly").isEqualTo(range(request, 8, 16));
    assertThat(range(faulty, 8, 12)).as("originate seconds").isEqualTo(range(request, 8, 12));
    assertThat(range(faulty, 12, 16))
        .as("originate nanoseconds: 123456000")
        .isEqualTo(new byte[] {0x07, 0x5B, (byte) 0xCA, (byte) 0x00});
    assertThat(m.originateNanos()).isEqualTo(1_234L * 1_000_000_000L + 123_456_000L);
    assertThat(range(faulty, 0, 8)).isEqualTo(range(strict, 0, 8));
    // a whole number of microseconds comes back unchanged
    byte[] whole = WcMessage.request(1_234L * 1_000_000_000L + 123_456_000L).encode();
    assertThat(range(answer(tv(Fault.WC_WRONG_ORIGINATE), whole), 8, 16))
        .isEqualTo(range(whole, 8, 16));
  }

  @Test
  void wcFollowUpMissing() throws Exception {
    Tv tv = tv(Fault.WC_FOLLOW_UP_MISSING);
    DatagramSocket s = socket();
    byte[] first = WcMessage.request(ORIGINATE).encode();
    byte[] second = WcMessage.request(ORIGINATE + 1).encode();
    send(s, first, tv);
    byte[] response = receive(s);
    assertThat(response[1]).as("message type: a follow-up will come").isEqualTo((byte) 2);
    assertThat(range(response, 8, 16)).isEqualTo(range(first, 8, 16));
    // one receiving thread on loopback: a follow-up to the first request would come before the
    // second's response
    send(s, second, tv);
    byte[] next = receive(s);
    assertThat(next[1]).as("message type of the next datagram").isEqualTo((byte) 2);
    assertThat(range(next, 8, 16)).isEqualTo(range(second, 8, 16));
    s.setSoTimeout(SILENCE_MILLIS);
    assertThatThrownBy(() -> receive(s)).isInstanceOf(SocketTimeoutException.class);

    assertThat(answer(tv(), first)[1]).as("a TV without the fault: type 1").isEqualTo((byte) 1);
  }

  @Test
  void wcDiesOnMalformed() throws Exception {
    byte[] request = WcMessage.request(ORIGINATE).encode();
    byte[] bad = request.clone();
    bad[1] = 1; // a response sent to the server: not a request

    Tv clean = tv();
    DatagramSocket c = socket();
    send(c, bad, clean);
    send(c, request, clean);
    assertThat(range(receive(c), 8, 16)).as("answered after it").isEqualTo(range(request, 8, 16));

    Tv faulty = tv(Fault.WC_DIES_ON_MALFORMED);
    DatagramSocket s = socket();
    send(s, request, faulty);
    assertThat(range(receive(s), 8, 16)).as("answered before").isEqualTo(range(request, 8, 16));
    send(s, bad, faulty);
    send(s, request, faulty);
    s.setSoTimeout(SILENCE_MILLIS);
    assertThatThrownBy(() -> receive(s))
        .as("not answered after it")
        .isInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void withoutWallClockFaultsTheServerConfigurationIsUnchanged() {
    WallClockServerConfig c = WallClockServerConfig.defaults();
    assertThat(FaultyWallClock.apply(Faults.NONE, c)).isSameAs(c);
    assertThat(FaultyWallClock.apply(Faults.of(Fault.FULL_STATE, Fault.NO_CLOSE_FRAME), c))
        .isSameAs(c);
    WallClockServerConfig all =
        FaultyWallClock.apply(
            Faults.of(
                Fault.WC_PRECISION_UNSET,
                Fault.WC_WRONG_ORIGINATE,
                Fault.WC_DIES_ON_MALFORMED,
                Fault.WC_FOLLOW_UP_MISSING),
            c);
    assertThat(all.followUp()).isTrue();
    assertThat(all.withholdFollowUps()).isTrue();
    assertThat(all.stopAfterMalformed()).isTrue();
    assertThat(all.outgoing()).isNotSameAs(UnaryOperator.<WcMessage>identity());
    WcMessage response =
        WcMessage.request(ORIGINATE)
            .toResponse(WcMessage.Type.RESPONSE, -20, 128_000, 5_000_000_000L, 5_000_000_100L);
    WcMessage rewritten = all.outgoing().apply(response);
    assertThat(rewritten)
        .isEqualTo(
            new WcMessage(
                WcMessage.Type.RESPONSE,
                0,
                128_000,
                ORIGINATE - 789,
                5_000_000_000L,
                5_000_000_100L));
  }

  @Test
  void theOriginateRewriteKeepsANonCanonicalNanosecondsField() {
    long wire = (7L << 32) | 0xFFFF_FFFFL; // nanoseconds field 4294967295, not below 10^9
    WcMessage m =
        new WcMessage(
            WcMessage.Type.RESPONSE, -10, 0, 7L * 1_000_000_000L + 0xFFFF_FFFFL, 1, 2, wire);
    WcMessage r = FaultyWallClock.withOriginateInMicroseconds(m);
    assertThat(r.originateWire()).isEqualTo((7L << 32) | 4_294_967_000L);
    assertThat(r.originateNanos()).isEqualTo(7L * 1_000_000_000L + 4_294_967_000L);
  }
}
