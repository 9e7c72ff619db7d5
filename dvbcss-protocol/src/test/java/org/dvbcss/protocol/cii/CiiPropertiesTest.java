package org.dvbcss.protocol.cii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.networknt.schema.JsonSchema;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.dvbcss.protocol.DvbSchemas;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.TextMutations;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Properties of the CII model and codec over seeded random cases: each case builds its inputs from
 * {@code new Random(seed)}, so a failing seed reproduces alone.
 *
 * <p>A <b>full state</b> is a {@code Cii} in which no property is absent (each is null or a value):
 * what a server's first message carries, and what a client holds after it.
 */
class CiiPropertiesTest {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final JsonMapper MAPPER = new JsonMapper();
  private static final String SCHEMA = "css-cii.cii-1.1.1";

  static LongStream seeds() {
    return LongStream.range(0, 200);
  }

  static LongStream manySeeds() {
    return LongStream.range(0, 1000);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomMessagesRoundTripExactly(long seed) {
    Cii c = new CiiGen(new Random(seed), true).cii();
    String json = c.encode();
    Cii d = Cii.decode(json);
    assertThat(d).isEqualTo(c);
    assertThat(d.encode()).isEqualTo(json);
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void absentPropertiesAreOmittedAndPresentOnesWritten(long seed) {
    Cii c = new CiiGen(new Random(seed), true).cii();
    JsonNode n = MAPPER.readTree(c.encode());
    for (CiiProperty p : CiiProperty.values()) {
      assertThat(n.has(p.wireName())).as(p.wireName()).isEqualTo(c.get(p).isPresent());
      if (c.get(p).isNull()) {
        assertThat(n.get(p.wireName()).isNull()).isTrue();
      }
    }
    assertThat(n.size()).isEqualTo(c.definedProperties().size());
  }

  /** Applying the diff is the same as applying the whole new message, for any two messages. */
  @ParameterizedTest
  @MethodSource("seeds")
  void updateWithDiffEqualsUpdateWithTheNewMessage(long seed) {
    CiiGen g = new CiiGen(new Random(seed), true);
    Cii a = g.cii();
    Cii b = g.mutate(g.cii());
    assertThat(Cii.update(a, Cii.diff(a, b))).isEqualTo(Cii.update(a, b));
  }

  /** {@code update(a, diff(a, b)) == b} for any {@code a} and any full state {@code b}. */
  @ParameterizedTest
  @MethodSource("seeds")
  void updateWithDiffReachesAFullState(long seed) {
    CiiGen g = new CiiGen(new Random(seed), true);
    Cii a = seed % 2 == 0 ? g.cii() : g.fullState();
    Cii b = seed % 3 == 0 ? g.fullState() : g.mutate(a.isFullState() ? a : g.fullState());
    if (!b.isFullState()) {
      b = Cii.update(g.fullState(), b);
    }
    assertThat(b.isFullState()).isTrue();
    Cii d = Cii.diff(a, b);
    assertThat(Cii.update(a, d)).isEqualTo(b);
    // and the same through the wire
    assertThat(a.combine(Cii.decode(d.encode()))).isEqualTo(b);
    // the diff holds the changed properties, plus at most the content id status
    Set<CiiProperty> changed = Cii.changedProperties(a, b);
    assertThat(d.definedProperties()).containsAll(changed);
    for (CiiProperty p : d.definedProperties()) {
      if (!changed.contains(p)) {
        assertThat(p).isEqualTo(CiiProperty.CONTENT_ID_STATUS);
        assertThat(changed).contains(CiiProperty.CONTENT_ID);
      }
    }
    assertThat(Cii.diff(b, b)).isEqualTo(Cii.empty());
    assertThat(Cii.changedProperties(b, b)).isEmpty();
  }

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
    decodeOrProtocolException(b.toString());
  }

  @ParameterizedTest
  @MethodSource("manySeeds")
  void mutatedMessagesDecodeOrFailWithAProtocolException(long seed) {
    Random r = new Random(seed);
    String mutated =
        TextMutations.mutate(r, new CiiGen(r, true).cii().encode(), "{}[]\":,. 0-1e\\nul");
    Cii c = decodeOrProtocolException(mutated);
    if (c != null) {
      assertThat(Cii.decode(c.encode())).isEqualTo(c);
    }
  }

  private static @Nullable Cii decodeOrProtocolException(String text) {
    try {
      return Cii.decode(text);
    } catch (ProtocolException e) {
      assertThat(e.getMessage()).startsWith("CII message: ");
      return null;
    } catch (RuntimeException e) {
      fail("not a ProtocolException for " + text, e);
      return null;
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void everyEncodedMessageValidatesAgainstDvbsSchema(long seed) {
    JsonSchema schema = DvbSchemas.schema(SCHEMA);
    CiiGen g = new CiiGen(new Random(seed), false);
    for (Cii c : new Cii[] {g.cii(), g.fullState()}) {
      String json = c.encode();
      assertThat(DvbSchemas.problems(schema, json)).as(json).isEmpty();
    }
  }

  /**
   * Differential test against DVB's schema (format assertions off: we accept any string where the
   * schema wants a URI, as the reference does): over randomly typed objects, we accept exactly what
   * the schema accepts. (The messages we reject that the schema accepts are outside this generator
   * and tested one by one in {@link CiiSchemaDifferencesTest}.)
   */
  @ParameterizedTest
  @MethodSource("manySeeds")
  void acceptsExactlyWhatTheSchemaAccepts(long seed) {
    JsonSchema schema = DvbSchemas.schema(SCHEMA, false);
    Random r = new Random(seed);
    CiiGen g = new CiiGen(r, false);
    ObjectNode o = F.objectNode();
    for (CiiProperty p : CiiProperty.values()) {
      if (r.nextBoolean()) {
        o.set(p.wireName(), r.nextInt(5) < 2 ? validNode(g, p, r) : nastyNode(r, g));
      }
    }
    if (r.nextInt(4) == 0) {
      o.set("x" + g.alnum(1, 3), g.jsonValue(2));
    }
    String json = o.toString();
    Optional<String> problems = DvbSchemas.problems(schema, json);
    Cii c = decodeOrProtocolException(json);
    if (problems.isEmpty() && c == null) {
      fail("schema accepts, we reject: " + json + "\n" + rejection(json));
    }
    if (problems.isPresent() && c != null) {
      fail("we accept, schema rejects: " + json + "\n" + problems.get());
    }
  }

  private static String rejection(String json) {
    try {
      Cii.decode(json);
      return "";
    } catch (ProtocolException e) {
      return e.getMessage();
    }
  }

  private static JsonNode validNode(CiiGen g, CiiProperty p, Random r) {
    Cii.Builder b = Cii.builder();
    if (p.isNullable() && r.nextInt(4) == 0) {
      b.setNull(p);
    } else {
      CiiGen.set(b, p, g.value(p));
    }
    return MAPPER.readTree(b.build().encode()).get(p.wireName());
  }

  private static final String[] STRINGS = {
    "",
    "okay",
    "okay sub",
    "okay  x",
    " okay",
    "okay ",
    "partial",
    "final",
    "done",
    "1.1",
    "1.0",
    "urn:dvb:css:timeline:pts",
    "udp://h:6677"
  };

  private static JsonNode scalar(Random r) {
    switch (r.nextInt(9)) {
      case 0:
        return F.nullNode();
      case 1:
        return F.numberNode(r.nextInt(5) - 1);
      case 2:
        return F.numberNode(new BigDecimal("1.5"));
      case 3:
        return F.numberNode(90000);
      case 4:
        return F.booleanNode(r.nextBoolean());
      case 5:
        return F.numberNode(new BigDecimal("0.25"));
      default:
        return F.stringNode(STRINGS[r.nextInt(STRINGS.length)]);
    }
  }

  private static JsonNode nastyNode(Random r, CiiGen g) {
    switch (r.nextInt(6)) {
      case 0:
      case 1:
        return scalar(r);
      case 2:
        {
          ArrayNode a = F.arrayNode();
          int n = r.nextInt(3);
          for (int i = 0; i < n; i++) {
            a.add(r.nextInt(3) == 0 ? scalar(r) : nastyTimeline(r));
          }
          return a;
        }
      case 3:
        {
          ArrayNode a = F.arrayNode();
          int n = r.nextInt(3);
          for (int i = 0; i < n; i++) {
            a.add(r.nextInt(3) == 0 ? scalar(r) : nastyPrivate(r));
          }
          return a;
        }
      case 4:
        return nastyTimeline(r);
      default:
        return g.jsonValue(1);
    }
  }

  private static JsonNode nastyPrivate(Random r) {
    ObjectNode o = F.objectNode();
    if (r.nextInt(4) > 0) {
      o.set("type", r.nextBoolean() ? F.stringNode("urn:x") : scalar(r));
    }
    if (r.nextBoolean()) {
      o.set("v", scalar(r));
    }
    return o;
  }

  private static JsonNode nastyTimeline(Random r) {
    ObjectNode o = F.objectNode();
    if (r.nextInt(5) > 0) {
      o.set("timelineSelector", r.nextBoolean() ? F.stringNode("urn:x") : scalar(r));
    }
    if (r.nextInt(5) > 0) {
      if (r.nextInt(6) == 0) {
        o.set("timelineProperties", scalar(r));
      } else {
        ObjectNode p = F.objectNode();
        for (String k : new String[] {"unitsPerTick", "unitsPerSecond", "accuracy"}) {
          int c = r.nextInt(4);
          if (c == 0) {
            continue;
          }
          p.set(k, c == 1 ? F.numberNode(1 + r.nextInt(1000)) : scalar(r));
        }
        o.set("timelineProperties", p);
      }
    }
    if (r.nextInt(3) == 0) {
      ArrayNode a = F.arrayNode();
      if (r.nextBoolean()) {
        a.add(nastyPrivate(r));
      }
      o.set("private", r.nextInt(4) == 0 ? scalar(r) : a);
    }
    return o;
  }
}
