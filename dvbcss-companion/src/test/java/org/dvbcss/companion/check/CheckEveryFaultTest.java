package org.dvbcss.companion.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dvbcss.tv.Fault;
import org.dvbcss.tv.Faults;
import org.dvbcss.tv.Tv;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The whole check, guided steps included, against the simulated TV: clean, it gives no FAIL and no
 * WARN; with each fault, the rule that catches that fault FAILs or WARNs naming it, and every other
 * rule gives what it gives for the clean TV (except the few a fault cannot help moving, listed with
 * the reason).
 */
class CheckEveryFaultTest {
  /** For each fault: the rule that catches it. */
  static final Map<String, String> CAUGHT_BY = new LinkedHashMap<>();

  /** For each fault: other rules it moves, and why. */
  static final Map<String, Set<String>> ALSO_MOVES = new TreeMap<>();

  static {
    // these add the property to every message, so every update repeats it unchanged
    ALSO_MOVES.put("invalid-optional-property", Set.of("R-CII-13"));
    ALSO_MOVES.put("unknown-property", Set.of("R-CII-13"));
    // the old content's companions follow the new content instead of hearing "unavailable"
    ALSO_MOVES.put("ignore-stem", Set.of("R-TS-8"));
    // a TV that drops connections without a close frame when it stops also does so when sync stops
    ALSO_MOVES.put("no-close-frame", Set.of("R-CII-17"));
    // no response can be matched, so there is no wall clock to check timestamps against
    // and no response matches a request, so the other CSS-WC rules have nothing to judge
    ALSO_MOVES.put(
        "wc-wrong-originate",
        Set.of(
            "R-TS-5", "R-WC-1", "R-WC-2", "R-WC-4", "R-WC-5", "R-WC-6", "R-WC-7", "R-WC-8",
            "R-WC-9"));
    // the fragmented setup data is answered as late as any other
    ALSO_MOVES.put("late-first-timestamp", Set.of("R-WS-4"));
    CAUGHT_BY.put("presentation-status-array", "R-CII-7");
    CAUGHT_BY.put("integers-as-numbers", "R-TS-3");
    CAUGHT_BY.put("unavailable-speed-only", "R-TS-3");
    CAUGHT_BY.put("invalid-optional-property", "R-CII-8");
    CAUGHT_BY.put("unknown-property", "R-CII-4");
    CAUGHT_BY.put("full-state", "R-CII-13");
    CAUGHT_BY.put("slow-timestamps", "R-TS-8");
    CAUGHT_BY.put("ignore-stem", "R-TS-4");
    CAUGHT_BY.put("refuse-by-close", "R-WS-2");
    CAUGHT_BY.put("no-close-frame", "R-WS-6");
    CAUGHT_BY.put("zero-address-urls", "R-CII-10");
    CAUGHT_BY.put("no-protocol-version", "R-CII-2");
    CAUGHT_BY.put("content-id-without-status", "R-CII-5");
    CAUGHT_BY.put("wrong-content-id-status", "R-CII-6");
    CAUGHT_BY.put("wipe-timelines", "R-CII-13");
    CAUGHT_BY.put("first-message-late", "R-CII-1");
    CAUGHT_BY.put("cii-closes-on-client-message", "R-CII-14");
    CAUGHT_BY.put("one-null-timestamp", "R-TS-3");
    CAUGHT_BY.put("timestamps-off-clock", "R-TS-5");
    CAUGHT_BY.put("wrong-tick-rate", "R-TS-6");
    CAUGHT_BY.put("late-first-timestamp", "R-TS-2");
    CAUGHT_BY.put("ts-closes-on-client-timestamp", "R-TS-9");
    CAUGHT_BY.put("wc-precision-unset", "R-WC-5");
    CAUGHT_BY.put("wc-wrong-originate", "R-WC-3");
    CAUGHT_BY.put("wc-dies-on-malformed", "R-WC-8");
    CAUGHT_BY.put("wc-follow-up-missing", "R-WC-2");
  }

