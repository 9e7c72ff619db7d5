package org.dvbcss.protocol.cii;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.PrivateData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Random CII values for the seeded property and fuzz tests. */
public final class CiiGen {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] SCHEMES = {"dvb", "http", "https", "ws", "udp", "urn"};
  private static final String ALNUM =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private final Random r;

  /** Whether strings may be anything (unicode, quotes, controls), not only URIs. */
  private final boolean wild;

  /**
   * A generator.
   *
   * @param r the source of randomness, seeded by the caller
   * @param wild whether strings may be anything (unicode, quotes, controls), not only URIs
   */
  public CiiGen(Random r, boolean wild) {
    this.r = r;
    this.wild = wild;
  }

  String alnum(int min, int max) {
    int n = min + r.nextInt(max - min + 1);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
    }
    return b.toString();
  }

  String uri() {
    String scheme = SCHEMES[r.nextInt(SCHEMES.length)];
    if (scheme.equals("urn")) {
      return "urn:dvb:css:timeline:temi:" + r.nextInt(256) + ":" + r.nextInt(256);
    }
    String s = scheme + "://" + alnum(1, 10) + (r.nextBoolean() ? ":" + r.nextInt(65536) : "");
    if (r.nextBoolean()) {
      s += "/" + alnum(0, 10) + (r.nextBoolean() ? ";" + alnum(1, 4) + "~" + alnum(1, 8) : "");
    }
    return s;
  }

  String wildString() {
    int n = r.nextInt(12);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(6)) {
        case 0:
          b.append((char) r.nextInt(0x20));
          break;
        case 1:
          b.append("\"\\/ ".charAt(r.nextInt(4)));
          break;
        case 2:
          b.appendCodePoint(0x1F600 + r.nextInt(50));
          break;
        case 3:
          b.append((char) (0xA0 + r.nextInt(0x700)));
          break;
        default:
          b.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
      }
    }
    return b.toString();
  }

  String string() {
    return wild && r.nextBoolean() ? wildString() : uri();
  }

  String token() {
    String t;
    if (wild && r.nextInt(3) == 0) {
      t = wildString().replace(" ", "");
    } else {
      t = r.nextBoolean() ? alnum(1, 8) : "x-" + alnum(1, 5);
    }
    return t.isEmpty() ? "t" : t;
  }

  List<String> tokens() {
    List<String> out = new ArrayList<>();
    String[] first = {"okay", "transitioning", "fault"};
    out.add(r.nextInt(4) == 0 ? token() : first[r.nextInt(3)]);
    int more = r.nextInt(3);
    for (int i = 0; i < more; i++) {
      out.add(token());
    }
    return out;
  }

  JsonNode jsonValue(int depth) {
    switch (r.nextInt(depth > 0 ? 11 : 8)) {
      case 0:
        return F.numberNode(r.nextInt());
      case 1:
        return F.numberNode(new BigInteger(100, r).negate());
      case 2:
        return F.numberNode(new BigDecimal(BigInteger.valueOf(r.nextLong()), r.nextInt(20) - 10));
      case 3:
        return F.numberNode(r.nextDouble() * 1000);
      case 4:
        return F.stringNode(wild ? wildString() : alnum(0, 6));
      case 5:
        return F.nullNode();
      case 6:
        return F.booleanNode(r.nextBoolean());
      case 7:
        return F.stringNode(uri());
      case 8:
      case 9:
        {
          ObjectNode o = F.objectNode();
          int n = r.nextInt(4);
          for (int i = 0; i < n; i++) {
            o.set("k" + i, jsonValue(depth - 1));
          }
          return o;
        }
      default:
        {
          ArrayNode a = F.arrayNode();
          int n = r.nextInt(4);
          for (int i = 0; i < n; i++) {
            a.add(jsonValue(depth - 1));
          }
          return a;
        }
    }
  }

  PrivateData privateItem() {
    ObjectNode o = F.objectNode();
    int before = r.nextInt(2);
    for (int i = 0; i < before; i++) {
      o.set("a" + i, jsonValue(2));
    }
    o.put("type", uri());
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      o.set("k" + i, jsonValue(2));
    }
    return PrivateData.fromJson(o.toString());
  }

  List<PrivateData> privateList() {
    List<PrivateData> out = new ArrayList<>();
    int n = r.nextInt(3);
    for (int i = 0; i < n; i++) {
      out.add(privateItem());
    }
    return out;
  }

  long positive() {
    switch (r.nextInt(4)) {
      case 0:
        return 1;
      case 1:
        return 1 + r.nextInt(100000);
      case 2:
        return 1 + (r.nextLong() & Long.MAX_VALUE) % Long.MAX_VALUE;
      default:
        return Long.MAX_VALUE;
    }
  }

  TimelineOption timelineOption() {
    TimelineOption t = new TimelineOption(uri(), positive(), positive());
    switch (r.nextInt(4)) {
      case 0:
        t = t.withAccuracy(0.0);
        break;
      case 1:
        t = t.withAccuracy(r.nextDouble() * Math.pow(10, r.nextInt(12) - 9));
        break;
      default:
        break;
    }
    if (r.nextBoolean()) {
      t = t.withPrivateData(privateList());
    }
    return t;
  }

  List<TimelineOption> timelines() {
    List<TimelineOption> out = new ArrayList<>();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      out.add(timelineOption());
    }
    return out;
  }

  /** A value of the right type for the property, never absent or null. */
  Presence<?> value(CiiProperty p) {
    switch (p) {
      case PROTOCOL_VERSION:
        return Presence.of(Cii.PROTOCOL_VERSION);
      case CONTENT_ID_STATUS:
        return Presence.of(ContentIdStatus.values()[r.nextInt(2)]);
      case PRESENTATION_STATUS:
        return Presence.of(tokens());
      case TIMELINES:
        return Presence.of(timelines());
      case PRIVATE:
        return Presence.of(privateList());
      default:
        return Presence.of(string());
    }
  }

  /**
   * Any valid message: each property absent, null (where allowed) or a value.
   *
   * @return the message
   */
  public Cii cii() {
    return cii(false);
  }

  /**
   * A full state: every property present, null (where allowed) or a value; a server's first
   * message, or a client's state after it.
   */
  Cii fullState() {
    return cii(true);
  }

  private Cii cii(boolean full) {
    Cii.Builder b = Cii.builder();
    for (CiiProperty p : CiiProperty.values()) {
      int k = r.nextInt(3);
      if (k == 0 && !full) {
        continue;
      }
      if (k == 1 && p.isNullable()) {
        b.setNull(p);
      } else {
        set(b, p, value(p));
      }
    }
    return b.build();
  }

  /** Changes some properties of a state, to make a neighbour that often shares values. */
  Cii mutate(Cii c) {
    Cii.Builder b = c.toBuilder();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      CiiProperty p = CiiProperty.values()[r.nextInt(CiiProperty.values().length)];
      if (p.isNullable() && r.nextBoolean()) {
        b.setNull(p);
      } else {
        set(b, p, value(p));
      }
    }
    return b.build();
  }

  @SuppressWarnings("unchecked")
  static void set(Cii.Builder b, CiiProperty p, Presence<?> v) {
    switch (p) {
      case PROTOCOL_VERSION:
        b.protocolVersion((Presence<String>) v);
        break;
      case MRS_URL:
        b.mrsUrl((Presence<String>) v);
        break;
      case CONTENT_ID:
        b.contentId((Presence<String>) v);
        break;
      case CONTENT_ID_STATUS:
        b.contentIdStatus((Presence<ContentIdStatus>) v);
        break;
      case PRESENTATION_STATUS:
        b.presentationStatus((Presence<List<String>>) v);
        break;
      case WC_URL:
        b.wcUrl((Presence<String>) v);
        break;
      case TS_URL:
        b.tsUrl((Presence<String>) v);
        break;
      case TE_URL:
        b.teUrl((Presence<String>) v);
        break;
      case TIMELINES:
        b.timelines((Presence<List<TimelineOption>>) v);
        break;
      case PRIVATE:
        b.privateData((Presence<List<PrivateData>>) v);
        break;
      default:
        throw new AssertionError(p);
    }
  }
}
