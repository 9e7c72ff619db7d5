package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.LongStream;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.wc.WallClockServerCore.DropReason;
import org.dvbcss.protocol.wc.WallClockServerCore.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The allocation-free path of {@link WallClockServerCore} gives the bytes the record path gives.
 */
class WallClockServerCoreDirectTest {
  static final long S = 1_000_000_000;

  static LongStream seeds() {
    return LongStream.range(0, 40);
  }

  /** A datagram that is often a request, sometimes broken in one of the ways the core checks. */
  static byte[] randomDatagram(Random random) {
    int kind = random.nextInt(8);
    byte[] d = new byte[kind == 0 ? random.nextInt(40) : 32];
    random.nextBytes(d);
    if (d.length == 32) {
      d[0] = (byte) (kind == 1 ? 1 + random.nextInt(255) : 0);
      d[1] = (byte) (kind == 2 ? 4 + random.nextInt(252) : kind == 3 ? 1 + random.nextInt(3) : 0);
    }
    return d;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void givesTheSameBytesAndCountsAsTheRecordPath(long seed) {
    Random random = new Random(seed);
    ManualTimeSource time = new ManualTimeSource(random.nextInt(1000) * S);
    SysClock root =
        SysClock.builder()
            .timeSource(time)
            .precision(Math.scalb(1.0, -random.nextInt(30)))
            .maxFreqErrorPpm(random.nextInt(500))
            .build();
    long start =
        random.nextInt(3) == 0 ? 0x1_0000_0000L * S - 10_000_000L : random.nextInt(100_000) * S;
    CorrelatedClock wall = new CorrelatedClock(root, 1e9, new Correlation(0, start));
    boolean followUp = random.nextBoolean();
    double precision = random.nextBoolean() ? Double.NaN : random.nextDouble() * 1e-3;
    double mfe = random.nextBoolean() ? Double.NaN : random.nextDouble() * 100;
    WallClockServerCore records = new WallClockServerCore(wall, precision, mfe, followUp);
    WallClockServerCore direct = new WallClockServerCore(wall, precision, mfe, followUp);
    assertThat(direct.followUpDue()).isEqualTo(followUp);
    ByteBuffer out = ByteBuffer.allocateDirect(64);
    for (int i = 0; i < 200; i++) {
      byte[] datagram = randomDatagram(random);
      double received = wall.ticks();
      time.advance(random.nextInt(100_000));
      if (random.nextInt(20) == 0) {
        wall.setAvailability(false);
      }
      Reply reply = records.handle(ByteBuffer.wrap(datagram), received);
      out.clear();
      out.position(random.nextInt(33));
      int at = out.position();
      ByteBuffer in = ByteBuffer.allocate(datagram.length + 3).position(3);
      in.put(datagram).position(3);
      DropReason reason = direct.respond(in, received, out);
      assertThat(in.position()).isEqualTo(3);
      wall.setAvailability(true);
      if (reply instanceof Reply.Drop drop) {
        assertThat(reason).isEqualTo(drop.reason());
        assertThat(out.position()).isEqualTo(at);
        continue;
      }
      assertThat(reason).isNull();
      assertThat(out.position()).isEqualTo(at + 32);
      WcMessage response = ((Reply.Respond) reply).response();
      assertThat(bytes(out, at)).isEqualTo(response.encode());
      if (followUp) {
        time.advance(random.nextInt(1000));
        byte[] expected = records.followUp(response).encode();
        ByteBuffer sent = out.duplicate().position(at);
        if (random.nextBoolean()) {
          direct.followUp(sent, sent); // in place
          assertThat(bytes(out, at)).isEqualTo(expected);
        } else {
          ByteBuffer other = ByteBuffer.allocate(40).position(5);
          direct.followUp(sent, other);
          assertThat(other.position()).isEqualTo(37);
          assertThat(bytes(other, 5)).isEqualTo(expected);
        }
      }
    }
    assertThat(direct.responses()).isEqualTo(records.responses());
    for (DropReason r : DropReason.values()) {
      assertThat(direct.drops(r)).as(r.name()).isEqualTo(records.drops(r));
    }
  }

  @Test
  void refusesAnOutputBufferTooSmall() {
    ManualTimeSource time = new ManualTimeSource(10 * S);
    SysClock root = SysClock.builder().timeSource(time).build();
    WallClockServerCore core = new WallClockServerCore(root, Double.NaN, Double.NaN, true);
    ByteBuffer small = ByteBuffer.allocate(31);
    ByteBuffer request = ByteBuffer.wrap(WcMessage.request(5).encode());
    assertThatThrownBy(() -> core.respond(request, root.ticks(), small))
        .isInstanceOf(BufferOverflowException.class);
    assertThatThrownBy(() -> core.followUp(ByteBuffer.allocate(32), small))
        .isInstanceOf(BufferOverflowException.class);
    assertThat(core.responses()).isZero();
  }

  @Test
  void allocatesNothingPerRequestOnceWarm() {
    ManualTimeSource time = new ManualTimeSource(10 * S);
    SysClock root = SysClock.builder().timeSource(time).precision(1e-6).build();
    CorrelatedClock wall = new CorrelatedClock(root, 1e9, new Correlation(0, 1000 * S));
    WallClockServerCore core = new WallClockServerCore(wall, Double.NaN, Double.NaN, true);
    ByteBuffer in = ByteBuffer.allocateDirect(32);
    in.put(WcMessage.request(123_456_789L).encode()).flip();
    ByteBuffer out = ByteBuffer.allocateDirect(32);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    run(core, wall, in, out, 200_000); // warm up, let the JIT compile it
    long before = threads.getThreadAllocatedBytes(id);
    run(core, wall, in, out, 100_000);
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    // far less than one byte per request: a record path would allocate ~100 bytes each
    assertThat(allocated).isLessThan(100_000);
  }

  private static void run(
      WallClockServerCore core, CorrelatedClock wall, ByteBuffer in, ByteBuffer out, int n) {
    for (int i = 0; i < n; i++) {
      out.clear();
      if (core.respond(in, wall.ticks(), out) == null) {
        out.flip();
        core.followUp(out, out);
      }
    }
  }

  private static byte[] bytes(ByteBuffer b, int at) {
    byte[] a = new byte[32];
    b.get(at, a);
    return a;
  }
}
