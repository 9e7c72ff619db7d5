package org.dvbcss.protocol.cii;

import static org.dvbcss.protocol.internal.Json.quote;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
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

/** The JSON codec of {@link Cii}. Stateless; thread safe. */
final class CiiCodec {

  static final String MESSAGE = "CII message";
  private static final String PREFIX = MESSAGE + ": ";

  private CiiCodec() {}

  /**
   * Decodes a message. In {@link ReadMode#TOLERANT} mode an invalid {@linkplain #isOptional
   * optional} property, or a malformed entry of {@code timelines} (or an invalid {@code accuracy}
   * or {@code private} of an entry), is left out instead of failing the message; a {@code
   * presentationStatus} sent as an array of tokens is read as those tokens. Unknown properties are
   * ignored and reported in both modes.
   */
  static Decoded<Cii> decode(String json, ReadMode mode) {
    Objects.requireNonNull(mode, "mode");
    JsonNode root = Json.parse(json, MESSAGE);
    if (!root.isObject()) {
      throw new ProtocolException(PREFIX + "must be a JSON object, was " + quote(root));
    }
    Reader r = new Reader(mode == ReadMode.TOLERANT);
    Cii.Builder b = Cii.builder();
    for (CiiProperty p : CiiProperty.values()) {
      @Nullable JsonNode v = root.get(p.wireName());
      if (v == null) {
        continue;
      }
      if (r.tolerant && isOptional(p)) {
        try {
          r.property(b, p, v);
        } catch (ProtocolException e) {
          r.deviated(Deviation.CII_INVALID_OPTIONAL_PROPERTY);
          b.omit(p);
        }
      } else {
        r.property(b, p, v);
      }
    }
    if (root.size() > r.known) {
      // some key is not one of the ten: the schema allows it, and it is ignored
      r.deviated(Deviation.CII_UNKNOWN_PROPERTY);
    }
    return new Decoded<>(b.build(), r.deviations);
  }

  /**
   * Whether a property is optional for tolerant reading: one that, when its value is invalid, can
   * be left out without changing what a companion follows. {@code mrsUrl} and {@code teUrl} are not
   * used for synchronisation, and {@code private} is opaque. The others decide which content, which
   * endpoints and which timelines a companion follows; leaving one of them out would keep its
   * previous value, which is a guess. (Entries of {@code timelines} are handled one by one: see
   * {@link Reader#timelines}.)
   */
  static boolean isOptional(CiiProperty p) {
    return p == CiiProperty.MRS_URL || p == CiiProperty.TE_URL || p == CiiProperty.PRIVATE;
  }

  /** One decoding: the mode, the deviations accepted so far, the known keys seen. */
  private static final class Reader {
    final boolean tolerant;
    final EnumSet<Deviation> deviations = EnumSet.noneOf(Deviation.class);
    int known;

    Reader(boolean tolerant) {
      this.tolerant = tolerant;
    }

    void deviated(Deviation d) {
      deviations.add(d);
    }

    void property(Cii.Builder b, CiiProperty p, JsonNode v) {
      known++;
      if (v.isNull() && p.isNullable()) {
        b.setNull(p);
        return;
      }
      switch (p) {
        case PROTOCOL_VERSION:
          if (!v.isString() || !Cii.PROTOCOL_VERSION.equals(v.stringValue())) {
            throw new ProtocolException(
                PREFIX + "protocolVersion must be \"1.1\", was " + quote(v));
          }
          b.protocolVersion(Cii.PROTOCOL_VERSION);
          break;
        case MRS_URL:
          b.mrsUrl(string(v, "mrsUrl"));
          break;
        case CONTENT_ID:
          b.contentId(string(v, "contentId"));
          break;
        case CONTENT_ID_STATUS:
          b.contentIdStatus(contentIdStatus(v));
          break;
        case PRESENTATION_STATUS:
          b.presentationStatus(presentationStatus(v));
          break;
        case WC_URL:
          b.wcUrl(string(v, "wcUrl"));
          break;
        case TS_URL:
          b.tsUrl(string(v, "tsUrl"));
          break;
        case TE_URL:
          b.teUrl(string(v, "teUrl"));
          break;
        case TIMELINES:
          b.timelines(timelines(v));
          break;
        case PRIVATE:
          b.privateData(Json.decodePrivate(v, PREFIX + "private"));
          break;
        default:
          throw new AssertionError(p);
      }
    }

