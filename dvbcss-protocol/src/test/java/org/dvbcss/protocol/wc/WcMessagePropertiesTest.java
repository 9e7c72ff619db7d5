package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.LongStream;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.wc.WcMessage.Type;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the WC codec over seeded random cases: each case builds its inputs from {@code new
 * Random(seed)}, so a failing seed reproduces alone.
 */
class WcMessagePropertiesTest {

  static LongStream seeds() {
    return LongStream.range(0, 100);
  }

  static LongStream manySeeds() {
    return LongStream.range(0, 500);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void roundTripsThroughArrays(long seed) {
    WcMessage m = WcGen.message(new Random(seed));
    byte[] encoded = m.encode();
    assertThat(encoded).hasSize(32);
    assertThat(WcMessage.decode(encoded)).isEqualTo(m);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void roundTripsThroughBuffers(long seed) {
    WcMessage m = WcGen.message(new Random(seed));
    ByteBuffer buf = ByteBuffer.allocateDirect(32);
    m.encode(buf);
    buf.flip();
    assertThat(WcMessage.decode(buf)).isEqualTo(m);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void responsesKeepTheOriginateBytes(long seed) {
    WcMessage m = WcGen.message(new Random(seed));
    WcMessage r = m.toResponse(Type.RESPONSE, 0, 0, 1, 2);
    byte[] a = m.encode();
    byte[] b = r.encode();
    for (int i = 8; i < 16; i++) {
      assertThat(b[i]).isEqualTo(a[i]);
    }
  }

  @ParameterizedTest
  @MethodSource("manySeeds")
  void anyBytesDecodeOrFailWithAProtocolException(long seed) {
    Random r = new Random(seed);
    byte[] bytes = new byte[r.nextInt(65)];
    r.nextBytes(bytes);
    decodeOrProtocolException(bytes);
  }

  @ParameterizedTest
  @MethodSource("manySeeds")
  void any32BytesDecodeOrFailWithAProtocolException(long seed) {
    Random r = new Random(seed);
    byte[] bytes = new byte[32];
    r.nextBytes(bytes);
    if (r.nextBoolean()) { // half the cases get a plausible header, so many decode
      bytes[0] = 0;
      bytes[1] = (byte) r.nextInt(5);
    }
    WcMessage m = decodeOrProtocolException(bytes);
    boolean valid =
        bytes[0] == 0 && (bytes[1] & 0xFF) <= 3 && canonical(bytes, 20) && canonical(bytes, 28);
    assertThat(m != null).isEqualTo(valid);
    if (m != null) {
      byte[] again = m.encode();
      bytes[3] = 0; // reserved
      assertThat(again).isEqualTo(bytes);
    }
  }

  private static boolean canonical(byte[] b, int i) {
    return ByteBuffer.wrap(b, i, 4).getInt() >= 0
        && (ByteBuffer.wrap(b, i, 4).getInt() & 0xFFFF_FFFFL) < 1_000_000_000L;
  }

  private static @Nullable WcMessage decodeOrProtocolException(byte[] bytes) {
    try {
      WcMessage m = WcMessage.decode(bytes);
      assertThat(bytes).hasSize(32);
      return m;
    } catch (ProtocolException e) {
      assertThat(e.getMessage()).startsWith("WC message: ");
      return null;
    }
  }
}
