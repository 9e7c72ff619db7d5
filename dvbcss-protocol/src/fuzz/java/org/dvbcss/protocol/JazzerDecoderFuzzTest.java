package org.dvbcss.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.protocol.wc.WallClockServerCore;
import org.dvbcss.protocol.wc.WcMessage;

/**
 * Coverage-guided fuzz targets for Jazzer, compiled and run only in the {@code fuzz} Maven profile
 * (they need {@code jazzer-junit}). In the profile's normal run they replay their saved inputs
 * (regression mode); with {@code JAZZER_FUZZ=1} Jazzer fuzzes the one target chosen with {@code
 * -Dtest='JazzerDecoderFuzzTest#name'} for its {@code maxDuration}, and saves a failing input under
 * {@code src/test/resources/org/dvbcss/protocol/JazzerDecoderFuzzTestInputs/}.
 *
 * <p>The oracles are those of {@link DecoderFuzzTest} but allocation: a decoder returns a value or
 * throws a {@link ProtocolException}, and a value survives encoding and decoding again.
 */
class JazzerDecoderFuzzTest {

  private static final String MAX = "5m";

  @FuzzTest(maxDuration = MAX)
  void wcMessage(byte @NotNull [] datagram) {
    WcMessage m;
    try {
      m = WcMessage.decode(datagram);
    } catch (ProtocolException e) {
      return;
    }
    check(WcMessage.decode(m.encode()).equals(m), m);
  }

  private final WallClockServerCore core;

  JazzerDecoderFuzzTest() {
    ManualTimeSource time = new ManualTimeSource(10_000_000_000L);
    SysClock root = SysClock.builder().timeSource(time).build();
    core = new WallClockServerCore(new CorrelatedClock(root, 1e9, new Correlation(0, 1_000_000L)));
  }

  @FuzzTest(maxDuration = MAX)
  void wcServerCore(byte @NotNull [] datagram, double receivedTicks) {
    WallClockServerCore.Reply reply = core.handle(ByteBuffer.wrap(datagram), receivedTicks);
    if (reply instanceof WallClockServerCore.Reply.Respond r) {
      check(datagram.length == 32 && datagram[0] == 0 && datagram[1] == 0, r);
    }
  }

  @FuzzTest(maxDuration = MAX)
  void cii(@NotNull String json) {
    roundTrip(json, Cii::decode, Cii::encode);
  }

  @FuzzTest(maxDuration = MAX)
  void ciiTolerant(@NotNull String json) {
    roundTrip(json, j -> Cii.decode(j, ReadMode.TOLERANT).value(), Cii::encode);
  }

  @FuzzTest(maxDuration = MAX)
  void setupData(@NotNull String json) {
    roundTrip(json, SetupData::decode, SetupData::encode);
  }

  @FuzzTest(maxDuration = MAX)
  void controlTimestamp(@NotNull String json) {
    roundTrip(json, ControlTimestamp::decode, ControlTimestamp::encode);
  }

  @FuzzTest(maxDuration = MAX)
  void controlTimestampTolerant(@NotNull String json, long now) {
    roundTrip(
        json,
        j -> ControlTimestamp.decode(j, ReadMode.TOLERANT, now).value(),
        ControlTimestamp::encode);
  }

  @FuzzTest(maxDuration = MAX)
  void timestamps(@NotNull String json) {
    roundTrip(json, AptEptLpt::decode, AptEptLpt::encode);
  }

  private static <T> void roundTrip(
      String json, Function<String, T> decode, Function<T, String> encode) {
    T v;
    try {
      v = decode.apply(json);
    } catch (ProtocolException e) {
      return;
    }
    check(decode.apply(encode.apply(v)).equals(v), v);
  }

  private static void check(boolean ok, Object value) {
    if (!ok) {
      throw new AssertionError("round trip or reply wrong for " + value);
    }
  }
}
