package org.dvbcss.protocol.ts;

import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Random;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.clock.TunableClock;
import org.jspecify.annotations.Nullable;

/**
 * A TV and a companion speaking CSS-TS through an in-memory connection, on virtual time, with no
 * socket and no thread: the TV's {@link TsServerCore} serves a {@link ClockTimelineSource} over a
 * {@link TunableClock} timeline; the companion's {@link TsClientCore} drives its timeline clock.
 *
 * <p>The connection delivers each message after a random delay (mostly 1 to 50 ms, sometimes up to
 * 2.5 s, as a TV that resends late), in order, as TCP does. The run pauses, plays, seeks and
 * changes the speed of the TV's timeline, makes tiny seeks the TV does not announce, changes the
 * content id away from the companion's stem and back, stops and resumes serving the timeline, makes
 * the companion's connection a slow reader for a while, and drops and reopens the connection.
 *
 * <p>After every event, of whatever kind, it checks the companion against the truth:
 *
 * <ul>
 *   <li>with no connection: the companion's timeline is unavailable;
 *   <li>connected, set up, writable and with nothing in flight to the companion (so it has all the
 *       TV said): if the TV serves the timeline to this companion, the companion's timeline is
 *       available, has exactly the TV's speed and is within the error bound it reports itself (its
 *       timeline clock's dispersion, nothing added) of the TV's position, and that bound is no
 *       larger than its terms computed by hand ({@link #toleranceTicks}); otherwise it is
 *       unavailable;
 *   <li>always: the availability the companion's events announced is the availability its core
 *       reports.
 * </ul>
 *
 * <p>Between two events both timelines move linearly; equal speeds and a position within tolerance
 * at an event mean within tolerance until the next one, so these checks cover every instant at
 * which the companion has had time to hear the TV, not a grid of samples.
 */
final class TsSimulation {
  static final long MS = 1_000_000L;
  static final long S = 1_000_000_000L;
  static final String SELECTOR = "urn:dvb:css:timeline:temi:1:1";
  static final String CONTENT = "dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M";
  static final String OTHER_CONTENT = "dvb://233a.1004.1045";

  /**
   * What to simulate.
   *
   * @param seed the random seed
   * @param durationNanos how long, virtual nanoseconds
   * @param tickRate the timeline's ticks per second
   * @param companionWallTickRate the companion's wall clock ticks per second (1e9 or another)
   */
  record Settings(long seed, long durationNanos, double tickRate, double companionWallTickRate) {}

  /**
   * What happened.
   *
   * @param checks checks made
   * @param convergedChecks checks made while the companion had heard everything
   * @param violations checks that failed
   * @param firstViolation the first failure, or null
   * @param tvChanges changes made to the TV
   * @param reconnects connections dropped and reopened
   * @param messagesToCompanion control timestamps delivered
   * @param maxErrorTicks the largest position error seen in a converged check, timeline ticks
   * @param client the companion core's counters at the end
   * @param server the TV core's counters at the end
   */
  record Figures(
      long checks,
      long convergedChecks,
      long violations,
      @Nullable String firstViolation,
      long tvChanges,
      long reconnects,
      long messagesToCompanion,
      double maxErrorTicks,
      TsClientCore.Counters client,
      TsServerCore.Counters server) {
    String summary(String name) {
      return String.format(
          Locale.ROOT,
          "%s: %d checks (%d converged), %d violations, %d TV changes, %d reconnects, %d control"
              + " timestamps delivered, max error %.3f ticks; client %s; server %s",
          name,
          checks,
          convergedChecks,
          violations,
          tvChanges,
          reconnects,
          messagesToCompanion,
          maxErrorTicks,
          client,
          server);
    }
  }

  private record Scheduled(long at, long seq, Runnable action) implements Comparable<Scheduled> {
    @Override
    public int compareTo(Scheduled o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
    }
  }