    private List<String> presentationStatus(JsonNode v) {
      if (tolerant && v.isArray()) {
        return presentationStatusArray(v);
      }
      if (!v.isString()) {
        throw new ProtocolException(
            PREFIX + "presentationStatus must be a string, was " + quote(v));
      }
      String s = v.stringValue();
      List<String> tokens = Arrays.asList(s.split(" ", -1));
      for (String t : tokens) {
        if (t.isEmpty()) {
          throw new ProtocolException(
              PREFIX
                  + "presentationStatus must be tokens separated by single spaces, was "
                  + quote(v));
        }
      }
      return tokens;
    }

    /** {@link Deviation#CII_PRESENTATION_STATUS_ARRAY}: one or more strings, each one token. */
    private List<String> presentationStatusArray(JsonNode v) {
      if (v.isEmpty()) {
        throw new ProtocolException(
            PREFIX + "presentationStatus must be a string (or an array of tokens), was []");
      }
      List<String> tokens = new ArrayList<>(v.size());
      for (int i = 0; i < v.size(); i++) {
        JsonNode t = v.get(i);
        if (!t.isString() || t.stringValue().isEmpty() || t.stringValue().indexOf(' ') >= 0) {
          throw new ProtocolException(
              PREFIX
                  + "presentationStatus["
                  + i
                  + "] must be a token (a non-empty string without spaces), was "
                  + quote(t));
        }
        tokens.add(t.stringValue());
      }
      deviated(Deviation.CII_PRESENTATION_STATUS_ARRAY);
      return tokens;
    }

    /**
     * The timelines. In tolerant mode a malformed entry is left out of the list (the TV offers a
     * timeline that cannot be read, so it cannot be followed either), and an entry's invalid {@code
     * accuracy} or {@code private} is left out of the entry; a value that is not an array is an
     * error in both modes.
     */
    private List<TimelineOption> timelines(JsonNode v) {
      if (!v.isArray()) {
        throw new ProtocolException(PREFIX + "timelines must be an array or null, was " + quote(v));
      }
      List<TimelineOption> out = new ArrayList<>(v.size());
      for (int i = 0; i < v.size(); i++) {
        String field = PREFIX + "timelines[" + i + "]";
        if (tolerant) {
          try {
            out.add(timelineOption(v.get(i), field));
          } catch (ProtocolException e) {
            deviated(Deviation.CII_INVALID_OPTIONAL_PROPERTY);
          }
        } else {
          out.add(timelineOption(v.get(i), field));
        }
      }
      return out;
    }

