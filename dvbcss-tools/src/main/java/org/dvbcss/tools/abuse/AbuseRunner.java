package org.dvbcss.tools.abuse;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.tools.Memory;
import org.dvbcss.tv.Tv;
import org.jspecify.annotations.Nullable;

/**
 * Runs the rounds of {@code dvbcss abuse}: starts the good companions, then in each round lets the
 * bad clients loose (and a connection flood after them) while an in-process TV makes its changes,
 * and prints one line per round. Not thread safe: one instance serves one run.
 */
final class AbuseRunner {
  /**
   * What a run does.
   *
   * @param rounds rounds, 1 or more
   * @param each abusers of each kind per round
   * @param rate abusers started per second
   * @param floodSize connections of each round's flood
   * @param companions good companions per protocol, 1 or more
   * @param changes changes the in-process TV makes per round
   * @param changeIntervalMillis the time between changes in milliseconds
   * @param idleMillis the server's idle timeout in milliseconds
   * @param oversizeBytes the size of a text frame the server must refuse, in bytes
   */
  record Plan(
      int rounds,
      int each,
      double rate,
      int floodSize,
      int companions,
      int changes,
      long changeIntervalMillis,
      long idleMillis,
      int oversizeBytes) {}

  private final Plan plan;
  private final PrintWriter out;

  /**
   * A runner.
   *
   * @param plan what to do
   * @param out where to print
   */
  AbuseRunner(Plan plan, PrintWriter out) {
    this.plan = plan;
    this.out = out;
  }

  /**
   * Runs every round.
   *
   * @param ciiUrl the TV's CII URL
   * @param tsUrl the TV's TS URL, or null to take it from the TV's CII
   * @param tv the in-process TV, or null for another one
   * @return the exit code: 0 if the companions missed nothing and connections returned to their
   *     baseline, else 1
   * @throws Exception if the run fails
   */
  int run(URI ciiUrl, @Nullable URI tsUrl, @Nullable Tv tv) throws Exception {
    ExecutorService pool = Executors.newCachedThreadPool(daemon());
    GoodCompanions good = new GoodCompanions();
    boolean ok = true;
    try {
      Target ciiTarget = Target.of(ciiUrl, false);
      good.startCii(ciiUrl, plan.companions());
      if (tsUrl == null) {
        tsUrl = await(good::firstCiiHeard, 10_000) ? good.tsUrl() : null;
      }
      Target tsTarget = null;
      if (tsUrl != null) {
        tsTarget = Target.of(tsUrl, true);
        good.startTs(tsUrl, plan.companions());
      } else {
        out.println("abuse: no tsUrl from the TV; abusing CII only");
      }
      Arena arena = new Arena(ciiTarget, tsTarget, plan.idleMillis(), plan.oversizeBytes());
      int baseline = good.size();
      if (!await(good::allHeard, 10_000)) {
        out.println("abuse: the good companions did not all connect");
        return 1;
      }
      Changes changes = new Changes();
      WebSocketServer.Counters last = tv == null ? null : tv.webSocketCounters();

      for (int round = 1; round <= plan.rounds(); round++) {
        int ciiFirst = changes.ciiCount();
        int tsFirst = changes.tsCount();
        AbuseReport.Tally results = playRound(pool, arena, tv, changes);

        // the good companions catch up, then the server returns to the baseline
        int missed;
        String delay = "";
        if (tv != null) {
          await(() -> good.caughtUp(changes), 10_000);
          missed = good.missed(changes);
          delay = AbuseReport.delays(good.delays(changes, ciiFirst, tsFirst));
        } else {
          missed = good.missedAmong();
        }
        String connections = "-";
        String closes = "";
        if (tv != null) {
          int expectedTsCount = good.tsCount();
          boolean back =
              await(
                  () ->
                      tv.webSocketCounters().connections() == baseline
                          && tv.companionCounts()[0] == plan.companions()
                          && tv.companionCounts()[1] == expectedTsCount,
                  plan.idleMillis() + 10_000);
          WebSocketServer.Counters now = tv.webSocketCounters();
          connections = now.connections() + (back ? "" : " (baseline " + baseline + ")");
          ok &= back;
          closes = " closed " + AbuseReport.closes(last, now) + ";";
          last = now;
        }
        ok &= missed == 0;
        long direct =
            ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p
                ? p.metric().usedDirectMemory()
                : -1;
        out.println(
            AbuseReport.roundLine(
                round,
                results.toString(),
                closes,
                missed,
                delay,
                connections,
                Memory.heapAfterGc(),
                direct,
                Memory.residentBytes()));
        out.flush();
      }
      out.println(ok ? "abuse: ok" : "abuse: FAILED");
      out.flush();
      return ok ? 0 : 1;
    } finally {
      good.close();
      pool.shutdownNow();
    }
  }

  /**
   * One round: the abusers in a random order at the plan's rate, the TV's changes meanwhile, then
   * the connection flood; waits for all of them.
   */
  private AbuseReport.Tally playRound(
      ExecutorService pool, Arena arena, @Nullable Tv tv, Changes changes) throws Exception {
    List<Map.Entry<Kind, Abuser>> abusers = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      if (kind == Kind.FLOOD) {
        continue;
      }
      for (int i = 0; i < plan.each(); i++) {
        abusers.add(Map.entry(kind, arena.abuser(kind, i)));
      }
    }
    Collections.shuffle(abusers);
    Round round = new Round(abusers.size(), plan.floodSize());
    List<Future<Result>> futures = new ArrayList<>();
    List<Kind> kinds = new ArrayList<>();
    Future<?> publisher =
        pool.submit(
            () -> {
              if (tv != null) {
                changes.publish(tv, plan.changes(), plan.changeIntervalMillis());
              }
              return null;
            });
    long gapNanos = (long) (1e9 / plan.rate());
    for (Map.Entry<Kind, Abuser> a : abusers) {
      futures.add(pool.submit(Arena.task(a.getValue(), round)));
      kinds.add(a.getKey());
      TimeUnit.NANOSECONDS.sleep(gapNanos);
    }
    round.abusersIn().await(RawClients.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    for (int i = 0; i < plan.floodSize(); i++) {
      Abuser flooder = arena.flooder();
      futures.add(pool.submit((Callable<Result>) () -> flooder.abuse(round)));
      kinds.add(Kind.FLOOD);
    }
    publisher.get(
        10L * plan.changes() * plan.changeIntervalMillis() + 60_000, TimeUnit.MILLISECONDS);
    round.floodIn().await(RawClients.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    round.over().countDown();
    AbuseReport.Tally results = new AbuseReport.Tally();
    for (int i = 0; i < futures.size(); i++) {
      results.add(
          kinds.get(i), futures.get(i).get(plan.idleMillis() + 60_000, TimeUnit.MILLISECONDS));
    }
    return results;
  }

  private static ThreadFactory daemon() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "abuser-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static boolean await(BooleanSupplier condition, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }
}
