package org.dvbcss.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.dvbcss.protocol.DeviationGen.Applied;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiGen;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.TsGen;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of tolerant reading over seeded random cases: a valid message, encoded, with random
 * allowed deviations applied to its JSON, reads back tolerantly as the message itself with exactly
 * the kinds applied; and strict reading of the same text fails exactly when a deviation that only
 * tolerant reading accepts was applied. Each case builds its inputs from {@code new Random(seed)},
 * so a failing seed reproduces alone.
 */
class TolerantPropertiesTest {

  /** The kinds that strict reading accepts too (and reports). */
  private static final Set<Deviation> STRICT_ACCEPTS = EnumSet.of(Deviation.CII_UNKNOWN_PROPERTY);

  static LongStream seeds() {
    return LongStream.range(0, 1000);
  }

  private static boolean strictFails(Set<Deviation> kinds) {
    return kinds.stream().anyMatch(k -> !STRICT_ACCEPTS.contains(k));
  }

  private static Set<Deviation> strictReports(Set<Deviation> kinds) {
    EnumSet<Deviation> s = EnumSet.noneOf(Deviation.class);
    for (Deviation k : kinds) {
      if (STRICT_ACCEPTS.contains(k)) {
        s.add(k);
      }
    }
    return s;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void ciiWithDeviationsReadsBackAsTheMessage(long seed) {
    Random r = new Random(seed);
    Cii c = new CiiGen(r, r.nextBoolean()).cii();
    Applied a = DeviationGen.cii(r, c, r.nextDouble());
    String at = "seed " + seed + ": " + a.json();

    Decoded<Cii> d = Cii.decode(a.json(), ReadMode.TOLERANT);
    assertThat(d.value()).as(at).isEqualTo(c);
    assertThat(d.deviations()).as(at).isEqualTo(a.kinds());

    if (strictFails(a.kinds())) {
      assertThatThrownBy(() -> Cii.decode(a.json(), ReadMode.STRICT))
          .as(at)
          .isInstanceOf(ProtocolException.class)
          .hasMessageStartingWith("CII message: ");
    } else {
      Decoded<Cii> s = Cii.decode(a.json(), ReadMode.STRICT);
      assertThat(s.value()).as(at).isEqualTo(c);
      assertThat(s.deviations()).as(at).isEqualTo(strictReports(a.kinds()));
    }
  }

  /** Control timestamps with times in the range a JSON number carries exactly, and beyond. */
  private static ControlTimestamp controlTimestamp(Random r) {
    if (r.nextInt(3) == 0) {
      return TsGen.controlTimestamp(r);
    }
    long wct = near(r);
    return r.nextInt(4) == 0
        ? ControlTimestamp.unavailable(wct)
        : ControlTimestamp.available(near(r), wct, r.nextInt(5) - 2 + r.nextInt(2) * 0.5);
  }

  private static long near(Random r) {
    long max = DeviationGen.MAX_EXACT;
    switch (r.nextInt(6)) {
      case 0:
        return r.nextBoolean() ? max : -max;
      case 1:
        return (r.nextBoolean() ? max : -max) + (r.nextBoolean() ? 1 : -1);
      case 2:
        return r.nextInt(1000) - 500;
      default:
        return (r.nextLong() >> 11) + (r.nextBoolean() ? 0 : r.nextInt(3) - 1);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void controlTimestampWithDeviationsReadsBackAsTheControlTimestamp(long seed) {
    Random r = new Random(seed);
    ControlTimestamp ct = controlTimestamp(r);
    Applied a = DeviationGen.controlTimestamp(r, ct, r.nextDouble());
    String at = "seed " + seed + ": " + a.json();

    // an "unavailable" sent without its wall clock time is taken as now: give its own as now
    Decoded<ControlTimestamp> d =
        ControlTimestamp.decode(a.json(), ReadMode.TOLERANT, ct.wallClockTime());
    assertThat(d.value()).as(at).isEqualTo(ct);
    assertThat(d.deviations()).as(at).isEqualTo(a.kinds());
    if (a.kinds().contains(Deviation.TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME)) {
      long other = ct.wallClockTime() ^ r.nextLong();
      assertThat(ControlTimestamp.decode(a.json(), ReadMode.TOLERANT, other).value())
          .as(at)
          .isEqualTo(ControlTimestamp.unavailable(other));
    }

    if (strictFails(a.kinds())) {
      assertThatThrownBy(() -> ControlTimestamp.decode(a.json(), ReadMode.STRICT, 0))
          .as(at)
          .isInstanceOf(ProtocolException.class)
          .hasMessageStartingWith("CSS-TS control timestamp: ");
    } else {
      Decoded<ControlTimestamp> s = ControlTimestamp.decode(a.json(), ReadMode.STRICT, 0);
      assertThat(s.value()).as(at).isEqualTo(ct);
      assertThat(s.deviations()).as(at).isEmpty();
    }
  }

  /** The cases above reach every kind, alone and with others, and plain messages too. */
  @org.junit.jupiter.api.Test
  void theCasesReachEveryKind() {
    java.util.Map<Deviation, Integer> alone = new java.util.EnumMap<>(Deviation.class);
    java.util.Map<Deviation, Integer> any = new java.util.EnumMap<>(Deviation.class);
    int plain = 0;
    for (long seed : seeds().toArray()) {
      Random r = new Random(seed);
      Set<Deviation> kinds =
          DeviationGen.cii(r, new CiiGen(r, r.nextBoolean()).cii(), r.nextDouble()).kinds();
      Random r2 = new Random(seed);
      Set<Deviation> tsKinds =
          DeviationGen.controlTimestamp(r2, controlTimestamp(r2), r2.nextDouble()).kinds();
      for (Set<Deviation> k : List.of(kinds, tsKinds)) {
        plain += k.isEmpty() ? 1 : 0;
        for (Deviation d : k) {
          any.merge(d, 1, Integer::sum);
          if (k.size() == 1) {
            alone.merge(d, 1, Integer::sum);
          }
        }
      }
    }
    for (Deviation d : Deviation.values()) {
      assertThat(any.getOrDefault(d, 0)).as(d.name()).isGreaterThan(50);
      assertThat(alone.getOrDefault(d, 0)).as(d.name() + " alone").isGreaterThan(5);
    }
    assertThat(plain).isGreaterThan(50);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void anIntegerAsANumberBeyondTheExactRangeIsAnError(long seed) {
    Random r = new Random(seed);
    long max = DeviationGen.MAX_EXACT;
    long v = (max + 1 + (r.nextLong() & Long.MAX_VALUE) % (Long.MAX_VALUE - max));
    if (r.nextBoolean()) {
      v = -v;
    }
    String number = DeviationGen.number(r, v);
    String json =
        r.nextBoolean()
            ? "{\"contentTime\":"
                + number
                + ",\"wallClockTime\":\"1\",\"timelineSpeedMultiplier\":1}"
            : "{\"contentTime\":\"1\",\"wallClockTime\":"
                + number
                + ",\"timelineSpeedMultiplier\":1}";
    assertThatThrownBy(() -> ControlTimestamp.decode(json, ReadMode.TOLERANT, 0))
        .as(json)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("sent as a JSON number must be an integer of magnitude at most");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aNumberWithAFractionIsAnError(long seed) {
    Random r = new Random(seed);
    long v = r.nextLong() >> (11 + r.nextInt(40));
    String fraction = Integer.toString(1 + r.nextInt(999_999));
    String number = v + "." + "0".repeat(r.nextInt(3)) + fraction;
    String json =
        "{\"contentTime\":" + number + ",\"wallClockTime\":\"1\",\"timelineSpeedMultiplier\":1}";
    assertThatThrownBy(() -> ControlTimestamp.decode(json, ReadMode.TOLERANT, 0))
        .as(json)
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("CSS-TS control timestamp: contentTime sent as a JSON number");
  }
}
