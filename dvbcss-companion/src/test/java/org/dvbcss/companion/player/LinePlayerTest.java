package org.dvbcss.companion.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The line protocol through piped streams: an external player (a thread here, backed by a {@link
 * SimulatedPlayer}) answers the commands a {@link LinePlayer} writes.
 */
class LinePlayerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ManualTimeSource time = new ManualTimeSource(1_000_000_000L);
  private PipedWriter toCompanion;
  private PipedWriter toPlayer;
  private Thread external;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final AtomicLong handled = new AtomicLong();
  private final AtomicLong written = new AtomicLong();

  @AfterEach
  void stop() throws Exception {
    if (toPlayer != null) {
      toPlayer.close();
    }
    if (external != null) {
      external.join(5000);
    }
    if (toCompanion != null) {
      toCompanion.close();
    }
  }

  /** Connects a LinePlayer to an external player that answers from {@code sim}, if not null. */
  private LinePlayer connect(
      @org.jspecify.annotations.Nullable SimulatedPlayer sim, List<String> greeting)
      throws IOException {
    toCompanion = new PipedWriter();
    BufferedReader companionIn = new BufferedReader(new PipedReader(toCompanion, 1 << 16));
    toPlayer = new PipedWriter();
    BufferedReader playerIn = new BufferedReader(new PipedReader(toPlayer, 1 << 16));
    PrintWriter playerOut = new PrintWriter(toCompanion, true);
    for (String g : greeting) {
      playerOut.println(g);
    }
    external =
        new Thread(
            () -> {
              try {
                String line;
                while ((line = playerIn.readLine()) != null) {
                  commands.add(line);
                  String[] w = line.split(" ");
                  if (sim == null) {
                    handled.incrementAndGet();
                    continue; // never answers
                  }
                  switch (w[0]) {
                    case "query" -> {
                      Player.Reading r = sim.position();
                      playerOut.printf(
                          Locale.ROOT,
                          "pos %.3f at %d%s%n",
                          r.positionSeconds(),
                          r.localNanos(),
                          r.settled() ? "" : " seeking");
                    }
                    case "rate" -> sim.setRate(Double.parseDouble(w[1]));
                    case "seek" -> sim.seek(Double.parseDouble(w[1]));
                    default -> playerOut.println("what?");
                  }
                  handled.incrementAndGet();
                }
              } catch (IOException e) {
                // the companion closed
              }
            },
            "external-player");
    external.setDaemon(true);
    external.start();
    java.io.Writer counting =
        new java.io.FilterWriter(toPlayer) {
          @Override
          public void write(int c) throws IOException {
            super.write(c);
            if (c == '\n') {
              written.incrementAndGet();
            }
          }
        };
    return new LinePlayer(companionIn, counting, time);
  }

  /** Waits (briefly polling, at most {@link #WAIT}) until the condition holds. */
  private static void until(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the external player did not answer in " + WAIT);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000);
    }
  }

  @Test
  void readsPositionsLatencyAndQuantumAndCountsBadLines() throws Exception {
    LinePlayer p = connect(null, List.of()); // an external player that never answers
    assertThat(p.accept("pos 12.340 at 5000")).isTrue();
    assertThat(p.position()).isEqualTo(new Player.Reading(12.34, 5000, true));
    assertThat(p.accept("pos 3.5 at 6000 seeking")).isTrue();
    assertThat(p.position()).isEqualTo(new Player.Reading(3.5, 6000, false));
    time.advance(77);
    assertThat(p.accept("pos 4.25")).isTrue();
    assertThat(p.position()).isEqualTo(new Player.Reading(4.25, time.nanoTime(), true));
    assertThat(p.accept("latency 0.045")).isTrue();
    assertThat(p.accept("quantum 0.020\r")).isTrue();
    assertThat(p.outputLatencySeconds()).isEqualTo(0.045);
    assertThat(p.positionQuantumSeconds()).isEqualTo(0.020);
    assertThat(p.accept("")).isTrue();
    assertThat(p.accept("# a comment")).isTrue();
    for (String bad :
        List.of("pos", "pos x at 1", "pos 1 at", "pos 1 by 2", "latency -1", "latency", "hello")) {
      assertThat(p.accept(bad)).as(bad).isFalse();
    }
    assertThat(p.badLines()).isEqualTo(7);
    assertThat(p.outputLatencySeconds()).isEqualTo(0.045);
    p.setRate(1.0025);
    p.seek(12.5);
    await().atMost(WAIT).until(() -> commands.size() >= 5);
    assertThat(commands.subList(2, 5)).containsExactly("query", "rate 1.002500", "seek 12.500000");
    p.close();
    assertThat(p.accept("pos 99 at 1")).isTrue();
    assertThat(p.position().positionSeconds()).isEqualTo(4.25);
  }

  @Test
  void aSynchroniserKeepsAnExternalPlayerInStepOverThePipes() throws Exception {
    SimulatedPlayer sim = new SimulatedPlayer(time, SimulatedPlayer.Config.defaults());
    LinePlayer p = connect(sim, List.of("latency 0.030", "quantum 0.020", "garbage"));
    await().atMost(WAIT).until(() -> p.badLines() == 1);
    SysClock root = SysClock.builder().timeSource(time).build();
    CorrelatedClock timeline = new CorrelatedClock(new CorrelatedClock(root, 1e9), 1000);
    timeline.setCorrelation(new Correlation(root.ticks(), 42_000, 0.001, 0)); // at 42 s
    PlayerSynchroniser sync = PlayerSynchroniser.builder(p).timeline(timeline).build();
    java.util.SplittableRandom dither = new java.util.SplittableRandom(5);
    double worst = 0;
    long step = 10_000_000;
    for (int i = 0; i < 2000; i++) {
      long d = (long) (dither.nextDouble() * step);
      time.advance(d);
      long answers = p.positions();
      sync.tick();
      // let the external player answer everything before time moves on
      long expected = written.get();
      until(() -> handled.get() >= expected);
      until(() -> p.positions() > answers);
      time.advance(step - d);
      if (i >= 500) { // after 5 s
        worst = Math.max(worst, Math.abs(sim.presentedPosition() - timeline.ticks() / 1000));
      }
    }
    assertThat(worst).isLessThanOrEqualTo(SyncConfig.defaults().targetSeconds());
    assertThat(sync.report().seeks()).isEqualTo(1); // 42 s away at the start
    // to 42 s, plus the 150 ms seek lead and the 30 ms latency, plus the time since the start
    assertThat(commands.stream().filter(c -> c.startsWith("seek ")))
        .singleElement()
        .satisfies(c -> assertThat(Double.parseDouble(c.substring(5))).isBetween(42.18, 42.20));
    assertThat(p.ended()).isFalse();
  }
}
