package org.dvbcss.tv;

import java.math.BigInteger;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The text faults: rewrites of the strict JSON the CII and TS encoders make into what a deviant TV
 * sends, through a Jackson tree. Numbers are kept exactly (big integers and decimals), and members
 * keep their order, so a rewrite changes only what its fault names.
 *
 * <p>Stateless; thread safe.
 */
final class FaultyText {
  /** The property {@link Fault#UNKNOWN_PROPERTY} adds, and its value. */
  static final String UNKNOWN_NAME = "vendorInfo";

  static final String UNKNOWN_VALUE = "dvbcss-java TV simulator";

  /** The property {@link Fault#INVALID_OPTIONAL_PROPERTY} makes invalid, and its value. */
  static final String INVALID_NAME = "teUrl";

  static final int INVALID_VALUE = 5;

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  private FaultyText() {}

  /**
   * The rewrite of CII messages for these faults.
   *
   * @param faults the faults
   * @return {@link UnaryOperator#identity()} if none of them is about CII text
   */
  static UnaryOperator<String> cii(Faults faults) {
    boolean array = faults.has(Fault.PRESENTATION_STATUS_ARRAY);
    boolean invalid = faults.has(Fault.INVALID_OPTIONAL_PROPERTY);
    boolean unknown = faults.has(Fault.UNKNOWN_PROPERTY);
    if (!array && !invalid && !unknown) {
      return UnaryOperator.identity();
    }
    return text ->
        rewrite(
            text,
            o -> {
              JsonNode status = o.get("presentationStatus");
              if (array && status != null && status.isString()) {
                ArrayNode tokens = o.putArray("presentationStatus"); // keeps its place
                for (String token : status.stringValue().split(" ")) {
                  tokens.add(token);
                }
              }
              if (invalid) {
                o.put(INVALID_NAME, INVALID_VALUE);
              }
              if (unknown) {
                o.put(UNKNOWN_NAME, UNKNOWN_VALUE);
              }
              return o;
            });
  }

  /**
   * The rewrite of CSS-TS control timestamps for these faults.
   *
   * @param faults the faults
   * @return {@link UnaryOperator#identity()} if none of them is about TS text
   */
  static UnaryOperator<String> ts(Faults faults) {
    boolean numbers = faults.has(Fault.INTEGERS_AS_NUMBERS);
    boolean speedOnly = faults.has(Fault.UNAVAILABLE_SPEED_ONLY);
    if (!numbers && !speedOnly) {
      return UnaryOperator.identity();
    }
    return text ->
        rewrite(
            text,
            o -> {
              JsonNode content = o.get("contentTime");
              JsonNode speed = o.get("timelineSpeedMultiplier");
              if (speedOnly
                  && content != null
                  && content.isNull()
                  && speed != null
                  && speed.isNull()) {
                ObjectNode only = MAPPER.createObjectNode();
                only.putNull("timelineSpeedMultiplier");
                return only;
              }
              if (numbers) {
                asNumber(o, "contentTime");
                asNumber(o, "wallClockTime");
              }
              return o;
            });
  }

  /** Replaces a string of digits (maybe signed) with the JSON integer it stands for. */
  private static void asNumber(ObjectNode o, String name) {
    JsonNode v = o.get(name);
    if (v != null && v.isString()) {
      try {
        o.put(name, new BigInteger(v.stringValue()));
      } catch (NumberFormatException e) {
        // not an integer ("plusinfinity" and the like): left as it is
      }
    }
  }

  private interface Edit {
    ObjectNode apply(ObjectNode message);
  }

  /** Parses, edits and writes one message; text that is not a JSON object goes out unchanged. */
  private static String rewrite(String text, Edit edit) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(text);
    } catch (JacksonException e) {
      return text;
    }
    if (!(tree instanceof ObjectNode o)) {
      return text;
    }
    return MAPPER.writeValueAsString(edit.apply(o));
  }
}
