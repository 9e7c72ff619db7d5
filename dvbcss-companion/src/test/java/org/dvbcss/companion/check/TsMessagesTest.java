package org.dvbcss.companion.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TsMessagesTest {
  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of(
            "{\"contentTime\":\"834000\",\"wallClockTime\":\"1234567890000\",\"timelineSpeedMultiplier\":1.0}",
            null),
        Arguments.of(
            "{\"contentTime\":\"-5\",\"wallClockTime\":\"12\",\"timelineSpeedMultiplier\":0}",
            null),
        Arguments.of(
            "{\"contentTime\":null,\"wallClockTime\":\"1234567890000\",\"timelineSpeedMultiplier\":null}",
            null),
        Arguments.of(
            "{\"contentTime\":924956,\"wallClockTime\":41381814326,\"timelineSpeedMultiplier\":1.0}",
            "contentTime is a JSON number"),
        Arguments.of(
            "{\"contentTime\":null,\"wallClockTime\":41381814326,\"timelineSpeedMultiplier\":null}",
            "wallClockTime is a JSON number"),
        Arguments.of("{\"timelineSpeedMultiplier\":null}", "contentTime is missing"),
        Arguments.of("{\"timelineSpeedMultiplier\":null}", "wallClockTime is missing"),
        Arguments.of(
            "{\"contentTime\":null,\"wallClockTime\":\"5\",\"timelineSpeedMultiplier\":1.0}",
            "contentTime is null but timelineSpeedMultiplier is not null"),
        Arguments.of(
            "{\"contentTime\":\"5\",\"wallClockTime\":\"5\",\"timelineSpeedMultiplier\":null}",
            "contentTime is not null but timelineSpeedMultiplier is null"),
        Arguments.of(
            "{\"contentTime\":\"5\",\"wallClockTime\":null,\"timelineSpeedMultiplier\":1}",
            "wallClockTime is null"),
        Arguments.of(
            "{\"contentTime\":\"5.5\",\"wallClockTime\":\"5\",\"timelineSpeedMultiplier\":1}",
            "contentTime is not a string of digits"),
        Arguments.of(
            "{\"contentTime\":\"5\",\"wallClockTime\":\"5\",\"timelineSpeedMultiplier\":\"1\"}",
            "timelineSpeedMultiplier is not a number"),
        Arguments.of(
            "{\"contentTime\":\"5\",\"wallClockTime\":\"5\"}",
            "timelineSpeedMultiplier is missing"),
        Arguments.of("not json", "not JSON"),
        Arguments.of("[1,2]", "not a JSON object"));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void judgesOneMessage(String text, String problem) {
    TsMessages.Verdict v = TsMessages.check(text);
    if (problem == null) {
      assertThat(v.problems()).isEmpty();
      assertThat(v.stamp()).isNotNull();
    } else {
      assertThat(v.problems()).anySatisfy(p -> assertThat(p).contains(problem));
    }
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void readsValuesTolerantly(String text, String problem) {
    TsMessages.Verdict v = TsMessages.check(text);
    if (text.contains("924956")) {
      assertThat(v.stamp().contentTime()).isEqualTo(924956L);
      assertThat(v.stamp().wallClockTime()).isEqualTo(41381814326L);
      assertThat(v.stamp().available()).isTrue();
    }
    if (text.contains("834000")) {
      assertThat(v.stamp()).isEqualTo(new TsMessages.Stamp(834000L, 1234567890000L, 1.0));
    }
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void auditCountsMalformed(String text, String problem) {
    TsAudit a = new TsAudit();
    a.see(text);
    assertThat(a.result("here").status()).isEqualTo(problem == null ? Status.PASS : Status.FAIL);
  }
}
