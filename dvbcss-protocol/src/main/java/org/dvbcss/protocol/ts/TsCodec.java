package org.dvbcss.protocol.ts;

import static org.dvbcss.protocol.internal.Json.quote;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.dvbcss.protocol.Decoded;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.PrivateData;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.ReadMode;
import org.dvbcss.protocol.internal.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/** The JSON codecs of the CSS-TS messages. Stateless; thread safe. */
final class TsCodec {

  static final String SETUP_DATA = "CSS-TS setup data";
  static final String CONTROL_TIMESTAMP = "CSS-TS control timestamp";
  static final String TIMESTAMPS = "CSS-TS timestamps";

  static final String MINUS_INFINITY = "minusinfinity";
  static final String PLUS_INFINITY = "plusinfinity";

  /**
   * DVB's {@code integerAsString}: decimal digits, no leading zeros, no {@code +}, no {@code -0}.
   */
  private static final Pattern INTEGER_AS_STRING = Pattern.compile("0|-?[1-9][0-9]*");

  /** Decimal exponents beyond which a number is certainly outside the range of double. */
  private static final int MAX_DECIMAL_EXPONENT = 400;

  private TsCodec() {}

  // ---- setup data

  static SetupData decodeSetupData(String json) {
    String prefix = SETUP_DATA + ": ";
    JsonNode root = object(Json.parse(json, SETUP_DATA), prefix);
    JsonNode stem = required(root, "contentIdStem", prefix);
    JsonNode selector = required(root, "timelineSelector", prefix);
    String stemValue = string(stem, prefix + "contentIdStem");
    String selectorValue = string(selector, prefix + "timelineSelector");
    Presence<List<PrivateData>> priv = Presence.absent();
    @Nullable JsonNode p = root.get("private");
    if (p != null) {
      priv = Presence.of(Json.decodePrivate(p, prefix + "private"));
    }
    return new SetupData(stemValue, selectorValue, priv);
  }

