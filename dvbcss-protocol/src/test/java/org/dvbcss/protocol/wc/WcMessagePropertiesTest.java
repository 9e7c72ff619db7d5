package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.wc.WcMessage.Type;

class WcMessagePropertiesTest {

  @Provide
  Arbitrary<WcMessage> messages() {
    Arbitrary<Long> times = Arbitraries.longs().between(0, WcMessage.MAX_TIME_NANOS);
    return Combinators.combine(
            Arbitraries.of(Type.class),
            Arbitraries.integers().between(-128, 127),
            Arbitraries.longs().between(0, WcMessage.MAX_FREQ_ERROR_FIELD),
            Arbitraries.longs(), // any raw originate, canonical or not
            times,
            times)
        .as(
            (type, precision, mfe, wire, rx, tx) ->
                new WcMessage(
                    type,
                    precision,
                    mfe,
                    (wire >>> 32) * 1_000_000_000L + (wire & 0xFFFF_FFFFL),
                    rx,
                    tx,
                    wire));
  }

  @Property
  void roundTripsThroughArrays(@ForAll("messages") WcMessage m) {
    byte[] encoded = m.encode();
    assertThat(encoded).hasSize(32);
    assertThat(WcMessage.decode(encoded)).isEqualTo(m);
  }

  @Property
  void roundTripsThroughBuffers(@ForAll("messages") WcMessage m) {
    ByteBuffer buf = ByteBuffer.allocateDirect(32);
    m.encode(buf);
    buf.flip();
    assertThat(WcMessage.decode(buf)).isEqualTo(m);
  }

  @Property
  void responsesKeepTheOriginateBytes(@ForAll("messages") WcMessage m) {
    WcMessage r = m.toResponse(Type.RESPONSE, 0, 0, 1, 2);
    byte[] a = m.encode();
    byte[] b = r.encode();
    for (int i = 8; i < 16; i++) {
      assertThat(b[i]).isEqualTo(a[i]);
    }
  }

  @Property(tries = 2000)
  void anyBytesDecodeOrFailWithAProtocolException(@ForAll @Size(max = 64) byte[] bytes) {
    decodeOrProtocolException(bytes);
  }

  @Property(tries = 2000)
  void any32BytesDecodeOrFailWithAProtocolException(
      @ForAll @Size(min = 32, max = 32) byte[] bytes) {
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

  private static WcMessage decodeOrProtocolException(byte[] bytes) {
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
