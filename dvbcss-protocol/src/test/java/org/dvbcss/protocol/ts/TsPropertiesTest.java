package org.dvbcss.protocol.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.networknt.schema.JsonSchema;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.dvbcss.protocol.DvbSchemas;
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

  // ---- round trips

  @ParameterizedTest
  @MethodSource("seeds")
  void randomMessagesRoundTripExactly(long seed) {
    Random r = new Random(seed);
    SetupData s = TsGen.setupData(r, true);
    assertThat(SetupData.decode(s.encode())).isEqualTo(s);
    assertThat(SetupData.decode(s.encode()).encode()).isEqualTo(s.encode());
    ControlTimestamp c = TsGen.controlTimestamp(r);
    assertThat(ControlTimestamp.decode(c.encode())).isEqualTo(c);
    assertThat(ControlTimestamp.decode(c.encode()).encode()).isEqualTo(c.encode());
    assertThat(ControlTimestamp.isChanged(c, ControlTimestamp.decode(c.encode()))).isFalse();
    AptEptLpt a = TsGen.aptEptLpt(r);
    assertThat(AptEptLpt.decode(a.encode())).isEqualTo(a);
    assertThat(AptEptLpt.decode(a.encode()).encode()).isEqualTo(a.encode());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void encodedTextNeverHoldsNoneOrNullStrings(long seed) {
    Random r = new Random(seed);
    String json = TsGen.setupData(r, false).encode();
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
    SetupData sd = TsGen.setupData(r, false);
    String s = sd.encode();
    // The empty stem ("any content") is valid CSS-TS, but not an RFC 3986 URI: the schema's
    // "format": "uri" flags it, so it is checked with format assertions off.
    JsonSchema setupSchema =
        sd.contentIdStem().isEmpty() ? DvbSchemas.schema("css-ts.setup-data-1.1.1", false) : setup;
    assertThat(DvbSchemas.problems(setupSchema, s)).as(s).isEmpty();
    String c = TsGen.controlTimestamp(r).encode();
    assertThat(DvbSchemas.problems(ct, c)).as(c).isEmpty();
    String a = TsGen.aptEptLpt(r).encode();
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
            ? TsGen.setupData(r, r.nextBoolean()).encode()
            : k == 1 ? TsGen.controlTimestamp(r).encode() : TsGen.aptEptLpt(r).encode();
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