  /** One connection between the companion and the TV. */
  private final class Link implements TsServerCore.Sender {
    final int id;
    boolean open = true;
    boolean setUp;
    boolean writable = true;
    int inFlightToCompanion;
    long lastToCompanion;
    long lastToTv;
    TsServerCore.@Nullable Session session;

    Link(int id) {
      this.id = id;
    }

    @Override
    public boolean send(String text) {
      if (!open) {
        return false;
      }
      inFlightToCompanion++;
      long at = Math.max(time.nanoTime() + delay(), lastToCompanion);
      lastToCompanion = at;
      schedule(
          at,
          () -> {
            if (link != this || !open) {
              return; // the connection is gone, and what was on it
            }
            inFlightToCompanion--;
            messagesToCompanion++;
            heard(client.onText(text), "control timestamp");
          });
      return true;
    }

    @Override
    public boolean isWritable() {
      return writable;
    }

    void toTv(String text) {
      long at = Math.max(time.nanoTime() + delay(), lastToTv);
      lastToTv = at;
      schedule(
          at,
          () -> {
            if (link == this && open && session != null) {
              setUp = true; // before receive: the TV answers within it
              server.receive(session, text);
            }
          });
    }
  }

  private final Settings settings;
  private final Random random;
  private final ManualTimeSource time = new ManualTimeSource(1_000 * S);
  private final SysClock tvWall;
  private final TunableClock tvTimeline;
  private final ClockTimelineSource source;
  private final TsServerCore server;
  private final CorrelatedClock companionTimeline;
  private final TsClientCore client;
  private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
  private long seq;
  private @Nullable Link link;
  private int links;
  private boolean sourceAttached;
  private boolean companionSaysAvailable;

  private long checks;
  private long convergedChecks;
  private long violations;
  private @Nullable String firstViolation;
  private long tvChanges;
  private long reconnects;
  private long messagesToCompanion;
  private double maxErrorTicks;

  TsSimulation(Settings settings) {
    this(settings, TsClientConfig.DEFAULT);
  }

  /**
   * A run whose companion declares other terms of the TV's error (its threshold and read mode are
   * taken too); the check stays the same, against the bound the companion then reports.
   */
  TsSimulation(Settings settings, TsClientConfig companion) {
    this.settings = settings;
    this.random = new Random(settings.seed());
    tvWall = SysClock.builder().timeSource(time).precision(1e-9).build();
    tvTimeline = new TunableClock(tvWall, settings.tickRate(), 0);
    source = new ClockTimelineSource(SELECTOR, tvWall, tvTimeline);
    server = new TsServerCore(tvWall, CONTENT);
    server.attach(source);
    sourceAttached = true;
    // the companion's wall clock reads the TV's exactly (CSS-WC is simulated elsewhere), here at
    // its own tick rate, so the controller's conversion of nanoseconds is exercised too
    SysClock local = SysClock.builder().timeSource(time).precision(1e-9).build();
    CorrelatedClock companionWall =
        new CorrelatedClock(local, settings.companionWallTickRate(), new Correlation(0, 0));
    companionTimeline = new CorrelatedClock(companionWall, settings.tickRate());
    client =
        new TsClientCore(
            companionTimeline,
            companion.toBuilder().setupData(new SetupData(CONTENT, SELECTOR)).build());
  }

