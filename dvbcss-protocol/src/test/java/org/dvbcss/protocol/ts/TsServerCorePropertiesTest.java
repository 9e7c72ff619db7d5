package org.dvbcss.protocol.ts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.ts.TsServerCore.Received;
import org.dvbcss.protocol.ts.TsServerCore.Session;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the CSS-TS server core over seeded random sequences of opens, setups, reports,
 * closes, attaches, detaches, content id changes, timeline changes and stalled sessions, checked
 * against a model after every step. Each case builds its inputs from {@code new Random(seed)}.
 */
class TsServerCorePropertiesTest {
  private static final String[] SELECTORS = {"a", "b", "c"};
  private static final String[] STEMS = {"", "dvb://x", "dvb://y.1", "dvb://z"};
  private static final String[] CONTENT_IDS = {"dvb://x.1", "dvb://y.1", "dvb://y.10", null};

  static LongStream seeds() {
    return LongStream.range(0, 200);
  }

  static LongStream concurrentSeeds() {
    return LongStream.range(0, 5);
  }

  /** Tracks which selectors it was told are needed, and notes any call that does not pair up. */
  static final class PairChecker {
    final Set<String> needed = new HashSet<>();
    final List<String> errors = new ArrayList<>();
    int neededCalls;
    int notNeededCalls;

    synchronized void needed(String selector) {
      neededCalls++;
      if (!needed.add(selector)) {
        errors.add("needed twice: " + selector);
      }
    }

    synchronized void notNeeded(String selector) {
      notNeededCalls++;
      if (!needed.remove(selector)) {
        errors.add("not needed while not needed: " + selector);
      }
    }

    synchronized Set<String> neededNow() {
      return new HashSet<>(needed);
    }
  }

  /** A source serving some selectors with one settable control timestamp. */
  static final class ModelSource extends TimelineSource {
    final int index;
    final Set<String> serves;
    final PairChecker pairs = new PairChecker();
    private volatile @Nullable ControlTimestamp ct;

    ModelSource(int index, Set<String> serves, @Nullable ControlTimestamp ct) {
      this.index = index;
      this.serves = serves;
      this.ct = ct;
    }

    void set(@Nullable ControlTimestamp ct) {
      this.ct = ct;
      notifyChanged();
    }

    @Nullable ControlTimestamp ct() {
      return ct;
    }

    @Override
    public boolean recognises(String timelineSelector) {
      return serves.contains(timelineSelector);
    }

    @Override
    public @Nullable ControlTimestamp controlTimestamp(String timelineSelector) {
      return serves.contains(timelineSelector) ? ct : null;
    }

    @Override
    public void selectorNeeded(String timelineSelector) {
      pairs.needed(timelineSelector);
    }

    @Override
    public void selectorNotNeeded(String timelineSelector) {
      pairs.notNeeded(timelineSelector);
    }

    @Override
    public String toString() {
      return "source" + index + serves;
    }
  }

  /** One connection and the model's view of its session. */
  static final class Peer implements TsServerCore.Sender {
    final List<String> texts = new ArrayList<>();
    @Nullable Session session;
    @Nullable SetupData setup;
    boolean reported;
    volatile boolean writable = true;
    volatile boolean accepting = true;
    int textsWhenBlocked;

    @Override
    public synchronized boolean send(String text) {
      if (!accepting) {
        return false;
      }
      texts.add(text);
      return true;
    }

    @Override
    public boolean isWritable() {
      return writable;
    }

    boolean blocked() {
      return !writable || !accepting;
    }

    synchronized @Nullable ControlTimestamp last() {
      return texts.isEmpty() ? null : ControlTimestamp.decode(texts.get(texts.size() - 1));
    }

    synchronized int sent() {
      return texts.size();
    }

    synchronized List<ControlTimestamp> received() {
      return texts.stream().map(ControlTimestamp::decode).toList();
    }
  }

  private static ControlTimestamp randomControlTimestamp(Random r) {
    return r.nextInt(4) == 0
        ? ControlTimestamp.unavailable(r.nextInt(1000))
        : ControlTimestamp.available(r.nextInt(5), r.nextInt(5), r.nextInt(3) * 0.5);
  }

  private static String randomReport(Random r) {
    Timestamp earliest =
        r.nextBoolean() ? Timestamp.minusInfinity(r.nextInt(100)) : Timestamp.of(r.nextInt(100), 5);
    Timestamp latest =
        r.nextBoolean() ? Timestamp.plusInfinity(r.nextInt(100)) : Timestamp.of(r.nextInt(100), 9);
    return new AptEptLpt(Presence.absent(), earliest, latest).encode();
  }

