package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dvbcss.protocol.wc.Hex.bytes;
import static org.dvbcss.protocol.wc.Hex.hex;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.wc.WcMessage.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WcMessageTest {
  static final String VECTOR =
      "00 01 05 00 00 00 1e 00 00 00 00 00 00 00 03 e8 "
          + "00 00 00 00 00 00 07 d0 00 00 00 00 00 00 0b b8";

  @Test
  void encodesTheReferenceVector() {
    WcMessage m = new WcMessage(Type.RESPONSE, 5, 7680, 1000, 2000, 3000);
    assertThat(hex(m.encode())).isEqualTo(VECTOR);
  }

  @Test
  void decodesTheReferenceVector() {
    WcMessage m = WcMessage.decode(bytes(VECTOR));
    assertThat(m).isEqualTo(new WcMessage(Type.RESPONSE, 5, 7680, 1000, 2000, 3000));
    assertThat(m.precisionSeconds()).isEqualTo(32.0);
    assertThat(m.maxFreqErrorPpm()).isEqualTo(30.0);
    assertThat(m.hasCanonicalOriginate()).isTrue();
  }

  @Test
  void encodesIntoAByteBufferAtItsPositionWhateverItsOrder() {
    ByteBuffer buf = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    buf.position(4);
    new WcMessage(Type.RESPONSE, 5, 7680, 1000, 2000, 3000).encode(buf);
    assertThat(buf.position()).isEqualTo(36);
    byte[] out = new byte[32];
    buf.get(4, out);
    assertThat(hex(out)).isEqualTo(VECTOR);
  }

  @Test
  void encodeIntoATooSmallBufferWritesNothing() {
    ByteBuffer buf = ByteBuffer.allocate(31);
    assertThatThrownBy(() -> WcMessage.request(1).encode(buf))
        .isInstanceOf(BufferOverflowException.class);
    assertThat(buf.position()).isZero();
  }

  @Test
  void encodesIntoAnArrayAtAnOffset() {
    byte[] out = new byte[34];
    new WcMessage(Type.RESPONSE, 5, 7680, 1000, 2000, 3000).encode(out, 2);
    assertThat(hex(WcMessage.decode(out, 2, 32).encode())).isEqualTo(VECTOR);
  }

  @Test
  void decodesFromAByteBufferAndConsumesIt() {
    byte[] framed = new byte[36];
    System.arraycopy(bytes(VECTOR), 0, framed, 2, 32);
    ByteBuffer buf = ByteBuffer.wrap(framed, 2, 32).order(ByteOrder.LITTLE_ENDIAN);
    WcMessage m = WcMessage.decode(buf);
    assertThat(m.transmitNanos()).isEqualTo(3000);
    assertThat(buf.position()).isEqualTo(34);
  }

  @Test
  void echoesANonCanonicalOriginateByteForByte() {
    String request =
        "00 00 00 00 00 00 00 00 12 34 56 78 ee ff 11 22 "
            + "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";
    WcMessage m = WcMessage.decode(bytes(request));
    assertThat(m.hasCanonicalOriginate()).isFalse();
    assertThat(m.originateWire()).isEqualTo(0x12345678_eeff1122L);
    assertThat(m.originateNanos()).isEqualTo(0x12345678L * 1_000_000_000L + 0xeeff1122L);
    assertThat(hex(m.encode())).isEqualTo(request);

    WcMessage response = m.toResponse(Type.RESPONSE, -19, 128000, 5_000_000_001L, 5_000_000_002L);
    assertThat(hex(response.encode()).substring(24, 47)).isEqualTo("12 34 56 78 ee ff 11 22");
    WcMessage followUp = response.toFollowUp(6_000_000_000L);
    assertThat(followUp.type()).isEqualTo(Type.FOLLOW_UP);
    assertThat(followUp.originateWire()).isEqualTo(0x12345678_eeff1122L);
    assertThat(hex(followUp.encode()))
        .isEqualTo(
            "00 03 ed 00 00 01 f4 00 12 34 56 78 ee ff 11 22 "
                + "00 00 00 05 00 00 00 01 00 00 00 06 00 00 00 00");
  }

  @Test
  void parsesANormalLargeValue() {
    String msg =
        "00 01 00 00 00 00 00 00 aa bb cc dd 3b 9a c9 ff "
            + "aa bb cc dd 3b 9a c9 ff aa bb cc dd 3b 9a c9 ff";
    WcMessage m = WcMessage.decode(bytes(msg));
    assertThat(m.originateNanos()).isEqualTo(2864434397999999999L);
    assertThat(m.receiveNanos()).isEqualTo(2864434397999999999L);
    assertThat(m.transmitNanos()).isEqualTo(2864434397999999999L);
    assertThat(m.hasCanonicalOriginate()).isTrue();
    assertThat(hex(m.encode())).isEqualTo(msg);
  }

  @Test
  void ignoresTheReservedByteAndWritesZero() {
    byte[] b = bytes(VECTOR);
    b[3] = (byte) 0x7f;
    assertThat(hex(WcMessage.decode(b).encode())).isEqualTo(VECTOR);
  }

  @Test
  void encodesTheLargestTimeValue() {
    WcMessage m = new WcMessage(Type.RESPONSE, -128, 0xFFFF_FFFFL, 0, 0, WcMessage.MAX_TIME_NANOS);
    assertThat(hex(m.encode()))
        .endsWith("ff ff ff ff 3b 9a c9 ff")
        .startsWith("00 01 80 00 ff ff ff ff");
    assertThat(WcMessage.decode(m.encode())).isEqualTo(m);
  }

  @ParameterizedTest
  @CsvSource({"0, 31", "0, 33", "0, 0"})
  void rejectsTheWrongLength(int offset, int length) {
    assertThatThrownBy(() -> WcMessage.decode(new byte[64], offset, length))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("WC message: length must be 32 bytes, was " + length);
    assertThatThrownBy(() -> WcMessage.decode(ByteBuffer.allocate(length)))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("WC message: length must be 32 bytes, was " + length);
  }

  @Test
  void rejectsTheWrongVersion() {
    byte[] b = bytes(VECTOR);
    b[0] = 7;
    assertThatThrownBy(() -> WcMessage.decode(b))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("WC message: version must be 0, was 7");
    b[0] = (byte) 0xff;
    assertThatThrownBy(() -> WcMessage.decode(b))
        .hasMessage("WC message: version must be 0, was 255");
  }

  @Test
  void rejectsAnUnknownType() {
    byte[] b = bytes(VECTOR);
    b[1] = 4;
    assertThatThrownBy(() -> WcMessage.decode(b))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("WC message: type must be 0..3, was 4");
    ByteBuffer buf = ByteBuffer.wrap(b);
    assertThatThrownBy(() -> WcMessage.decode(buf)).isInstanceOf(ProtocolException.class);
    assertThat(buf.position()).as("position unchanged after a failure").isZero();
  }

  @Test
  void rejectsANonCanonicalReceiveOrTransmitValue() {
    byte[] b = bytes(VECTOR);
    b[20] = (byte) 0x3b;
    b[21] = (byte) 0x9a;
    b[22] = (byte) 0xca;
    b[23] = 0;
    assertThatThrownBy(() -> WcMessage.decode(b))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(
            "WC message: receive nanoseconds field must be below 1000000000, was 1000000000");
    byte[] c = bytes(VECTOR);
    for (int i = 24; i < 32; i++) {
      c[i] = (byte) 0xff;
    }
    assertThatThrownBy(() -> WcMessage.decode(c))
        .hasMessage(
            "WC message: transmit nanoseconds field must be below 1000000000, was 4294967295");
  }

  @Test
  void typeCodes() {
    assertThat(Type.values()).extracting(Type::code).containsExactly(0, 1, 2, 3);
    for (Type t : Type.values()) {
      assertThat(Type.fromCode(t.code())).isSameAs(t);
    }
    assertThat(Type.REQUEST.isResponse()).isFalse();
    assertThat(Type.FOLLOW_UP.isResponse()).isTrue();
  }

  @Test
  void constructorNamesTheBadField() {
    assertThatThrownBy(() -> new WcMessage(Type.REQUEST, 128, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("WC message: precision must be in -128..127, was 128");
    assertThatThrownBy(() -> new WcMessage(Type.REQUEST, 0, -1, 0, 0, 0))
        .hasMessage("WC message: maxFreqError must be in 0..4294967295, was -1");
    assertThatThrownBy(() -> new WcMessage(Type.REQUEST, 0, 1L << 32, 0, 0, 0))
        .hasMessage("WC message: maxFreqError must be in 0..4294967295, was 4294967296");
    assertThatThrownBy(() -> new WcMessage(Type.REQUEST, 0, 0, -1, 0, 0))
        .hasMessage("WC message: originate must be in 0..4294967295999999999 ns, was -1");
    assertThatThrownBy(() -> new WcMessage(Type.REQUEST, 0, 0, 0, -5, 0))
        .hasMessage("WC message: receive must be in 0..4294967295999999999 ns, was -5");
    assertThatThrownBy(() -> new WcMessage(Type.REQUEST, 0, 0, 0, 0, WcMessage.MAX_TIME_NANOS + 1))
        .hasMessage(
            "WC message: transmit must be in 0..4294967295999999999 ns, was 4294967296000000000");
    assertThatThrownBy(() -> new WcMessage(Type.REQUEST, 0, 0, 5, 0, 0, 0x1_00000000L))
        .hasMessage(
            "WC message: originateNanos must be 1000000000 to match originateWire 0x100000000,"
                + " was 5");
  }

  @ParameterizedTest
  @CsvSource({
    "0.00001, -16",
    "0.0007, -10",
    "0.001, -9",
    "0.5, -1",
    "1, 0",
    "1.5, 1",
    "0x1p-128, -128",
    "0x1p127, 127",
    "0x1.0000000000001p-20, -19",
    "0, -128",
    "-1, -128",
    "1e-300, -128",
    "0x1.0000000000001p127, 127",
    "Infinity, 127",
    "NaN, 127"
  })
  void encodesPrecision(double seconds, int expected) {
    assertThat(WcMessage.encodePrecision(seconds)).isEqualTo(expected);
  }

  @Test
  void decodesPrecision() {
    assertThat(WcMessage.decodePrecision(-9)).isEqualTo(0.001953125);
    assertThat(WcMessage.decodePrecision(-128)).isEqualTo(0x1p-128);
    assertThat(WcMessage.decodePrecision(127)).isEqualTo(0x1p127);
    for (int p = -128; p <= 127; p++) {
      assertThat(WcMessage.encodePrecision(WcMessage.decodePrecision(p))).isEqualTo(p);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "50, 12800",
    "1900, 486400",
    "0.01, 3",
    "28, 7168",
    "100000, 25600000",
    "0, 0",
    "-3, 0",
    "16777215.99609375, 4294967295",
    "1e12, 4294967295",
    "Infinity, 4294967295",
    "NaN, 4294967295"
  })
  void encodesMaxFreqError(double ppm, long expected) {
    assertThat(WcMessage.encodeMaxFreqError(ppm)).isEqualTo(expected);
  }

  @Test
  void decodesMaxFreqError() {
    assertThat(WcMessage.decodeMaxFreqError(12800)).isEqualTo(50.0);
    assertThat(WcMessage.decodeMaxFreqError(3)).isEqualTo(0.01171875);
    assertThat(WcMessage.decodeMaxFreqError(0xFFFF_FFFFL)).isEqualTo(16777215.99609375);
  }
}
