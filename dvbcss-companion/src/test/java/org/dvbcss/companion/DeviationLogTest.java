package org.dvbcss.companion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.protocol.Deviation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Warnings once per kind, and rejections rate-limited on hand-driven time. */
class DeviationLogTest {
  private final ManualTimeSource time = new ManualTimeSource(1_000_000_000L);
  private final List<String> warnings = new ArrayList<>();
  private final DeviationLog log = new DeviationLog(time, warnings::add);

  @Test
  void eachKindIsWarnedOfOnceWhenFirstSeenAndEveryMessageCounted() {
    assertThat(log.accepted(EnumSet.of(Deviation.TS_INTEGER_AS_NUMBER)))
        .containsExactly(Deviation.TS_INTEGER_AS_NUMBER);
    assertThat(log.accepted(EnumSet.of(Deviation.TS_INTEGER_AS_NUMBER))).isEmpty();
    assertThat(
            log.accepted(
                EnumSet.of(
                    Deviation.TS_UNAVAILABLE_WITHOUT_CONTENT_TIME,
                    Deviation.TS_INTEGER_AS_NUMBER,
                    Deviation.TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME)))
        .containsExactly(
            Deviation.TS_UNAVAILABLE_WITHOUT_CONTENT_TIME,
            Deviation.TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME);

    assertThat(warnings)
        .containsExactly(
            "TV deviates from the spec: "
                + Deviation.TS_INTEGER_AS_NUMBER.description()
                + " (accepted)",
            "TV deviates from the spec: "
                + Deviation.TS_UNAVAILABLE_WITHOUT_CONTENT_TIME.description()
                + " (accepted)",
            "TV deviates from the spec: "
                + Deviation.TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME.description()
                + " (accepted)");
    assertThat(log.deviations())
        .containsExactly(
            Map.entry(Deviation.TS_INTEGER_AS_NUMBER, 3L),
            Map.entry(Deviation.TS_UNAVAILABLE_WITHOUT_CONTENT_TIME, 1L),
            Map.entry(Deviation.TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME, 1L));
  }

  @Test
  void rejectionsAreWarnedOfAtMostOnceASecondPerProtocolSayingHowManyWereNotShown() {
    log.rejected("CSS-TS", "contentTime must be a string of digits, was 1.5");
    log.rejected("CSS-TS", "second");
    log.rejected("CSS-TS", "third");
    log.rejected("CSS-CII", "a CII one is not held back by TS's");
    time.advance(999_999_999L);
    log.rejected("CSS-TS", "still within the second");
    time.advance(1L);
    log.rejected("CSS-TS", "a second later");
    log.rejected("CSS-TS", "held back again");

    assertThat(warnings)
        .containsExactly(
            "TV sent an invalid CSS-TS message (rejected): contentTime must be a string of digits,"
                + " was 1.5",
            "TV sent an invalid CSS-CII message (rejected): a CII one is not held back by TS's",
            "TV sent an invalid CSS-TS message (rejected): a second later"
                + " (3 more rejected before this, not shown)");
    assertThat(log.rejected()).containsExactly(Map.entry("CSS-TS", 6L), Map.entry("CSS-CII", 1L));

    log.flush();
    assertThat(warnings.get(warnings.size() - 1))
        .isEqualTo("1 more invalid CSS-TS messages were rejected, not shown");
    log.flush();
    assertThat(warnings).hasSize(4);
  }

  static LongStream seeds() {
    return LongStream.range(0, 20);
  }

  /** Whatever the arrival times, no two warnings of a protocol are less than a second apart. */
  @ParameterizedTest
  @MethodSource("seeds")
  void noTwoWarningsOfAProtocolWithinASecondAndNothingLost(long seed) {
    Random random = new Random(seed);
    List<Long> warnedAt = new ArrayList<>();
    long[] accounted = {0};
    Pattern notShown = Pattern.compile("(\\d+) more");
    DeviationLog timed =
        new DeviationLog(
            time,
            line -> {
              if (line.startsWith("TV sent")) {
                warnedAt.add(time.nanoTime());
                accounted[0]++;
              }
              Matcher m = notShown.matcher(line);
              if (m.find()) {
                accounted[0] += Long.parseLong(m.group(1));
              }
            });
    int messages = 200 + random.nextInt(300);
    for (int i = 0; i < messages; i++) {
      time.advance((long) (random.nextDouble() * random.nextDouble() * 400_000_000L));
      timed.rejected("CSS-TS", "bad " + i);
    }
    for (int i = 1; i < warnedAt.size(); i++) {
      assertThat(warnedAt.get(i) - warnedAt.get(i - 1))
          .isGreaterThanOrEqualTo(DeviationLog.RATE_LIMIT_NANOS);
    }
    assertThat(timed.rejected()).containsEntry("CSS-TS", (long) messages);
    timed.flush();
    assertThat(accounted[0])
        .as("every rejection shown or counted as not shown")
        .isEqualTo(messages);
  }
}