  /** The model of one core: what it should have sent, counted and told. */
  static final class Model {
    final ManualTimeSource time = new ManualTimeSource(1_000_000_000L);
    final SysClock wall = SysClock.builder().timeSource(time).tickRate(1e9).build();
    final TsServerCore core = new TsServerCore(wall, CONTENT_IDS[0]);
    final List<ModelSource> allSources = new ArrayList<>();
    final List<ModelSource> attached = new ArrayList<>();
    final List<Peer> open = new ArrayList<>();
    final List<Peer> everyPeer = new ArrayList<>();
    final PairChecker listenerPairs = new PairChecker();
    @Nullable String contentId = CONTENT_IDS[0];
    long setups;
    long invalidSetups;
    long timingReports;
    long invalidMessages;
    int closed;

    Model(Random r) {
      for (int i = 0; i < 4; i++) {
        Set<String> serves = new HashSet<>();
        for (String s : SELECTORS) {
          if (r.nextBoolean()) {
            serves.add(s);
          }
        }
        allSources.add(
            new ModelSource(i, serves, r.nextInt(5) == 0 ? null : randomControlTimestamp(r)));
      }
      core.addListener(
          new TsServerCore.Listener() {
            @Override
            public void selectorNeeded(String timelineSelector) {
              listenerPairs.needed(timelineSelector);
            }

            @Override
            public void selectorNotNeeded(String timelineSelector) {
              listenerPairs.notNeeded(timelineSelector);
            }

            @Override
            public void sessionClosed(Session session) {
              closed++;
            }
          });
    }

    Map<String, Integer> selectorCounts() {
      Map<String, Integer> counts = new TreeMap<>();
      for (Peer p : open) {
        if (p.setup != null) {
          counts.merge(p.setup.timelineSelector(), 1, Integer::sum);
        }
      }
      return counts;
    }

    /** What the peer should have last taken: null if its source is not ready. */
    @Nullable ControlTimestamp target(SetupData setup) {
      if (contentId != null && contentId.startsWith(setup.contentIdStem())) {
        for (ModelSource s : attached) {
          if (s.serves.contains(setup.timelineSelector())) {
            return s.ct();
          }
        }
      }
      return ControlTimestamp.unavailable(Math.round(wall.ticks()));
    }

    void step(Random r) {
      int op = r.nextInt(12);
      switch (op) {
        case 0, 1 -> {
          Peer p = new Peer();
          p.session = core.open("s" + everyPeer.size(), p);
          open.add(p);
          everyPeer.add(p);
        }
        case 2, 3 -> {
          List<Peer> awaiting = open.stream().filter(p -> p.setup == null).toList();
          if (!awaiting.isEmpty()) {
            Peer p = awaiting.get(r.nextInt(awaiting.size()));
            SetupData setup =
                new SetupData(
                    STEMS[r.nextInt(STEMS.length)], SELECTORS[r.nextInt(SELECTORS.length)]);
            if (r.nextInt(4) == 0) {
              p.writable = false; // set up while stalled
              p.textsWhenBlocked = p.sent();
            }
            assertThat(core.receive(p.session, setup.encode())).isEqualTo(Received.SETUP);
            p.setup = setup;
            setups++;
          }
        }
        case 4 -> {
          if (!open.isEmpty()) {
            Peer p = open.get(r.nextInt(open.size()));
            String text = r.nextBoolean() ? "junk" : new SetupData("", "a").encode();
            if (p.setup == null) {
              text = r.nextBoolean() ? "junk" : randomReport(r);
              assertThat(core.receive(p.session, text)).isEqualTo(Received.INVALID_SETUP);
              invalidSetups++;
            } else {
              assertThat(core.receive(p.session, text)).isEqualTo(Received.INVALID_MESSAGE);
              invalidMessages++;
            }
          }
        }
        case 5 -> {
          List<Peer> setUp = open.stream().filter(p -> p.setup != null).toList();
          if (!setUp.isEmpty()) {
            Peer p = setUp.get(r.nextInt(setUp.size()));
            assertThat(core.receive(p.session, randomReport(r))).isEqualTo(Received.TIMING_REPORT);
            p.reported = true;
            timingReports++;
          }
        }
        case 6 -> {
          if (!open.isEmpty()) {
            Peer p = open.remove(r.nextInt(open.size()));
            assertThat(core.close(p.session)).isTrue();
            assertThat(core.close(p.session)).isFalse();
          }
        }
        case 7 -> {
          ModelSource s = allSources.get(r.nextInt(allSources.size()));
          core.attach(s);
          if (!attached.contains(s)) {
            attached.add(s);
          }
        }
        case 8 -> {
          ModelSource s = allSources.get(r.nextInt(allSources.size()));
          core.detach(s);
          attached.remove(s);
        }
        case 9 -> {
          contentId = CONTENT_IDS[r.nextInt(CONTENT_IDS.length)];
          core.setContentId(contentId);
        }
        case 10 -> {
          ModelSource s = allSources.get(r.nextInt(allSources.size()));
          s.set(r.nextInt(6) == 0 ? null : randomControlTimestamp(r));
        }
        default -> {
          if (r.nextInt(3) == 0) {
            time.advance(r.nextInt(1_000_000_000));
          }
          if (!open.isEmpty()) {
            Peer p = open.get(r.nextInt(open.size()));
            if (p.blocked()) {
              p.writable = true;
              p.accepting = true;
              core.writable(p.session);
            } else {
              p.textsWhenBlocked = p.sent();
              if (r.nextBoolean()) {
                p.writable = false;
              } else {
                p.accepting = false;
              }
            }
          }
        }
      }
    }

