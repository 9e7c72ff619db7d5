package org.dvbcss.protocol;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.ts.ControlTimestamp;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies random deviations that {@link ReadMode#TOLERANT} reading accepts to the encoded text of
 * valid messages, so that a tolerant decode must give back the message itself: each deviation is
 * one the decoder reads back to the original value (an invalid optional property is added only
 * where the message has none, a malformed timeline entry is inserted among the valid ones, an
 * integer is written as a JSON number of exactly its value).
 */
public final class DeviationGen {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Keeps numbers exactly as written (private data compares by its canonical text). */
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  /** Keys that are not CII properties, some of them near misses. */
  private static final List<String> UNKNOWN_KEYS =
      List.of("msrUrl", "x-vendor", "presentationstatus", "TimeLines", "wcURL", "", "extra");

  /** Values that no URL property accepts. */
  private static final List<String> BAD_URLS = List.of("5", "true", "{}", "[]", "1.5", "[\"x\"]");

  /** Values that {@code private} does not accept. */
  private static final List<String> BAD_PRIVATE =
      List.of("null", "5", "\"x\"", "{}", "[5]", "[{}]", "[{\"type\":1}]", "[null]");

  /** Timeline entries that are not valid. */
  private static final List<String> BAD_TIMELINES =
      List.of(
          "5",
          "null",
          "\"urn:dvb:css:timeline:pts\"",
          "[]",
          "{}",
          "{\"timelineSelector\":\"urn:x\"}",
          "{\"timelineSelector\":1,\"timelineProperties\":{\"unitsPerTick\":1,"
              + "\"unitsPerSecond\":1}}",
          "{\"timelineSelector\":\"urn:x\",\"timelineProperties\":{\"unitsPerTick\":0,"
              + "\"unitsPerSecond\":1}}",
          "{\"timelineSelector\":\"urn:x\",\"timelineProperties\":{\"unitsPerTick\":\"1\","
              + "\"unitsPerSecond\":90000}}",
          "{\"timelineSelector\":\"urn:x\",\"timelineProperties\":{\"unitsPerTick\":1,"
              + "\"unitsPerSecond\":90000.5}}",
          "{\"timelineSelector\":\"urn:x\",\"timelineProperties\":[]}",
          "{\"timelineSelector\":\"urn:x\",\"timelineProperties\":{\"unitsPerTick\":1,"
              + "\"unitsPerSecond\":-1}}");

  /** Values that a timeline's {@code accuracy} does not accept. */
  private static final List<String> BAD_ACCURACY = List.of("-1", "-0.5", "\"0.1\"", "null", "[]");

  private DeviationGen() {}

  /**
   * Text with deviations, and the kinds applied.
   *
   * @param json the text
   * @param kinds the kinds of deviation in it (empty: the text follows the spec)
   */
  public record Applied(String json, Set<Deviation> kinds) {}

  private static ObjectNode tree(String json) {
    return (ObjectNode) MAPPER.readTree(json);
  }

  private static JsonNode parse(String json) {
    return MAPPER.readTree(json);
  }

  private static <T> T pick(Random r, List<T> items) {
    return items.get(r.nextInt(items.size()));
  }

  /**
   * The encoded message with some of the CII deviations that fit it, each applied with probability
   * {@code p}.
   *
   * @param r the source of randomness
   * @param c a valid message
   * @param p the probability of each deviation
   * @return the text and the kinds applied
   */
  public static Applied cii(Random r, Cii c, double p) {
    ObjectNode o = tree(c.encode());
    EnumSet<Deviation> kinds = EnumSet.noneOf(Deviation.class);
    JsonNode status = o.get("presentationStatus");
    if (status != null && status.isString() && r.nextDouble() < p) {
      ArrayNode a = F.arrayNode();
      for (String t : status.stringValue().split(" ")) {
        a.add(t);
      }
      o.set("presentationStatus", a);
      kinds.add(Deviation.CII_PRESENTATION_STATUS_ARRAY);
    }
    if (r.nextDouble() < p) {
      boolean any = false;
      for (String key : List.of("mrsUrl", "teUrl")) {
        if (!o.has(key) && r.nextBoolean()) {
          o.set(key, parse(pick(r, BAD_URLS)));
          any = true;
        }
      }
      if (!o.has("private") && r.nextBoolean()) {
        o.set("private", parse(pick(r, BAD_PRIVATE)));
        any = true;
      }
      JsonNode timelines = o.get("timelines");
      if (timelines != null && timelines.isArray() && r.nextBoolean()) {
        any |= spoilTimelines(r, (ArrayNode) timelines);
      }
      if (any) {
        kinds.add(Deviation.CII_INVALID_OPTIONAL_PROPERTY);
      }
    }
    if (r.nextDouble() < p) {
      int n = 1 + r.nextInt(2);
      for (int i = 0; i < n; i++) {
        String key = pick(r, UNKNOWN_KEYS);
        if (!o.has(key)) {
          o.set(key, parse(pick(r, List.of("1", "null", "\"x\"", "[1,{\"a\":2}]", "{}"))));
        }
      }
      kinds.add(Deviation.CII_UNKNOWN_PROPERTY);
    }
    return new Applied(shuffled(r, o), kinds);
  }

  /**
   * Inserts malformed entries, or invalid optional parts of valid entries.
   *
   * @return whether anything was spoilt
   */
  private static boolean spoilTimelines(Random r, ArrayNode timelines) {
    boolean any = false;
    for (JsonNode entry : timelines) {
      ObjectNode e = (ObjectNode) entry;
      ObjectNode props = (ObjectNode) e.get("timelineProperties");
      if (!props.has("accuracy") && r.nextInt(3) == 0) {
        props.set("accuracy", parse(pick(r, BAD_ACCURACY)));
        any = true;
      }
      if (!e.has("private") && r.nextInt(3) == 0) {
        e.set("private", parse(pick(r, BAD_PRIVATE)));
        any = true;
      }
      if (r.nextInt(4) == 0) {
        // allowed by the schema, and neither a deviation nor reported
        e.put("x-entry", r.nextInt(10));
      }
    }
    int n = any && r.nextBoolean() ? 0 : 1 + r.nextInt(2);
    for (int i = 0; i < n; i++) {
      timelines.insert(r.nextInt(timelines.size() + 1), parse(pick(r, BAD_TIMELINES)));
      any = true;
    }
    return any;
  }

  /** The object's text with its members in a random order. */
  private static String shuffled(Random r, ObjectNode o) {
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>(o.properties());
    java.util.Collections.shuffle(members, r);
    ObjectNode out = F.objectNode();
    for (Map.Entry<String, JsonNode> m : members) {
      out.set(m.getKey(), m.getValue());
    }
    return MAPPER.writeValueAsString(out);
  }

  /**
   * The encoded control timestamp with some of the CSS-TS deviations that fit it, each applied with
   * probability {@code p}. A control timestamp sent without its wall clock time reads back as the
   * original when decoded with {@code now} equal to its wall clock time.
   *
   * @param r the source of randomness
   * @param ct a valid control timestamp
   * @param p the probability of each deviation
   * @return the text and the kinds applied
   */
  public static Applied controlTimestamp(Random r, ControlTimestamp ct, double p) {
    ObjectNode o = tree(ct.encode());
    EnumSet<Deviation> kinds = EnumSet.noneOf(Deviation.class);
    Long content = ct.contentTime();
    if (content != null && isExact(content) && r.nextDouble() < p) {
      o.put("contentTime", content.longValue());
      kinds.add(Deviation.TS_INTEGER_AS_NUMBER);
    }
    if (!ct.isAvailable() && r.nextDouble() < p) {
      o.remove("contentTime");
      kinds.add(Deviation.TS_UNAVAILABLE_WITHOUT_CONTENT_TIME);
    }
    if (!ct.isAvailable() && r.nextDouble() < p) {
      o.remove("wallClockTime");
      kinds.add(Deviation.TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME);
    } else if (isExact(ct.wallClockTime()) && r.nextDouble() < p) {
      o.put("wallClockTime", ct.wallClockTime());
      kinds.add(Deviation.TS_INTEGER_AS_NUMBER);
    }
    // the tree writes each number plainly: write it in a form chosen at random instead
    return new Applied(rewriteNumbers(r, shuffled(r, o), o), kinds);
  }

  /** The largest magnitude read from a JSON number: 2^53 - 1. */
  public static final long MAX_EXACT = (1L << 53) - 1;

  /**
   * Whether a JSON number of this value is read.
   *
   * @param v the value
   * @return whether its magnitude is at most {@link #MAX_EXACT}
   */
  public static boolean isExact(long v) {
    return -MAX_EXACT <= v && v <= MAX_EXACT;
  }

  /**
   * A JSON number whose value is exactly {@code v}: plain, with a zero fraction, or in exponent
   * form with a positive or negative exponent.
   *
   * @param r the source of randomness
   * @param v the value
   * @return the number's text
   */
  public static String number(Random r, long v) {
    String sign = v < 0 ? "-" : (v == 0 && r.nextInt(4) == 0 ? "-" : "");
    String digits = Long.toString(Math.abs(v));
    switch (r.nextInt(5)) {
      case 0:
      case 1:
        return sign + digits;
      case 2:
        return sign + digits + "." + "0".repeat(1 + r.nextInt(3));
      case 3:
        {
          // d.ddd e k, with k at most the number of digits after the first
          int k = r.nextInt(digits.length());
          String mantissa =
              k == 0
                  ? digits
                  : digits.substring(0, digits.length() - k)
                      + "."
                      + digits.substring(digits.length() - k);
          return sign + mantissa + pick(r, List.of("e", "E", "e+", "E+")) + k;
        }
      default:
        {
          int m = 1 + r.nextInt(4);
          String zeros = v == 0 ? "" : "0".repeat(m); // no leading zeros
          return sign + digits + zeros + pick(r, List.of("e-", "E-")) + m;
        }
    }
  }

  /** Writes each integer field that is a number in {@code o} in a form chosen at random. */
  private static String rewriteNumbers(Random r, String json, ObjectNode o) {
    String out = json;
    for (String key : List.of("contentTime", "wallClockTime")) {
      JsonNode v = o.get(key);
      if (v != null && v.isNumber()) {
        String written = "\"" + key + "\":" + v.longValue();
        if (!out.contains(written)) {
          throw new AssertionError("cannot find " + written + " in " + out);
        }
        out = out.replace(written, "\"" + key + "\":" + number(r, v.longValue()));
      }
    }
    return out;
  }
}