  private static final int PARALLEL = 4;

  /** A guide that does to the simulated TV what a person would. */
  private static Guide guide(Tv tv) {
    return step -> {
      switch (step) {
        case PAUSE -> tv.pause();
        case PLAY -> tv.play();
        case CHANGE_CONTENT -> tv.nextContent();
        case STOP_SYNC -> tv.close();
      }
    };
  }

  private static CheckReport check(Faults faults) throws Exception {
    try (Tv tv = TsTestSupport.tv(faults)) {
      CheckConfig config =
          CheckConfig.builder(tv.ciiUrl())
              .duration(Duration.ofSeconds(2))
              .rapidConnections(20)
              .tsClients(3)
              .availabilityWait(Duration.ofSeconds(1))
              .guide(guide(tv))
              .build();
      return Checker.run(config, CheckListener.NONE);
    }
  }

  /** The worst status each rule gave. */
  private static Map<String, Status> worst(CheckReport report) {
    Map<String, Status> out = new TreeMap<>();
    for (RuleResult r : report.results()) {
      out.merge(r.id(), r.status(), (a, b) -> rank(a) >= rank(b) ? a : b);
    }
    return out;
  }

  private static int rank(Status s) {
    return switch (s) {
      case PASS -> 0;
      case INFO -> 1;
      case WARN -> 2;
      case FAIL -> 3;
    };
  }

  @TestFactory
  Stream<DynamicTest> everyFaultIsCaughtByItsRuleAndMovesNothingElse() throws Exception {
    Map<Fault, Future<CheckReport>> runs = new EnumMap<>(Fault.class);
    Future<CheckReport> cleanRun;
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      cleanRun = pool.submit(() -> check(Faults.NONE));
      for (Fault f : Fault.values()) {
        runs.put(f, pool.submit(() -> check(Faults.of(f))));
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
    } finally {
      pool.shutdownNow();
    }
    CheckReport clean = cleanRun.get();
    Map<String, Status> cleanWorst = worst(clean);
    List<DynamicTest> tests = new ArrayList<>();
    tests.add(
        DynamicTest.dynamicTest(
            "clean TV: every rule reported, none FAILs or WARNs",
            () -> {
              assertThat(clean.reached()).isTrue();
              for (Rule r : Rules.all()) {
                if (r.area() != Area.DIAL) {
                  assertThat(cleanWorst).as("reported " + r.id()).containsKey(r.id());
                }
              }
              assertThat(clean.results())
                  .allSatisfy(
                      r ->
                          assertThat(r.status())
                              .as(r.id() + ": " + r.message())
                              .isIn(Status.PASS, Status.INFO));
              assertThat(clean.exitStatus()).isZero();
            }));
    for (Fault f : Fault.values()) {
      tests.add(
          DynamicTest.dynamicTest(
              f.shortName(),
              () -> {
                String rule = CAUGHT_BY.get(f.shortName());
                assertThat(rule).as("the rule that catches " + f.shortName()).isNotNull();
                CheckReport report = runs.get(f).get();
                assertThat(report.resultsOf(rule))
                    .as(f.shortName() + " caught by " + rule + " in " + report.results())
                    .anyMatch(r -> r.status() == Status.FAIL || r.status() == Status.WARN);
                Map<String, Status> w = worst(report);
                Set<String> allowed = ALSO_MOVES.getOrDefault(f.shortName(), Set.of());
                for (Map.Entry<String, Status> e : cleanWorst.entrySet()) {
                  String id = e.getKey();
                  if (id.equals(rule) || allowed.contains(id)) {
                    continue;
                  }
                  assertThat(w.get(id))
                      .as(
                          f.shortName()
                              + ": "
                              + id
                              + " as for the clean TV; "
                              + report.resultsOf(id))
                      .isEqualTo(e.getValue());
                }
              }));
    }
    return tests.stream();
  }
}