    void check(String where) {
      Map<String, Integer> counts = selectorCounts();
      assertThat(core.selectorsInUse()).as(where).isEqualTo(counts);
      for (ModelSource s : allSources) {
        assertThat(s.pairs.errors).as(where + " " + s).isEmpty();
        assertThat(s.pairs.neededNow())
            .as(where + " needed at " + s)
            .isEqualTo(attached.contains(s) ? counts.keySet() : Set.of());
      }
      assertThat(listenerPairs.errors).as(where).isEmpty();
      assertThat(listenerPairs.neededNow()).as(where).isEqualTo(counts.keySet());
      assertThat(core.sessionCount()).as(where).isEqualTo(open.size());
      assertThat(core.sources()).as(where).isEqualTo(attached);
      assertThat(closed).as(where).isEqualTo(everyPeer.size() - open.size());
      long sent = everyPeer.stream().mapToLong(Peer::sent).sum();
      assertThat(core.counters())
          .as(where)
          .isEqualTo(
              new TsServerCore.Counters(
                  setups, invalidSetups, timingReports, invalidMessages, sent));
      assertThat(core.timingReports())
          .as(where)
          .hasSize((int) open.stream().filter(p -> p.reported).count());
      for (Peer p : open) {
        if (p.setup == null) {
          assertThat(p.sent()).as(where + " awaiting setup: nothing sent").isZero();
          continue;
        }
        if (p.blocked()) {
          assertThat(p.sent()).as(where + " stalled: nothing sent").isEqualTo(p.textsWhenBlocked);
          continue;
        }
        ControlTimestamp target = target(p.setup);
        if (target != null) {
          assertThat(ControlTimestamp.isChanged(p.last(), target))
              .as(where + " %s last took %s, should have %s", p.setup, p.last(), target)
              .isFalse();
        }
      }
    }