  static String encode(SetupData s) {
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeStringProperty("contentIdStem", s.contentIdStem());
          g.writeStringProperty("timelineSelector", s.timelineSelector());
          if (s.privateData().hasValue()) {
            g.writeName("private");
            Json.writePrivate(g, s.privateData().value());
          }
          g.writeEndObject();
        });
  }

  // ---- control timestamp

  /**
   * Decodes a control timestamp. In {@link ReadMode#TOLERANT} mode {@code contentTime} and {@code
   * wallClockTime} may also be exact JSON integers, and an "unavailable" control timestamp (speed
   * null) may leave out {@code contentTime} (read as null) and {@code wallClockTime} (read as
   * {@code wallClockNanosNow}).
   */
  static Decoded<ControlTimestamp> decodeControlTimestamp(
      String json, ReadMode mode, long wallClockNanosNow) {
    Objects.requireNonNull(mode, "mode");
    boolean tolerant = mode == ReadMode.TOLERANT;
    String prefix = CONTROL_TIMESTAMP + ": ";
    JsonNode root = object(Json.parse(json, CONTROL_TIMESTAMP), prefix);
    @Nullable JsonNode ct = root.get("contentTime");
    @Nullable JsonNode wct = root.get("wallClockTime");
    @Nullable JsonNode speed = root.get("timelineSpeedMultiplier");
    // only an "unavailable" control timestamp may leave out contentTime or wallClockTime
    boolean mayOmit = tolerant && speed != null && speed.isNull();
    EnumSet<Deviation> deviations = EnumSet.noneOf(Deviation.class);
    if (ct == null && !mayOmit) {
      throw missing(prefix, "contentTime");
    }
    if (wct == null && !mayOmit) {
      throw missing(prefix, "wallClockTime");
    }
    if (speed == null) {
      throw missing(prefix, "timelineSpeedMultiplier");
    }
    @Nullable Long contentTime = null;
    if (ct == null) {
      deviations.add(Deviation.TS_UNAVAILABLE_WITHOUT_CONTENT_TIME);
    } else if (!ct.isNull()) {
      contentTime = integer(ct, prefix + "contentTime", true, tolerant, deviations);
    }
    long wallClockTime;
    if (wct == null) {
      deviations.add(Deviation.TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME);
      wallClockTime = wallClockNanosNow;
    } else {
      wallClockTime = integer(wct, prefix + "wallClockTime", false, tolerant, deviations);
    }
    @Nullable Double speedValue = speed.isNull() ? null : speed(speed, prefix);
    if ((contentTime == null) != (speedValue == null)) {
      throw new ProtocolException(
          prefix
              + "contentTime and timelineSpeedMultiplier must both be null or both not null, were "
              + (ct == null ? "missing" : quote(ct))
              + " and "
              + quote(speed));
    }
    return new Decoded<>(new ControlTimestamp(contentTime, wallClockTime, speedValue), deviations);
  }

  private static ProtocolException missing(String prefix, String key) {
    return new ProtocolException(prefix + key + " is missing");
  }

  private static double speed(JsonNode v, String prefix) {
    if (!v.isNumber()) {
      throw new ProtocolException(
          prefix + "timelineSpeedMultiplier must be a number or null, was " + quote(v));
    }
    BigDecimal d = v.isIntegralNumber() ? new BigDecimal(v.bigIntegerValue()) : v.decimalValue();
    // cheap range check first: BigDecimal.doubleValue of a huge exponent is needlessly slow
    long exponent = (long) d.precision() - d.scale();
    if (d.signum() != 0 && exponent > MAX_DECIMAL_EXPONENT) {
      throw notFinite(v, prefix);
    }
    double x = d.signum() == 0 || exponent < -MAX_DECIMAL_EXPONENT ? 0.0 : d.doubleValue();
    if (!Double.isFinite(x)) {
      throw notFinite(v, prefix);
    }
    return x;
  }

  private static ProtocolException notFinite(JsonNode v, String prefix) {
    return new ProtocolException(
        prefix + "timelineSpeedMultiplier must be within the range of a double, was " + quote(v));
  }

  static String encode(ControlTimestamp c) {
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeName("contentTime");
          Long ct = c.contentTime();
          if (ct == null) {
            g.writeNull();
          } else {
            g.writeString(Long.toString(ct));
          }
          g.writeStringProperty("wallClockTime", Long.toString(c.wallClockTime()));
          g.writeName("timelineSpeedMultiplier");
          Double speed = c.timelineSpeedMultiplier();
          if (speed == null) {
            g.writeNull();
          } else {
            g.writeNumber(speed.doubleValue());
          }
          g.writeEndObject();
        });
  }

  // ---- actual, earliest and latest presentation timestamps

  static AptEptLpt decodeAptEptLpt(String json) {
    String prefix = TIMESTAMPS + ": ";
    JsonNode root = object(Json.parse(json, TIMESTAMPS), prefix);
    JsonNode earliest = required(root, "earliest", prefix);
    JsonNode latest = required(root, "latest", prefix);
    Presence<Timestamp> actual = Presence.absent();
    @Nullable JsonNode a = root.get("actual");
    if (a != null) {
      actual = Presence.of(timestamp(a, prefix + "actual", null));
    }
    return new AptEptLpt(
        actual,
        timestamp(earliest, prefix + "earliest", Timestamp.Infinity.MINUS),
        timestamp(latest, prefix + "latest", Timestamp.Infinity.PLUS));
  }

  private static Timestamp timestamp(
      JsonNode v, String field, Timestamp.@Nullable Infinity allowed) {
    if (!v.isObject()) {
      throw new ProtocolException(field + " must be an object, was " + quote(v));
    }
    JsonNode ct = required(v, "contentTime", field + ".");
    JsonNode wct = required(v, "wallClockTime", field + ".");
    long contentTime = integer(ct, field + ".contentTime", false);
    if (allowed != null && wct.isString() && wct.stringValue().equals(wireName(allowed))) {
      return new Timestamp(contentTime, 0, allowed);
    }
    if (allowed != null && !isInteger(wct)) {
      throw new ProtocolException(
          field
              + ".wallClockTime must be an integer as a string of decimal digits, or \""
              + wireName(allowed)
              + "\", was "
              + quote(wct));
    }
    return Timestamp.of(contentTime, integer(wct, field + ".wallClockTime", false));
  }

  private static String wireName(Timestamp.Infinity i) {
    switch (i) {
      case MINUS:
        return MINUS_INFINITY;
      case PLUS:
        return PLUS_INFINITY;
      default:
        throw new AssertionError(i);
    }
  }

  static String encode(AptEptLpt m) {
    return Json.write(
        g -> {
          g.writeStartObject();
          if (m.actual().hasValue()) {
            g.writeName("actual");
            writeTimestamp(g, m.actual().value());
          }
          g.writeName("earliest");
          writeTimestamp(g, m.earliest());
          g.writeName("latest");
          writeTimestamp(g, m.latest());
          g.writeEndObject();
        });
  }

  private static void writeTimestamp(JsonGenerator g, Timestamp t) {
    g.writeStartObject();
    g.writeStringProperty("contentTime", Long.toString(t.contentTime()));
    g.writeStringProperty(
        "wallClockTime", t.isFinite() ? Long.toString(t.wallClockTime()) : wireName(t.infinity()));
    g.writeEndObject();
  }

  // ---- shared

  private static JsonNode object(JsonNode root, String prefix) {
    if (!root.isObject()) {
      throw new ProtocolException(prefix + "must be a JSON object, was " + quote(root));
    }
    return root;
  }

  /**
   * The value of a key that must be there.
   *
   * @param prefix the message prefix ending {@code ": "}, or a field path ending {@code "."}
   */
  private static JsonNode required(JsonNode object, String key, String prefix) {
    @Nullable JsonNode v = object.get(key);
    if (v == null) {
      throw new ProtocolException(prefix + key + " is missing");
    }
    return v;
  }

  private static String string(JsonNode v, String field) {
    if (!v.isString()) {
      throw new ProtocolException(field + " must be a string, was " + quote(v));
    }
    return v.stringValue();
  }

  private static boolean isInteger(JsonNode v) {
    return v.isString() && INTEGER_AS_STRING.matcher(v.stringValue()).matches();
  }

  /** A DVB {@code integerAsString}, strictly, within the range of {@code long}. */
  private static long integer(JsonNode v, String field, boolean nullable) {
    if (!isInteger(v)) {
      throw new ProtocolException(
          field
              + " must be an integer as a string of decimal digits"
              + (nullable ? " or null" : "")
              + ", was "
              + quote(v));
    }
    String s = v.stringValue();
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new ProtocolException(field + " must fit in 64 bits, was " + quote(v), e);
    }
  }

  /**
   * The largest magnitude of an integer sent as a JSON number that is read: {@code 2^53 - 1}
   * (JavaScript's {@code Number.MAX_SAFE_INTEGER}). Beyond it a sender that keeps numbers as
   * doubles may have rounded the value, and {@code 2^53} itself may be a rounded {@code 2^53 + 1},
   * so the reading would be a guess.
   */
  static final long MAX_EXACT_NUMBER = (1L << 53) - 1;

  /** Decimal digits of {@link #MAX_EXACT_NUMBER}, for a cheap range check. */
  private static final int MAX_EXACT_NUMBER_DIGITS = 16;

  /**
   * A DVB {@code integerAsString}, or, when {@code tolerant}, also a JSON number whose value is an
   * exact integer of magnitude at most {@link #MAX_EXACT_NUMBER} ({@code 924956}, {@code 924956.0},
   * {@code 9.24956e5}), reported as {@link Deviation#TS_INTEGER_AS_NUMBER}.
   */
  private static long integer(
      JsonNode v, String field, boolean nullable, boolean tolerant, Set<Deviation> deviations) {
    if (!tolerant || !v.isNumber()) {
      return integer(v, field, nullable);
    }
    BigDecimal d = v.isIntegralNumber() ? new BigDecimal(v.bigIntegerValue()) : v.decimalValue();
    if (d.signum() == 0) {
      deviations.add(Deviation.TS_INTEGER_AS_NUMBER);
      return 0;
    }
    // the number of digits before the point: cheap, and bounds the work below (a huge positive or
    // negative exponent is decided here, before any arithmetic on the value)
    long exponent = (long) d.precision() - d.scale();
    if (exponent > MAX_EXACT_NUMBER_DIGITS) {
      throw notExact(v, field);
    }
    if (exponent <= 0) {
      // not zero, and no digit before the point: 0 < |d| < 1
      throw notInteger(v, field);
    }
    if (d.abs().compareTo(BigDecimal.valueOf(MAX_EXACT_NUMBER)) > 0) {
      throw notExact(v, field);
    }
    if (d.stripTrailingZeros().scale() > 0) {
      throw notInteger(v, field);
    }
    deviations.add(Deviation.TS_INTEGER_AS_NUMBER);
    return d.longValueExact();
  }

  private static ProtocolException notExact(JsonNode v, String field) {
    return new ProtocolException(
        field
            + " sent as a JSON number must be an integer of magnitude at most "
            + MAX_EXACT_NUMBER
            + " (2^53 - 1), was "
            + quote(v));
  }

  private static ProtocolException notInteger(JsonNode v, String field) {
    return new ProtocolException(
        field + " sent as a JSON number must be an integer, was " + quote(v));
  }
}
