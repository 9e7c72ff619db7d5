package org.dvbcss.companion.check;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.dvbcss.protocol.cii.CiiProperty;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules one CSS-CII message must keep by itself, applied to its text as received (a value of
 * the wrong type is invisible once a tolerant decoder has read the message, so the raw JSON is
 * checked). Socket free: used on the first message and on every update.
 *
 * <p>Stateless; thread safe.
 */
final class CiiMessageRules {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> STATUS_TOKENS = Set.of("okay", "transitioning", "fault");
  private static final Pattern TEMI = Pattern.compile("urn:dvb:css:timeline:temi:\\d+:\\d+");
  private static final Pattern MPD =
      Pattern.compile("urn:dvb:css:timeline:mpd:period:rel:\\d+(:[^:]+)?");
  private static final Set<String> PLAIN =
      Set.of("urn:dvb:css:timeline:pts", "urn:dvb:css:timeline:ct");

  private CiiMessageRules() {}

  /**
   * A rule a message broke.
   *
   * @param rule the rule
   * @param status FAIL or WARN (before the rule's cap)
   * @param detail what was seen, quoting the offending part
   */
  record Finding(Rule rule, Status status, String detail) {}

  /**
   * Judges one message.
   *
   * @param text the message as received
   * @param first whether it is the first message on its connection (which must carry the protocol
   *     version)
   * @return what it broke, in rule order; empty when it kept every rule
   */
  static List<Finding> judge(String text, boolean first) {
    List<Finding> out = new ArrayList<>();
    Optional<Map<String, JsonNode>> parsed = properties(text);
    if (parsed.isEmpty()) {
      out.add(new Finding(Rules.CII_4, Status.FAIL, "not a JSON object: " + quote(text)));
      return out;
    }
    Map<String, JsonNode> m = parsed.get();
    if (first) {
      JsonNode pv = m.get("protocolVersion");
      if (pv == null) {
        out.add(new Finding(Rules.CII_2, Status.FAIL, "no protocolVersion in the first message"));
      } else if (!pv.isString() || !"1.1".equals(pv.stringValue())) {
        out.add(new Finding(Rules.CII_2, Status.FAIL, "\"protocolVersion\":" + pv));
      }
    }
    for (String key : m.keySet()) {
      if (CiiProperty.fromWireName(key).isEmpty()) {
        out.add(
            new Finding(
                Rules.CII_4, Status.WARN, "unknown property \"" + key + "\":" + quote(m.get(key))));
      }
    }
    JsonNode cid = m.get("contentId");
    if (cid != null && !cid.isNull() && !m.containsKey("contentIdStatus")) {
      out.add(
          new Finding(Rules.CII_5, Status.FAIL, "contentId " + cid + " without contentIdStatus"));
    }
    JsonNode cis = m.get("contentIdStatus");
    if (cis != null
        && !cis.isNull()
        && !(cis.isString()
            && ("partial".equals(cis.stringValue()) || "final".equals(cis.stringValue())))) {
      out.add(new Finding(Rules.CII_6, Status.FAIL, "\"contentIdStatus\":" + quote(cis)));
    }
    JsonNode ps = m.get("presentationStatus");
    if (ps != null) {
      String bad = presentationStatusProblem(ps);
      if (bad != null) {
        out.add(new Finding(Rules.CII_7, Status.FAIL, "\"presentationStatus\":" + quote(ps) + bad));
      }
    }
    List<String> types = new ArrayList<>();
    typeCheck(m, "protocolVersion", false, null, types);
    typeCheck(m, "mrsUrl", true, Set.of("http", "https"), types);
    typeCheck(m, "contentId", true, null, types);
    typeCheck(m, "wcUrl", true, Set.of("udp"), types);
    typeCheck(m, "tsUrl", true, Set.of("ws", "wss"), types);
    typeCheck(m, "teUrl", true, Set.of("ws", "wss"), types);
    JsonNode wc = m.get("wcUrl");
    if (wc != null && wc.isString() && types.stream().noneMatch(t -> t.startsWith("wcUrl"))) {
      URI u = uri(wc.stringValue());
      if (u == null || u.getPort() < 0) {
        types.add("wcUrl " + wc + " has no port");
      }
    }
    JsonNode tl = m.get("timelines");
    if (tl != null && !tl.isNull() && !tl.isArray()) {
      types.add("timelines is " + kind(tl) + ": " + quote(tl));
    }
    JsonNode pr = m.get("private");
    if (pr != null && !pr.isArray()) {
      types.add("private is " + kind(pr) + ": " + quote(pr));
    }
    if (!types.isEmpty()) {
      out.add(new Finding(Rules.CII_8, Status.FAIL, String.join("; ", types)));
    }
    if (tl != null && tl.isArray()) {
      List<String> bad = new ArrayList<>();
      List<String> odd = new ArrayList<>();
      for (int i = 0; i < tl.size(); i++) {
        timelineProblems(tl.get(i), i, bad, odd);
      }
      if (!bad.isEmpty()) {
        out.add(new Finding(Rules.CII_11, Status.FAIL, String.join("; ", bad)));
      }
      if (!odd.isEmpty()) {
        out.add(new Finding(Rules.CII_12, Status.WARN, String.join("; ", odd)));
      }
    }
    if (cid != null && cid.isString()) {
      String s = cid.stringValue();
      URI u = uri(s);
      String scheme = u == null || u.getScheme() == null ? "" : u.getScheme().toLowerCase();
      if (!(scheme.equals("dvb") || scheme.equals("http") || scheme.equals("https"))) {
        out.add(
            new Finding(
                Rules.CII_15,
                Status.WARN,
                "contentId " + cid + " is neither dvb:// nor an MPD URL"));
      }
    }
    return out;
  }

