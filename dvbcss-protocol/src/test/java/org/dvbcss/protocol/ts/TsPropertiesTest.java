package org.dvbcss.protocol.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.networknt.schema.JsonSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.dvbcss.protocol.DvbSchemas;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.PrivateData;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.TextMutations;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the CSS-TS codecs over seeded random cases: each case builds its inputs from {@code
 * new Random(seed)}, so a failing seed reproduces alone.
 */
class TsPropertiesTest {

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  static LongStream manySeeds() {
    return LongStream.range(0, 1000);
  }

  // ---- generators

  private static long anyLong(Random r) {
    switch (r.nextInt(5)) {
      case 0:
        return r.nextInt(3) - 1;
      case 1:
        return r.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
      case 2:
        return r.nextInt();
      default:
        return r.nextLong();
    }
  }

  private static double speed(Random r) {
    switch (r.nextInt(6)) {
      case 0:
        return 1.0;
      case 1:
        return 0.0;
      case 2:
        return r.nextInt(9) - 4;
      case 3:
        return Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL)
            * (r.nextBoolean() ? 1 : -1);
      case 4:
        return r.nextBoolean() ? Double.MIN_VALUE : -Double.MAX_VALUE;
      default:
        return (r.nextDouble() - 0.5) * 8;
    }
  }

  private static String string(Random r) {
    String pool = "abc:/.-_0 \"\\\u00e9\u2028\ud83d\ude00\n\t";
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      b.append(pool.charAt(r.nextInt(pool.length())));
    }
    return b.toString();
  }

  private static String uri(Random r) {
    return r.nextBoolean()
        ? "urn:dvb:css:timeline:temi:" + r.nextInt(256) + ":" + r.nextInt(256)
        : "dvb://" + Integer.toHexString(r.nextInt());
  }

  static SetupData setupData(Random r, boolean wild) {
    Presence<List<PrivateData>> priv = Presence.absent();
    if (r.nextBoolean()) {
      List<PrivateData> items = new ArrayList<>();
      int n = r.nextInt(3);
      for (int i = 0; i < n; i++) {
        items.add(
            r.nextBoolean()
                ? PrivateData.ofType(uri(r))
                : PrivateData.fromJson(
                    "{\"type\":\"urn:x:" + r.nextInt(9) + "\",\"n\":" + r.nextInt() + "}"));
      }
      priv = Presence.of(items);
    }
    String stem = wild ? string(r) : (r.nextInt(4) == 0 ? "" : uri(r));
    String selector = wild ? string(r) : uri(r);
    return new SetupData(stem, selector, priv);
  }

  static ControlTimestamp controlTimestamp(Random r) {
    return r.nextInt(4) == 0
        ? ControlTimestamp.unavailable(anyLong(r))
        : ControlTimestamp.available(anyLong(r), anyLong(r), speed(r));
  }

  static AptEptLpt aptEptLpt(Random r) {
    Presence<Timestamp> actual =
        r.nextBoolean() ? Presence.of(Timestamp.of(anyLong(r), anyLong(r))) : Presence.absent();
    Timestamp earliest =
        r.nextBoolean()
            ? Timestamp.minusInfinity(anyLong(r))
            : Timestamp.of(anyLong(r), anyLong(r));
    Timestamp latest =
        r.nextBoolean() ? Timestamp.plusInfinity(anyLong(r)) : Timestamp.of(anyLong(r), anyLong(r));
    return new AptEptLpt(actual, earliest, latest);
  }

  // ---- round trips

  @ParameterizedTest
  @MethodSource("seeds")
  void randomMessagesRoundTripExactly(long seed) {
    Random r = new Random(seed);
    SetupData s = setupData(r, true);
    assertThat(SetupData.decode(s.encode())).isEqualTo(s);
    assertThat(SetupData.decode(s.encode()).encode()).isEqualTo(s.encode());
    ControlTimestamp c = controlTimestamp(r);
    assertThat(ControlTimestamp.decode(c.encode())).isEqualTo(c);
    assertThat(ControlTimestamp.decode(c.encode()).encode()).isEqualTo(c.encode());
    assertThat(ControlTimestamp.isChanged(c, ControlTimestamp.decode(c.encode()))).isFalse();
    AptEptLpt a = aptEptLpt(r);
    assertThat(AptEptLpt.decode(a.encode())).isEqualTo(a);
    assertThat(AptEptLpt.decode(a.encode()).encode()).isEqualTo(a.encode());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void encodedTextNeverHoldsNoneOrNullStrings(long seed) {
    Random r = new Random(seed);
    String json = setupData(r, false).encode();
    assertThat(json).doesNotContain("\"None\"").doesNotContain("\"null\"");
  }

  // ---- DVB's schemas

  @ParameterizedTest
  @MethodSource("seeds")
  void everyEncodedMessageValidatesAgainstDvbsSchema(long seed) {
    JsonSchema setup = DvbSchemas.schema("css-ts.setup-data-1.1.1");
    JsonSchema ct = DvbSchemas.schema("css-ts.ct-1.1.1");
    JsonSchema ael = DvbSchemas.schema("css-ts.apteptlpt-1.1.1");
    Random r = new Random(seed);
    SetupData sd = setupData(r, false);
    String s = sd.encode();
    // The empty stem ("any content") is valid CSS-TS, but not an RFC 3986 URI: the schema's
    // "format": "uri" flags it, so it is checked with format assertions off.
    JsonSchema setupSchema =
        sd.contentIdStem().isEmpty() ? DvbSchemas.schema("css-ts.setup-data-1.1.1", false) : setup;
    assertThat(DvbSchemas.problems(setupSchema, s)).as(s).isEmpty();
    String c = controlTimestamp(r).encode();
    assertThat(DvbSchemas.problems(ct, c)).as(c).isEmpty();
    String a = aptEptLpt(r).encode();
    assertThat(DvbSchemas.problems(ael, a)).as(a).isEmpty();
  }

  // ---- arbitrary and mutated text

  private static final List<Function<String, Object>> DECODERS =
      List.of(SetupData::decode, ControlTimestamp::decode, AptEptLpt::decode);
  private static final List<String> PREFIXES =
      List.of("CSS-TS setup data: ", "CSS-TS control timestamp: ", "CSS-TS timestamps: ");

  @ParameterizedTest
  @MethodSource("manySeeds")
  void arbitraryTextDecodesOrFailsWithAProtocolException(long seed) {
    Random r = new Random(seed);
    String pool = "{}[]\":,. 0123456789-+eE truefalsnl\\/\tx\u00e9\ud83d\ude00";
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(60);
    if (r.nextBoolean()) {
      b.append('{');
    }
    for (int i = 0; i < n; i++) {
      b.append(pool.charAt(r.nextInt(pool.length())));
    }
    for (int k = 0; k < DECODERS.size(); k++) {
      decodeOrProtocolException(k, b.toString());
    }
  }

  @ParameterizedTest
  @MethodSource("manySeeds")
  void mutatedMessagesDecodeOrFailWithAProtocolException(long seed) {
    Random r = new Random(seed);
    int k = r.nextInt(3);
    String original =
        k == 0
            ? setupData(r, r.nextBoolean()).encode()
            : k == 1 ? controlTimestamp(r).encode() : aptEptLpt(r).encode();
    String mutated = TextMutations.mutate(r, original, "{}[]\":,. 0-19e+\\nulminusplusinfity");
    Object v = decodeOrProtocolException(k, mutated);
    if (v != null) {
      String again = encode(v);
      assertThat(DECODERS.get(k).apply(again)).isEqualTo(v);
    }
  }

  private static String encode(Object v) {
    if (v instanceof SetupData s) {
      return s.encode();
    }
    if (v instanceof ControlTimestamp c) {
      return c.encode();
    }
    return ((AptEptLpt) v).encode();
  }

  private static @Nullable Object decodeOrProtocolException(int k, String text) {
    try {
      return DECODERS.get(k).apply(text);
    } catch (ProtocolException e) {
      assertThat(e.getMessage()).startsWith(PREFIXES.get(k));
      return null;
    } catch (RuntimeException e) {
      fail("not a ProtocolException for " + text, e);
      return null;
    }
  }
}
