package org.dvbcss.companion.check;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a CSS-TS control timestamp as the TV sent it, and says how it departs from the message's
 * definition (rule R-TS-3), without sockets: {@code contentTime} a string of digits or null, {@code
 * wallClockTime} a string of digits, {@code timelineSpeedMultiplier} a number or null, and {@code
 * contentTime} and the speed both null or both not.
 *
 * <p>Stateless; thread safe.
 */
final class TsMessages {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final Pattern DIGITS = Pattern.compile("-?[0-9]+");

  private TsMessages() {}

  /**
   * A control timestamp read tolerantly, so that the other checks can go on with a deviant one.
   *
   * @param contentTime timeline ticks, or null when null or missing
   * @param wallClockTime wall clock nanoseconds, or null when null or missing
   * @param speed the timeline speed multiplier, or null when null, missing or not a number
   */
  record Stamp(@Nullable Long contentTime, @Nullable Long wallClockTime, @Nullable Double speed) {
    /** Whether it says the timeline is available: content time, wall clock time and speed set. */
    boolean available() {
      return contentTime != null && wallClockTime != null && speed != null;
    }

    /** Same correlation and speed. */
    boolean sameAs(Stamp o) {
      return java.util.Objects.equals(contentTime, o.contentTime)
          && java.util.Objects.equals(wallClockTime, o.wallClockTime)
          && java.util.Objects.equals(speed, o.speed);
    }
  }

  /**
   * The reading of one message.
   *
   * @param stamp what it said, or null when it is not a JSON object
   * @param problems how it departs from R-TS-3; empty when it keeps to it
   */
  record Verdict(@Nullable Stamp stamp, List<String> problems) {
    Verdict {
      problems = List.copyOf(problems);
    }

    boolean ok() {
      return problems.isEmpty();
    }
  }

  /**
   * Checks one message text against R-TS-3.
   *
   * @param text the message as received
   * @return what it said and what is wrong with it
   */
  static Verdict check(String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (RuntimeException e) {
      return new Verdict(null, List.of("not JSON: " + brief(text)));
    }
    if (root == null || !root.isObject()) {
      return new Verdict(null, List.of("not a JSON object: " + brief(text)));
    }
    List<String> problems = new ArrayList<>();
    Long ct = integer(root, "contentTime", true, problems);
    Long wct = integer(root, "wallClockTime", false, problems);
    Double speed = null;
    boolean speedNull = false;
    JsonNode s = root.get("timelineSpeedMultiplier");
    if (s == null) {
      problems.add("timelineSpeedMultiplier is missing");
      speedNull = true;
    } else if (s.isNull()) {
      speedNull = true;
    } else if (s.isNumber() && Double.isFinite(s.doubleValue())) {
      speed = s.doubleValue();
    } else {
      problems.add("timelineSpeedMultiplier is not a number: " + brief(s.toString()));
    }
    JsonNode c = root.get("contentTime");
    if (c != null && s != null) {
      boolean contentNull = c.isNull();
      if (contentNull != speedNull) {
        problems.add(
            "contentTime is "
                + (contentNull ? "null" : "not null")
                + " but timelineSpeedMultiplier is "
                + (speedNull ? "null" : "not null"));
      }
    }
    return new Verdict(new Stamp(ct, wct, speed), problems);
  }

  private static @Nullable Long integer(
      JsonNode root, String name, boolean nullable, List<String> problems) {
    JsonNode v = root.get(name);
    if (v == null) {
      problems.add(name + " is missing");
      return null;
    }
    if (v.isNull()) {
      if (!nullable) {
        problems.add(name + " is null");
      }
      return null;
    }
    if (v.isString()) {
      String t = v.stringValue();
      if (!DIGITS.matcher(t).matches()) {
        problems.add(name + " is not a string of digits: " + brief(v.toString()));
        return null;
      }
      try {
        return Long.parseLong(t);
      } catch (NumberFormatException e) {
        problems.add(name + " is out of range: " + brief(t));
        return null;
      }
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      problems.add(name + " is a JSON number (" + brief(v.toString()) + "), not a string");
      return v.longValue();
    }
    problems.add(name + " is not a string of digits: " + brief(v.toString()));
    return null;
  }

  /** The text cut to 120 characters, for messages. */
  static String brief(String text) {
    return text.length() <= 120 ? text : text.substring(0, 117) + "...";
  }
}
