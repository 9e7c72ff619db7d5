package org.dvbcss.tools.check;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import org.dvbcss.companion.check.CheckReport;
import org.dvbcss.companion.check.RuleResult;
import org.dvbcss.companion.check.Status;
import org.jspecify.annotations.Nullable;

/**
 * The human-readable form of a check: a heading, one line per rule result (with what was observed,
 * what was expected, the source and the evidence under a FAIL or WARN), and a summary line.
 *
 * <pre>
 * PASS  R-CII-2    cii   first message carries protocolVersion 1.1
 * WARN  R-CII-10   cii   The hosts in wcUrl and tsUrl are reachable: ...
 *       observed: wcUrl udp://0.0.0.0:6677 names 0.0.0.0
 *       expected: a host a companion can reach
 *       source:   companion apps in the field rewrite such hosts to the TV's address
 *       wc_url: udp://0.0.0.0:6677
 * </pre>
 *
 * <p>Control characters in text from the TV are shown as {@code \\uXXXX}, so a message cannot move
 * the cursor or forge lines. Thread safe (stateless).
 */
public final class TextReport {
  /** Evidence values longer than this are cut, with {@code ...}. */
  static final int MAX_VALUE = 240;

  private TextReport() {}

  /**
   * The heading.
   *
   * @param target the CII URL checked
   * @param startedAt when the check started
   * @return two lines, each ending with a line separator
   */
  public static String heading(String target, Instant startedAt) {
    return "dvbcss check of "
        + clean(target)
        + System.lineSeparator()
        + "started "
        + startedAt.truncatedTo(ChronoUnit.SECONDS)
        + System.lineSeparator()
        + System.lineSeparator();
  }

  /**
   * One result: one line, and for FAIL and WARN the indented details.
   *
   * @param r the result
   * @return the lines, each ending with a line separator
   */
  public static String result(RuleResult r) {
    String nl = System.lineSeparator();
    boolean detailed = r.status() == Status.FAIL || r.status() == Status.WARN;
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-5s %-10s %-5s %s",
            r.status().label(),
            r.id(),
            r.rule().area().label(),
            clean(detailed ? r.rule().statement() : r.message())));
    b.append(nl);
    if (detailed) {
      String indent = "      ";
      b.append(indent).append("observed: ").append(clean(r.message())).append(nl);
      b.append(indent).append("expected: ").append(clean(r.expected())).append(nl);
      b.append(indent).append("source:   ").append(clean(r.rule().source())).append(nl);
      for (Map.Entry<String, Object> e : r.evidence().entrySet()) {
        b.append(indent)
            .append(clean(e.getKey()))
            .append(": ")
            .append(value(e.getValue()))
            .append(nl);
      }
    }
    return b.toString();
  }

  /**
   * The summary line.
   *
   * @param report the report
   * @return e.g. {@code 40 pass, 1 fail, 2 warn, 6 info (49 results) in 68.2 s}, with a line
   *     separator; a TV that was not reached says so
   */
  public static String summary(CheckReport report) {
    CheckReport.Summary s = report.summary();
    String counts =
        String.format(
            Locale.ROOT,
            "%d pass, %d fail, %d warn, %d info (%d results) in %.1f s",
            s.pass(),
            s.fail(),
            s.warn(),
            s.info(),
            report.results().size(),
            report.elapsedNanos() / 1e9);
    String verdict =
        !report.reached()
            ? "NOT REACHED: the TV's CSS-CII endpoint sent no first message"
            : s.fail() > 0 ? "FAIL" : "no FAIL";
    return System.lineSeparator() + verdict + ": " + counts + System.lineSeparator();
  }

  /** An evidence value: strings as they are, anything else as compact JSON; long ones cut. */
  static String value(@Nullable Object v) {
    String text = v instanceof String s ? s : JsonReport.compact(v);
    if (text.length() > MAX_VALUE) {
      text = text.substring(0, MAX_VALUE) + "...";
    }
    return clean(text);
  }

  /** Text with control characters (line breaks, escapes) made visible. */
  static String clean(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                b.append(String.format(Locale.ROOT, "\\u%04x", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.toString();
  }
}
