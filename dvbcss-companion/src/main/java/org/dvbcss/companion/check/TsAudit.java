package org.dvbcss.companion.check;

import java.util.ArrayList;
import java.util.List;

/**
 * Every control timestamp a set of checks received, judged by {@link TsMessages#check}, for one
 * R-TS-3 result.
 *
 * <p>Threading: thread safe.
 */
final class TsAudit {
  private int seen;
  private int bad;
  private final List<String> examples = new ArrayList<>();

  /** Judges one message; returns the verdict. */
  synchronized TsMessages.Verdict see(String text) {
    TsMessages.Verdict v = TsMessages.check(text);
    seen++;
    if (!v.ok()) {
      bad++;
      if (examples.size() < 3) {
        examples.add(String.join("; ", v.problems()) + " in " + TsMessages.brief(text));
      }
    }
    return v;
  }

  /** How many messages were judged. */
  synchronized int seen() {
    return seen;
  }

  /** The R-TS-3 result, or an INFO when nothing was received. */
  synchronized RuleResult result(String where) {
    String expected =
        "contentTime a string of digits or null, wallClockTime a string of digits,"
            + " timelineSpeedMultiplier a number or null, contentTime and speed both null or both"
            + " not";
    if (seen == 0) {
      return RuleResult.of(
              Rules.TS_3,
              Status.INFO,
              "not checked: no control timestamp received " + where,
              expected)
          .with("messages", 0);
    }
    if (bad == 0) {
      return RuleResult.of(
              Rules.TS_3,
              Status.PASS,
              "all " + seen + " control timestamps received " + where + " are well formed",
              expected)
          .with("messages", seen);
    }
    return RuleResult.of(
            Rules.TS_3,
            Status.FAIL,
            bad
                + " of "
                + seen
                + " control timestamps received "
                + where
                + " are malformed: "
                + examples.get(0),
            expected)
        .with("messages", seen)
        .with("malformed", bad)
        .with("examples", List.copyOf(examples));
  }
}
