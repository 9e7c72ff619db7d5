package org.dvbcss.tv;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
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

  /** The host {@link Fault#ZERO_ADDRESS_URLS} advertises. */
  static final String ZERO_HOST = "0.0.0.0";

  /** The {@code contentIdStatus} {@link Fault#WRONG_CONTENT_ID_STATUS} sends. */
  static final String WRONG_STATUS = "complete";

  /** The speed {@link Fault#ONE_NULL_TIMESTAMP} keeps in "timeline unavailable". */
  static final double ONE_NULL_SPEED = 1.0;

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  private FaultyText() {}

  /**
   * The rewrite of CII messages for these faults.
   *
   * <p>A message whose strict text carries {@code protocolVersion} is a companion's first (the core
   * sends it once, in the first message, unless {@link Fault#FULL_STATE} resends it): {@link
   * Fault#WIPE_TIMELINES} adds {@code "timelines":[]} to every other message.
   *
   * @param faults the faults
   * @return {@link UnaryOperator#identity()} if none of them is about CII text
   */
  static UnaryOperator<String> cii(Faults faults) {
    boolean array = faults.has(Fault.PRESENTATION_STATUS_ARRAY);
    boolean invalid = faults.has(Fault.INVALID_OPTIONAL_PROPERTY);
    boolean unknown = faults.has(Fault.UNKNOWN_PROPERTY);
    boolean zero = faults.has(Fault.ZERO_ADDRESS_URLS);
    boolean noVersion = faults.has(Fault.NO_PROTOCOL_VERSION);
    boolean noStatus = faults.has(Fault.CONTENT_ID_WITHOUT_STATUS);
    boolean wrongStatus = faults.has(Fault.WRONG_CONTENT_ID_STATUS);
    boolean wipe = faults.has(Fault.WIPE_TIMELINES);
    boolean wrongRate = faults.has(Fault.WRONG_TICK_RATE);
    if (!array
        && !invalid
        && !unknown
        && !zero
        && !noVersion
        && !noStatus
        && !wrongStatus
        && !wipe
        && !wrongRate) {
      return UnaryOperator.identity();
    }
    return text ->
        rewrite(
            text,
            o -> {
              boolean first = o.has("protocolVersion");
              JsonNode status = o.get("presentationStatus");
              if (array && status != null && status.isString()) {
                ArrayNode tokens = o.putArray("presentationStatus"); // keeps its place
                for (String token : status.stringValue().split(" ")) {
                  tokens.add(token);
                }
              }
              if (zero) {
                zeroHost(o, "wcUrl");
                zeroHost(o, "tsUrl");
              }
              if (noVersion) {
                o.remove("protocolVersion");
              }
              if (noStatus) {
                o.remove("contentIdStatus");
              } else if (wrongStatus && o.path("contentIdStatus").isString()) {
                o.put("contentIdStatus", WRONG_STATUS);
              }
              if (wrongRate) {
                declareTemiRate(o);
              }
              if (wipe && !first) {
                o.putArray("timelines");
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

  /** Puts {@link #ZERO_HOST} in place of the host of a URL property, keeping the rest. */
  private static void zeroHost(ObjectNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null || !v.isString()) {
      return;
    }
    try {
      URI u = new URI(v.stringValue());
      if (u.getHost() == null) {
        return;
      }
      URI zeroed =
          new URI(
              u.getScheme(),
              u.getUserInfo(),
              ZERO_HOST,
              u.getPort(),
              u.getPath(),
              u.getQuery(),
              u.getFragment());
      o.put(name, zeroed.toString());
    } catch (URISyntaxException e) {
      // not a URL this rewrite understands: left as it is
    }
  }

  /** Declares {@link Fault#WRONG_TICK_RATE_UNITS_PER_SECOND} for the TEMI timeline. */
  private static void declareTemiRate(ObjectNode o) {
    JsonNode timelines = o.get("timelines");
    if (timelines == null || !timelines.isArray()) {
      return;
    }
    for (JsonNode t : timelines) {
      if (Timeline.TEMI.selector().equals(t.path("timelineSelector").asString(""))
          && t.get("timelineProperties") instanceof ObjectNode properties) {
        properties.put("unitsPerSecond", Fault.WRONG_TICK_RATE_UNITS_PER_SECOND);
      }
    }
  }

  /**
   * The rewrite of CSS-TS control timestamps for these faults, with no offset for {@link
   * Fault#TIMESTAMPS_OFF_CLOCK}.
   *
   * @param faults the faults
   * @return {@link UnaryOperator#identity()} if none of them is about TS text
   */
  static UnaryOperator<String> ts(Faults faults) {
    return ts(faults, 0);
  }

  /**
   * The rewrite of CSS-TS control timestamps for these faults.
   *
   * @param faults the faults
   * @param unixOffsetNanos what {@link Fault#TIMESTAMPS_OFF_CLOCK} adds to each wall clock time to
   *     make it Unix time in nanoseconds
   * @return {@link UnaryOperator#identity()} if none of them is about TS text
   */
  static UnaryOperator<String> ts(Faults faults, long unixOffsetNanos) {
    boolean numbers = faults.has(Fault.INTEGERS_AS_NUMBERS);
    boolean speedOnly = faults.has(Fault.UNAVAILABLE_SPEED_ONLY);
    boolean oneNull = faults.has(Fault.ONE_NULL_TIMESTAMP);
    boolean offClock = faults.has(Fault.TIMESTAMPS_OFF_CLOCK);
    if (!numbers && !speedOnly && !oneNull && !offClock) {
      return UnaryOperator.identity();
    }
    return text ->
        rewrite(
            text,
            o -> {
              JsonNode content = o.get("contentTime");
              JsonNode speed = o.get("timelineSpeedMultiplier");
              boolean unavailable =
                  content != null && content.isNull() && speed != null && speed.isNull();
              if (speedOnly && unavailable) {
                ObjectNode only = MAPPER.createObjectNode();
                only.putNull("timelineSpeedMultiplier");
                return only;
              }
              if (oneNull && unavailable) {
                o.put("timelineSpeedMultiplier", ONE_NULL_SPEED);
              }
              if (offClock) {
                shift(o, "wallClockTime", unixOffsetNanos);
              }
              if (numbers) {
                asNumber(o, "contentTime");
                asNumber(o, "wallClockTime");
              }
              return o;
            });
  }

  /** Adds {@code offset} to a string of digits, keeping it a string of digits. */
  private static void shift(ObjectNode o, String name, long offset) {
    JsonNode v = o.get(name);
    if (v != null && v.isString()) {
      try {
        o.put(name, new BigInteger(v.stringValue()).add(BigInteger.valueOf(offset)).toString());
      } catch (NumberFormatException e) {
        // not an integer: left as it is
      }
    }
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
