package org.dvbcss.tools.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dvbcss.companion.check.CheckReport;
import org.dvbcss.companion.check.RuleResult;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON-lines form of a check: one object per rule result, then a summary.
 *
 * <pre>{@code
 * {"rule":"R-CII-2","status":"PASS","protocol":"cii","message":"...",
 *  "evidence":{...,"expected":"...","source":"..."}}
 * {"summary":{"pass":40,"fail":1,"warn":2,"info":6}}
 * }</pre>
 *
 * <p>Text from the TV is carried as JSON strings, so any character is escaped by the JSON writer;
 * the lines are ASCII (other characters as {@code \\uXXXX}), so no line separator of any kind
 * appears inside one. Evidence values that are not JSON types are written as their {@code
 * toString()}; a non-finite number is written as a string ({@code "NaN"}).
 *
 * <p>Thread safe (stateless).
 */
public final class JsonReport {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private JsonReport() {}

  /**
   * One rule result as a JSON line (no line terminator).
   *
   * @param r the result
   * @return the JSON text
   */
  public static String line(RuleResult r) {
    Map<String, @Nullable Object> evidence = new LinkedHashMap<>();
    r.evidence().forEach((k, v) -> evidence.put(k, jsonable(v)));
    evidence.put("expected", r.expected());
    evidence.put("source", r.rule().source());
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("rule", r.id());
    o.put("status", r.status().label());
    o.put("protocol", r.rule().area().label());
    o.put("message", r.message());
    o.put("evidence", evidence);
    return MAPPER.writeValueAsString(o);
  }

  /**
   * The summary line of a report (no line terminator).
   *
   * @param report the report
   * @return {@code {"summary":{"pass":n,"fail":n,"warn":n,"info":n}}}
   */
  public static String summary(CheckReport report) {
    CheckReport.Summary s = report.summary();
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("pass", s.pass());
    counts.put("fail", s.fail());
    counts.put("warn", s.warn());
    counts.put("info", s.info());
    return MAPPER.writeValueAsString(Map.of("summary", counts));
  }

  /**
   * An evidence value as compact JSON, for the text and HTML reports.
   *
   * @param value an evidence value
   * @return its JSON text
   */
  static String compact(@Nullable Object value) {
    return MAPPER.writeValueAsString(jsonable(value));
  }

  /** The value with every part a JSON type: other objects become strings, NaN a string. */
  static @Nullable Object jsonable(@Nullable Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Double d && !Double.isFinite(d)) {
      return d.toString();
    }
    if (value instanceof Float f && !Float.isFinite(f)) {
      return f.toString();
    }
    if (value instanceof Number) {
      return value;
    }
    if (value instanceof List<?> list) {
      List<@Nullable Object> out = new java.util.ArrayList<>();
      list.forEach(v -> out.add(jsonable(v)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, @Nullable Object> m = new LinkedHashMap<>();
      map.forEach((k, v) -> m.put(String.valueOf(k), jsonable(v)));
      return m;
    }
    return String.valueOf(value);
  }
}
