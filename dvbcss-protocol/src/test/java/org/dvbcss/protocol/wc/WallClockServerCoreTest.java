package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.LongStream;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.wc.WallClockServerCore.DropReason;
import org.dvbcss.protocol.wc.WallClockServerCore.Reply;
import org.dvbcss.protocol.wc.WcMessage.Type;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WallClockServerCoreTest {
  static final long S = 1_000_000_000;

  ManualTimeSource time;
  CorrelatedClock wall;

  @BeforeEach
  void clocks() {
    time = new ManualTimeSource(10 * S);
    SysClock root = SysClock.builder().timeSource(time).precision(1e-6).maxFreqErrorPpm(50).build();
    wall = new CorrelatedClock(root, 1e9, new Correlation(0, 1000 * S));
  }

  @Test
  void answersARequestWithAType1Response() {
    WallClockServerCore core = new WallClockServerCore(wall);
    double received = wall.ticks();
    time.advance(300);
    WcMessage request = WcMessage.request(123_456_789_012L);
    Reply reply = core.handle(ByteBuffer.wrap(request.encode()), received);
    assertThat(reply).isInstanceOf(Reply.Respond.class);
    Reply.Respond r = (Reply.Respond) reply;
    assertThat(r.followUpDue()).isFalse();
    WcMessage m = r.response();
    assertThat(m.type()).isEqualTo(Type.RESPONSE);
    assertThat(m.originateWire()).isEqualTo(request.originateWire());
    assertThat(m.receiveNanos()).isEqualTo(1010 * S);
    assertThat(m.transmitNanos()).isEqualTo(1010 * S + 300);
    assertThat(m.precision()).isEqualTo(-19); // 1 us of root precision
    assertThat(m.maxFreqError()).isEqualTo(50 * 256);
    assertThat(m.encode()).hasSize(32);
    assertThat(core.responses()).isEqualTo(1);
  }

  @Test
  void echoesANonCanonicalOriginateAndIgnoresTheRequestsOtherFields() {
    byte[] request = new byte[32];
    request[2] = 99; // precision, reserved, mfe, receive and transmit of a request are ignored
    request[3] = 1;
    for (int i = 8; i < 32; i++) {
      request[i] = (byte) 0xee;
    }
    Reply.Respond r = (Reply.Respond) new WallClockServerCore(wall).handle(request, wall.ticks());
    byte[] out = r.response().encode();
    for (int i = 8; i < 16; i++) {
      assertThat(out[i]).isEqualTo((byte) 0xee);
    }
  }

  @Test
  void followUpsCarryALaterTransmitTime() {
    WallClockServerCore core = new WallClockServerCore(wall, 0.001, 28, true);
    Reply.Respond r = (Reply.Respond) core.handle(WcMessage.request(5).encode(), wall.ticks());
    assertThat(r.followUpDue()).isTrue();
    assertThat(r.response().type()).isEqualTo(Type.RESPONSE_WITH_FOLLOW_UP);
    assertThat(r.response().precision()).isEqualTo(-9);
    assertThat(r.response().maxFreqError()).isEqualTo(7168);
    time.advance(1000);
    WcMessage followUp = core.followUp(r.response());
    assertThat(followUp.type()).isEqualTo(Type.FOLLOW_UP);
    assertThat(followUp.transmitNanos()).isEqualTo(r.response().transmitNanos() + 1000);
    assertThat(followUp.receiveNanos()).isEqualTo(r.response().receiveNanos());
    assertThat(followUp.originateWire()).isEqualTo(5);
  }

  @Test
  void statesTheWorstPrecisionForAnUnsynchronisedClock() {
    wall.setCorrelation(wall.correlation().withInitialError(Double.POSITIVE_INFINITY));
    Reply.Respond r =
        (Reply.Respond)
            new WallClockServerCore(wall).handle(WcMessage.request(5).encode(), wall.ticks());
    assertThat(r.response().precision()).isEqualTo(127);
  }

  @Test
  void dropReasons() {
    WallClockServerCore core = new WallClockServerCore(wall);
    double now = wall.ticks();
    assertThat(core.handle(new byte[33], now)).isEqualTo(new Reply.Drop(DropReason.WRONG_LENGTH));
    assertThat(core.handle(new byte[0], now)).isEqualTo(new Reply.Drop(DropReason.WRONG_LENGTH));
    byte[] b = WcMessage.request(5).encode();
    b[0] = 2;
    assertThat(core.handle(b, now)).isEqualTo(new Reply.Drop(DropReason.WRONG_VERSION));
    b[0] = 0;
    b[1] = 4;
    assertThat(core.handle(b, now)).isEqualTo(new Reply.Drop(DropReason.UNKNOWN_TYPE));
    for (Type t : new Type[] {Type.RESPONSE, Type.RESPONSE_WITH_FOLLOW_UP, Type.FOLLOW_UP}) {
      b[1] = (byte) t.code();
      assertThat(core.handle(b, now)).isEqualTo(new Reply.Drop(DropReason.NOT_A_REQUEST));
    }
    byte[] ok = WcMessage.request(5).encode();
    assertThat(core.handle(ok, -1e9)).isEqualTo(new Reply.Drop(DropReason.TIME_OUT_OF_RANGE));
    assertThat(core.handle(ok, Double.NaN)).isEqualTo(new Reply.Drop(DropReason.TIME_OUT_OF_RANGE));
    wall.setAvailability(false);
    assertThat(core.handle(ok, now)).isEqualTo(new Reply.Drop(DropReason.CLOCK_UNAVAILABLE));
    assertThat(core.drops(DropReason.WRONG_LENGTH)).isEqualTo(2);
    assertThat(core.drops(DropReason.NOT_A_REQUEST)).isEqualTo(3);
    assertThat(core.drops(DropReason.TIME_OUT_OF_RANGE)).isEqualTo(2);
    assertThat(core.drops(DropReason.CLOCK_UNAVAILABLE)).isEqualTo(1);
    assertThat(core.responses()).isZero();
  }

  @Test
  void doesNotMoveTheDatagramsPosition() {
    ByteBuffer buf = ByteBuffer.wrap(WcMessage.request(5).encode());
    new WallClockServerCore(wall).handle(buf, wall.ticks());
    assertThat(buf.position()).isZero();
  }

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void anyDatagramGetsAReplyNeverAnException(long seed) {
    Random random = new Random(seed);
    byte[] datagram = new byte[random.nextInt(65)];
    random.nextBytes(datagram);
    clocks();
    Reply reply = new WallClockServerCore(wall, Double.NaN, Double.NaN, true).handle(datagram, 5e9);
    if (reply instanceof Reply.Respond r) {
      assertThat(r.response().encode()).hasSize(datagram.length);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void any32BytesGetAReplyNeverAnException(long seed) {
    Random random = new Random(seed);
    byte[] datagram = new byte[32];
    random.nextBytes(datagram);
    if (random.nextBoolean()) { // half the cases look like requests
      datagram[0] = 0;
      datagram[1] = 0;
    }
    clocks();
    Reply reply = new WallClockServerCore(wall).handle(datagram, 5e9);
    boolean isRequest = datagram[0] == 0 && datagram[1] == 0;
    assertThat(reply instanceof Reply.Respond).isEqualTo(isRequest);
  }

  /**
   * No amplification: over every length up to 64 bytes and two large ones, with and without
   * follow-ups, each datagram sent is at most as large as its request; a request yields one
   * datagram, or two in follow-up mode; anything that is not a request yields none.
   */
  static LongStream fewerSeeds() {
    return LongStream.range(0, 100);
  }

  @ParameterizedTest
  @MethodSource("fewerSeeds")
  void noReplyIsLargerThanTheDatagramThatCausedIt(long seed) {
    Random random = new Random(seed);
    boolean followUp = random.nextBoolean();
    int[] lengths = {random.nextInt(65), 32, 1472, 65_507};
    int length = lengths[random.nextInt(lengths.length)];
    byte[] datagram = new byte[length];
    random.nextBytes(datagram);
    if (length == 32 && random.nextBoolean()) {
      datagram[0] = 0;
      datagram[1] = (byte) random.nextInt(4);
    }
    WallClockServerCore core = new WallClockServerCore(wall, Double.NaN, Double.NaN, followUp);
    Reply reply = core.handle(datagram, wall.ticks());
    int packets = 0;
    long bytes = 0;
    if (reply instanceof Reply.Respond r) {
      byte[] response = r.response().encode();
      assertThat(response.length).isLessThanOrEqualTo(datagram.length);
      packets++;
      bytes += response.length;
      assertThat(r.followUpDue()).isEqualTo(followUp);
      if (r.followUpDue()) {
        byte[] second = core.followUp(r.response()).encode();
        assertThat(second.length).isLessThanOrEqualTo(datagram.length);
        packets++;
        bytes += second.length;
      }
    }
    boolean isRequest = length == 32 && datagram[0] == 0 && datagram[1] == 0;
    assertThat(packets).isEqualTo(isRequest ? (followUp ? 2 : 1) : 0);
    assertThat(bytes).isEqualTo((long) packets * length);
  }
}