    private TimelineOption timelineOption(JsonNode v, String field) {
      if (!v.isObject()) {
        throw new ProtocolException(field + " must be an object, was " + quote(v));
      }
      JsonNode selector = required(v, "timelineSelector", field);
      if (!selector.isString()) {
        throw new ProtocolException(
            field + ".timelineSelector must be a string, was " + quote(selector));
      }
      JsonNode props = required(v, "timelineProperties", field);
      String propsField = field + ".timelineProperties";
      if (!props.isObject()) {
        throw new ProtocolException(propsField + " must be an object, was " + quote(props));
      }
      long unitsPerTick =
          positiveLong(required(props, "unitsPerTick", propsField), propsField, "unitsPerTick");
      long unitsPerSecond =
          positiveLong(required(props, "unitsPerSecond", propsField), propsField, "unitsPerSecond");
      Presence<Double> accuracy = Presence.absent();
      @Nullable JsonNode acc = props.get("accuracy");
      if (acc != null) {
        double d = acc.isNumber() ? acc.numberValue().doubleValue() : Double.NaN;
        if (TimelineOption.isValidAccuracy(d)) {
          accuracy = Presence.of(d);
        } else if (tolerant) {
          deviated(Deviation.CII_INVALID_OPTIONAL_PROPERTY);
        } else {
          throw new ProtocolException(
              propsField + ".accuracy must be a finite number >= 0, was " + quote(acc));
        }
      }
      Presence<List<PrivateData>> priv = Presence.absent();
      @Nullable JsonNode p = v.get("private");
      if (p != null) {
        if (tolerant) {
          try {
            priv = Presence.of(Json.decodePrivate(p, field + ".private"));
          } catch (ProtocolException e) {
            deviated(Deviation.CII_INVALID_OPTIONAL_PROPERTY);
          }
        } else {
          priv = Presence.of(Json.decodePrivate(p, field + ".private"));
        }
      }
      return new TimelineOption(
          selector.stringValue(), unitsPerTick, unitsPerSecond, accuracy, priv);
    }
  }

  private static String string(JsonNode v, String field) {
    if (!v.isString()) {
      throw new ProtocolException(PREFIX + field + " must be a string or null, was " + quote(v));
    }
    return v.stringValue();
  }

  private static ContentIdStatus contentIdStatus(JsonNode v) {
    if (v.isString()) {
      var s = ContentIdStatus.fromWireName(v.stringValue());
      if (s.isPresent()) {
        return s.get();
      }
    }
    throw new ProtocolException(
        PREFIX + "contentIdStatus must be \"partial\" or \"final\", was " + quote(v));
  }

  private static JsonNode required(JsonNode object, String key, String field) {
    @Nullable JsonNode v = object.get(key);
    if (v == null) {
      throw new ProtocolException(field + "." + key + " is missing");
    }
    return v;
  }

  private static long positiveLong(JsonNode v, String field, String key) {
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() <= 0) {
      throw new ProtocolException(
          field + "." + key + " must be an integer in 1.." + Long.MAX_VALUE + ", was " + quote(v));
    }
    return v.longValue();
  }

  static String encode(Cii c) {
    return Json.write(
        g -> {
          g.writeStartObject();
          for (CiiProperty p : CiiProperty.values()) {
            Presence<?> v = c.get(p);
            if (v.isAbsent()) {
              continue;
            }
            g.writeName(p.wireName());
            if (v.isNull()) {
              g.writeNull();
            } else {
              writeValue(g, p, c);
            }
          }
          g.writeEndObject();
        });
  }

  private static void writeValue(JsonGenerator g, CiiProperty p, Cii c) {
    switch (p) {
      case CONTENT_ID_STATUS:
        g.writeString(c.contentIdStatus().value().wireName());
        break;
      case PRESENTATION_STATUS:
        g.writeString(String.join(" ", c.presentationStatus().value()));
        break;
      case TIMELINES:
        g.writeStartArray();
        for (TimelineOption t : c.timelines().value()) {
          writeTimelineOption(g, t);
        }
        g.writeEndArray();
        break;
      case PRIVATE:
        Json.writePrivate(g, c.privateData().value());
        break;
      default:
        g.writeString((String) c.get(p).value());
        break;
    }
  }

  private static void writeTimelineOption(JsonGenerator g, TimelineOption t) {
    g.writeStartObject();
    g.writeStringProperty("timelineSelector", t.timelineSelector());
    g.writeName("timelineProperties");
    g.writeStartObject();
    g.writeNumberProperty("unitsPerTick", t.unitsPerTick());
    g.writeNumberProperty("unitsPerSecond", t.unitsPerSecond());
    if (t.accuracy().hasValue()) {
      g.writeNumberProperty("accuracy", t.accuracy().value());
    }
    g.writeEndObject();
    if (t.privateData().hasValue()) {
      g.writeName("private");
      Json.writePrivate(g, t.privateData().value());
    }
    g.writeEndObject();
  }
}