  /**
   * The message's top-level properties in the order sent, or empty if it is not a JSON object.
   *
   * @param text the message
   * @return key to value
   */
  static Optional<Map<String, JsonNode>> properties(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JacksonException | IllegalArgumentException e) {
      return Optional.empty();
    }
    if (root == null || !root.isObject()) {
      return Optional.empty();
    }
    Map<String, JsonNode> m = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      m.put(e.getKey(), e.getValue());
    }
    return Optional.of(m);
  }

  /** The string value of a property, if it is a string. */
  static Optional<String> string(Map<String, JsonNode> m, String key) {
    JsonNode v = m.get(key);
    return v != null && v.isString() ? Optional.of(v.stringValue()) : Optional.empty();
  }

  private static @Nullable String presentationStatusProblem(JsonNode ps) {
    if (!ps.isString()) {
      return " is " + kind(ps) + ", not a string";
    }
    String s = ps.stringValue();
    if (s.isEmpty() || s.startsWith(" ") || s.endsWith(" ") || s.contains("  ")) {
      return " is not space-separated tokens";
    }
    String firstToken = s.split(" ", 2)[0];
    if (!STATUS_TOKENS.contains(firstToken)) {
      return ": its first token is not okay, transitioning or fault";
    }
    return null;
  }

  private static void typeCheck(
      Map<String, JsonNode> m,
      String key,
      boolean nullable,
      @Nullable Set<String> schemes,
      List<String> out) {
    JsonNode v = m.get(key);
    if (v == null || (v.isNull() && nullable)) {
      return;
    }
    if (!v.isString()) {
      out.add(key + " is " + kind(v) + ": " + quote(v));
      return;
    }
    if (schemes != null) {
      URI u = uri(v.stringValue());
      String scheme = u == null || u.getScheme() == null ? "" : u.getScheme().toLowerCase();
      if (!schemes.contains(scheme) || u.getHost() == null && u.getAuthority() == null) {
        out.add(key + " " + v + " is not a " + String.join(" or ", schemes) + " URL");
      }
    }
  }

  private static void timelineProblems(JsonNode t, int i, List<String> bad, List<String> odd) {
    String at = "timelines[" + i + "]";
    if (!t.isObject()) {
      bad.add(at + " is " + kind(t));
      return;
    }
    JsonNode sel = t.get("timelineSelector");
    if (sel == null || !sel.isString() || sel.stringValue().isEmpty()) {
      bad.add(at + ".timelineSelector is " + (sel == null ? "missing" : quote(sel)));
    } else {
      String s = sel.stringValue();
      boolean known = PLAIN.contains(s) || TEMI.matcher(s).matches() || MPD.matcher(s).matches();
      if (!known && s.startsWith("urn:dvb:css:timeline:")) {
        odd.add(at + " selector \"" + s + "\" is not well formed");
      }
    }
    JsonNode props = t.get("timelineProperties");
    if (props == null || !props.isObject()) {
      bad.add(at + ".timelineProperties is " + (props == null ? "missing" : quote(props)));
      return;
    }
    for (String k : List.of("unitsPerTick", "unitsPerSecond")) {
      JsonNode n = props.get(k);
      if (n == null || !n.isIntegralNumber() || n.asLong() <= 0) {
        bad.add(at + ".timelineProperties." + k + " is " + (n == null ? "missing" : quote(n)));
      }
    }
    JsonNode acc = props.get("accuracy");
    if (acc != null && !acc.isNumber()) {
      bad.add(at + ".timelineProperties.accuracy is " + quote(acc));
    }
  }

  private static @Nullable URI uri(String s) {
    try {
      return URI.create(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String kind(JsonNode v) {
    if (v.isString()) {
      return "a string";
    }
    if (v.isNumber()) {
      return "a number";
    }
    if (v.isArray()) {
      return "an array";
    }
    if (v.isObject()) {
      return "an object";
    }
    if (v.isBoolean()) {
      return "a boolean";
    }
    return v.isNull() ? "null" : "unreadable";
  }

  static String quote(@Nullable Object o) {
    String s = String.valueOf(o);
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}