  /**
   * The terms of the companion's bound, timeline ticks, computed here by hand: the TV rounds the
   * content time of a control timestamp to a whole tick (1/2) and its wall clock time to a
   * nanosecond; it announces no change smaller than one tick; the companion applies no change of
   * 0.1 ms or less (of wall clock time, so scaled by the speed; of content time when paused). The
   * bound the companion reports must not exceed it (with the wall clock's own dispersion, here its
   * stated precision, scaled by the speed), and its error must not exceed that bound.
   *
   * @param speed the timeline speed
   * @return ticks
   */
  double toleranceTicks(double speed) {
    double rate = settings.tickRate();
    double wallRounding = 0.5e-9 * Math.abs(speed) * rate;
    double clientThreshold = TsClientConfig.DEFAULT_THRESHOLD_SECONDS * Math.abs(speed) * rate;
    double pausedThreshold = speed == 0 ? TsClientConfig.DEFAULT_THRESHOLD_SECONDS * rate : 0;
    // the companion's wall clock is exact but for its clock's stated precision, scaled by speed
    double wallBound = Math.abs(speed) * companionTimeline.parent().dispersion() * rate;
    return 0.5 + wallRounding + 1.0 + clientThreshold + pausedThreshold + wallBound;
  }

  Figures run() {
    long end = time.nanoTime() + settings.durationNanos();
    connect();
    scheduleTvChange();
    schedule(time.nanoTime() + randomNanos(20 * S, 120 * S), this::dropConnection);
    schedule(time.nanoTime() + randomNanos(10 * S, 60 * S), this::slowReader);
    while (!queue.isEmpty()) {
      Scheduled next = queue.poll();
      if (next.at() > end) {
        break;
      }
      time.set(Math.max(time.nanoTime(), next.at()));
      next.action().run();
      check();
    }
    return new Figures(
        checks,
        convergedChecks,
        violations,
        firstViolation,
        tvChanges,
        reconnects,
        messagesToCompanion,
        maxErrorTicks,
        client.counters(),
        server.counters());
  }

  // ---- the connection ----

  private void connect() {
    Link l = new Link(++links);
    link = l;
    l.session = server.open("companion-" + l.id, l);
    client.onConnected();
    l.toTv(client.setupMessage());
  }

  private void dropConnection() {
    Link l = link;
    if (l != null) {
      l.open = false;
      if (l.session != null) {
        server.close(l.session);
      }
      link = null;
      heard(client.onDisconnected(), "disconnection");
      reconnects++;
    }
    schedule(time.nanoTime() + randomNanos(100 * MS, 3 * S), this::connect);
    schedule(time.nanoTime() + randomNanos(20 * S, 240 * S), this::dropConnection);
  }

  private void slowReader() {
    Link l = link;
    if (l != null && l.writable) {
      l.writable = false;
      schedule(
          time.nanoTime() + randomNanos(100 * MS, 8 * S),
          () -> {
            l.writable = true;
            if (link == l && l.open && l.session != null) {
              server.writable(l.session);
            }
          });
    }
    schedule(time.nanoTime() + randomNanos(10 * S, 90 * S), this::slowReader);
  }

  // ---- the TV ----

  private void scheduleTvChange() {
    schedule(time.nanoTime() + randomNanos(50 * MS, 4 * S), this::tvChange);
  }

  private void tvChange() {
    tvChanges++;
    double rate = settings.tickRate();
    int kind = random.nextInt(100);
    if (kind < 20) {
      tvTimeline.setSpeed(tvTimeline.speed() == 0 ? 1 : 0); // pause or play
    } else if (kind < 35) {
      double[] speeds = {0.5, 1, 1.5, 2, -1, 0.25, 4};
      tvTimeline.setSpeed(speeds[random.nextInt(speeds.length)]);
    } else if (kind < 60) {
      tvTimeline.adjustTicks((random.nextDouble() * 120 - 60) * rate); // seek up to a minute
    } else if (kind < 68) {
      tvTimeline.adjustTicks(random.nextDouble() * 0.9 - 0.45); // under a tick: not announced
    } else if (kind < 76) {
      tvTimeline.rebaseCorrelationAtParentTicks(tvWall.ticks()); // the same timeline, rebased
    } else if (kind < 84) {
      server.setContentId(CONTENT.equals(server.contentId()) ? OTHER_CONTENT : CONTENT);
    } else if (kind < 92) {
      if (sourceAttached) {
        server.detach(source);
      } else {
        server.attach(source);
      }
      sourceAttached = !sourceAttached;
    } else {
      // a content change of the TV simulator kind: the timeline restarts from 0 at speed 1
      tvTimeline.setCorrelationAndSpeed(new Correlation(tvWall.ticks(), 0), 1);
    }
    scheduleTvChange();
  }