    void closeEverything() {
      for (Peer p : open) {
        core.close(p.session);
      }
      open.clear();
      for (ModelSource s : List.copyOf(attached)) {
        core.detach(s);
      }
      attached.clear();
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aRandomLifeMatchesTheModelAfterEveryStep(long seed) {
    Random r = new Random(seed);
    Model m = new Model(r);
    int steps = 50 + r.nextInt(150);
    for (int step = 0; step < steps; step++) {
      m.step(r);
      m.check("seed " + seed + " step " + step);
    }
    m.closeEverything();
    m.check("seed " + seed + " at the end");
    for (ModelSource s : m.allSources) {
      assertThat(s.pairs.neededCalls).as("seed %d %s", seed, s).isEqualTo(s.pairs.notNeededCalls);
    }
    assertThat(m.listenerPairs.neededCalls).isEqualTo(m.listenerPairs.notNeededCalls);
    for (Peer p : m.everyPeer) {
      List<ControlTimestamp> got = p.received();
      for (int i = 1; i < got.size(); i++) {
        assertThat(ControlTimestamp.isChanged(got.get(i - 1), got.get(i)))
            .as("seed %d: no duplicate sends %s", seed, got)
            .isTrue();
      }
    }
  }

  /**
   * Sessions set up and close on several threads while another attaches and detaches sources,
   * changes the content id and moves timelines: selector calls still pair up and nothing is left in
   * use. No timing is asserted: every thread runs to its end and is joined.
   */
  @ParameterizedTest
  @MethodSource("concurrentSeeds")
  void concurrentSessionsAndAttachesKeepSelectorCallsPaired(long seed) throws Exception {
    Model m = new Model(new Random(seed));
    TsServerCore core = m.core;
    List<Peer> peers = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 3; t++) {
      long threadSeed = seed * 31 + t;
      threads.add(
          new Thread(
              () -> {
                Random r = new Random(threadSeed);
                for (int i = 0; i < 400; i++) {
                  Peer p = new Peer();
                  peers.add(p);
                  Session s = core.open("t" + threadSeed + "-" + i, p);
                  core.receive(
                      s,
                      new SetupData(
                              STEMS[r.nextInt(STEMS.length)],
                              SELECTORS[r.nextInt(SELECTORS.length)])
                          .encode());
                  if (r.nextBoolean()) {
                    core.receive(s, randomReport(r));
                  }
                  p.writable = r.nextBoolean();
                  core.writable(s);
                  core.close(s);
                }
              }));
    }
    threads.add(
        new Thread(
            () -> {
              Random r = new Random(seed);
              for (int i = 0; i < 1200; i++) {
                ModelSource s = m.allSources.get(r.nextInt(m.allSources.size()));
                switch (r.nextInt(4)) {
                  case 0 -> core.attach(s);
                  case 1 -> core.detach(s);
                  case 2 -> core.setContentId(CONTENT_IDS[r.nextInt(CONTENT_IDS.length)]);
                  default -> s.set(randomControlTimestamp(r));
                }
              }
            }));
    for (Thread t : threads) {
      t.setUncaughtExceptionHandler((th, e) -> failures.add(e));
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failures).isEmpty();
    for (TimelineSource s : core.sources()) {
      core.detach(s);
    }
    assertThat(core.sessionCount()).isZero();
    assertThat(core.selectorsInUse()).isEmpty();
    assertThat(core.counters().setups()).isEqualTo(1200);
    for (ModelSource s : m.allSources) {
      assertThat(s.pairs.errors).as("%s", s).isEmpty();
      assertThat(s.pairs.neededNow()).as("%s", s).isEmpty();
      assertThat(s.pairs.neededCalls).as("%s", s).isEqualTo(s.pairs.notNeededCalls);
    }
    assertThat(m.listenerPairs.errors).isEmpty();
    assertThat(m.listenerPairs.neededNow()).isEmpty();
    assertThat(m.listenerPairs.neededCalls).isEqualTo(m.listenerPairs.notNeededCalls);
    synchronized (peers) {
      for (Peer p : peers) {
        List<ControlTimestamp> got = p.received();
        for (int i = 1; i < got.size(); i++) {
          assertThat(ControlTimestamp.isChanged(got.get(i - 1), got.get(i)))
              .as("no duplicate sends %s", got)
              .isTrue();
        }
      }
    }
  }

  /**
   * Any wall clock time inside a satisfiable window is inside every reporting companion's own
   * bounds moved to the content time, and an unsatisfiable window means two of them do not meet.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void thePresentationWindowIsTheIntersectionOfEveryCompanionsBounds(long seed) {
    Random r = new Random(seed);
    ManualTimeSource time = new ManualTimeSource(0);
    SysClock wall = SysClock.builder().timeSource(time).tickRate(1e9).build();
    TsServerCore core = new TsServerCore(wall, "dvb://x");
    int n = 1 + r.nextInt(6);
    double rate = 1000;
    long contentTime = r.nextInt(100_000);
    List<double[]> bounds = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Session s = core.open("s" + i, text -> true);
      core.receive(s, new SetupData("", "a").encode());
      long ce = r.nextInt(100_000);
      long we = r.nextInt(1_000_000_000);
      long cl = r.nextInt(100_000);
      long wl = r.nextInt(1_000_000_000) + 500_000_000L;
      boolean minus = r.nextInt(3) == 0;
      boolean plus = r.nextInt(3) == 0;
      Timestamp e = minus ? Timestamp.minusInfinity(ce) : Timestamp.of(ce, we);
      Timestamp l = plus ? Timestamp.plusInfinity(cl) : Timestamp.of(cl, wl);
      core.receive(s, new AptEptLpt(Presence.absent(), e, l).encode());
      bounds.add(
          new double[] {
            minus ? Double.NEGATIVE_INFINITY : we + (contentTime - ce) / rate * 1e9,
            plus ? Double.POSITIVE_INFINITY : wl + (contentTime - cl) / rate * 1e9
          });
    }
    core.open("other", text -> true); // not set up: not counted
    TsServerCore.PresentationWindow w = core.presentationWindow("a", contentTime, rate);
    assertThat(w).isNotNull();
    assertThat(w.reports()).isEqualTo(n);
    boolean meet = true;
    for (double[] a : bounds) {
      for (double[] b : bounds) {
        meet &= a[0] <= b[1];
      }
    }
    assertThat(w.isSatisfiable()).as("seed %d", seed).isEqualTo(meet);
    if (w.isSatisfiable()) {
      double mid =
          Double.isInfinite(w.earliest())
              ? (Double.isInfinite(w.latest()) ? 0 : w.latest())
              : w.earliest();
      for (double[] b : bounds) {
        assertThat(mid).as("seed %d", seed).isBetween(b[0], b[1]);
      }
    }
    assertThat(core.presentationWindow("b", contentTime, rate)).isNull();
  }
}