  // ---- checks ----

  private void heard(List<TsClientCore.Event> events, String what) {
    for (TsClientCore.Event e : events) {
      if (e instanceof TsClientCore.TimelineAvailable) {
        if (companionSaysAvailable) {
          violation("available announced twice, on a " + what);
        }
        companionSaysAvailable = true;
      } else if (e instanceof TsClientCore.TimelineUnavailable) {
        if (!companionSaysAvailable) {
          violation("unavailable announced twice, on a " + what);
        }
        companionSaysAvailable = false;
      } else if (e instanceof TsClientCore.InvalidMessage m) {
        violation("the companion could not read what the TV sent: " + m.error().getMessage());
      }
    }
  }

  private void check() {
    checks++;
    if (companionSaysAvailable != client.isTimelineAvailable()) {
      violation(
          "events said available="
              + companionSaysAvailable
              + " but the core says "
              + client.isTimelineAvailable());
    }
    Link l = link;
    if (l == null || !l.open) {
      if (companionTimeline.isAvailable()) {
        violation("timeline available with no connection");
      }
      return;
    }
    if (!l.setUp || !l.writable || l.inFlightToCompanion > 0) {
      return; // the companion has not heard everything yet: it may rightly lag
    }
    convergedChecks++;
    boolean served = sourceAttached && CONTENT.equals(server.contentId());
    if (!served) {
      if (companionTimeline.isAvailable()) {
        violation("timeline available while the TV does not serve it");
      }
      return;
    }
    if (!companionTimeline.isAvailable()) {
      violation("timeline unavailable while the TV serves it");
      return;
    }
    double tvSpeed = tvTimeline.speed();
    if (companionTimeline.speed() != tvSpeed) {
      violation("speed " + companionTimeline.speed() + " but the TV plays at " + tvSpeed);
      return;
    }
    double error = Math.abs(companionTimeline.ticks() - tvTimeline.ticks());
    maxErrorTicks = Math.max(maxErrorTicks, error);
    // the bound the companion itself reports, nothing added: its wall clock is exact here, so the
    // bound is the control timestamp's own error, and it must also not be padded beyond the terms
    double bound = companionTimeline.dispersion() * settings.tickRate();
    if (error > bound) {
      violation(
          String.format(
              Locale.ROOT,
              "position off by %.6f ticks, beyond the bound the companion reports (%.6f) at speed %s",
              error,
              bound,
              tvSpeed));
    }
    // (the same sum in another order: equal but for floating-point rounding)
    if (bound > toleranceTicks(tvSpeed) * (1 + 1e-12)) {
      violation(
          String.format(
              Locale.ROOT,
              "bound %.6f ticks is padded beyond the terms (%.6f) at speed %s",
              bound,
              toleranceTicks(tvSpeed),
              tvSpeed));
    }
  }

  private void violation(String what) {
    violations++;
    if (firstViolation == null) {
      firstViolation =
          String.format(
              Locale.ROOT,
              "at %.3f s (seed %d): %s",
              (time.nanoTime() - 1_000 * S) / 1e9,
              settings.seed(),
              what);
    }
  }

  // ---- plumbing ----

  private void schedule(long at, Runnable action) {
    queue.add(new Scheduled(at, seq++, action));
  }

  /** A network delay: mostly 1 to 50 ms, one in twenty up to 2.5 s. */
  private long delay() {
    return random.nextInt(20) == 0 ? randomNanos(50 * MS, 2_500 * MS) : randomNanos(MS, 50 * MS);
  }

  private long randomNanos(long from, long to) {
    return from + (long) (random.nextDouble() * (to - from));
  }
}
