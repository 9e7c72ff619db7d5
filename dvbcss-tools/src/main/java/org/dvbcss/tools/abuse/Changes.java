package org.dvbcss.tools.abuse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dvbcss.tv.Tv;

/**
 * The changes an in-process TV makes during the rounds, in order, with the {@link
 * System#nanoTime()} just before each was made. Made on one thread at a time; read after the
 * round's publisher has finished.
 */
final class Changes {
  private final List<String> expectedCii = new ArrayList<>();
  private final List<Double> expectedTs = new ArrayList<>();
  private final List<Long> ciiMadeAt = new ArrayList<>();
  private final List<Long> tsMadeAt = new ArrayList<>();
  private final AtomicInteger step = new AtomicInteger();

  /**
   * Makes one round's changes: the next content (speed 1) and then a speed of its own, each.
   *
   * @param tv the TV
   * @param count how many
   * @param intervalMillis the time between them in milliseconds
   * @throws InterruptedException if interrupted between them
   */
  void publish(Tv tv, int count, long intervalMillis) throws InterruptedException {
    for (int i = 0; i < count; i++) {
      double speed = 1 + step.incrementAndGet() / 1000.0;
      synchronized (expectedCii) {
        long contentAt = System.nanoTime();
        expectedCii.add(tv.nextContent());
        ciiMadeAt.add(contentAt);
        expectedTs.add(1.0);
        tsMadeAt.add(contentAt);
        long speedAt = System.nanoTime();
        tv.setSpeed(speed);
        expectedTs.add(speed);
        tsMadeAt.add(speedAt);
      }
      Thread.sleep(intervalMillis);
    }
  }

  /** The content ids the TV has changed to so far. */
  int ciiCount() {
    return expectedCii.size();
  }

  /** The speeds the TV has changed to so far. */
  int tsCount() {
    return expectedTs.size();
  }

  /** When each content change was made, {@link System#nanoTime()}. */
  List<Long> ciiMadeAt() {
    return ciiMadeAt;
  }

  /** When each speed change was made, {@link System#nanoTime()}. */
  List<Long> tsMadeAt() {
    return tsMadeAt;
  }

  /** {@link AbuseReport#missed} of a CSS-CII companion's content ids. */
  int missedCii(List<String> seen) {
    return AbuseReport.missed(seen, expectedCii);
  }

  /** {@link AbuseReport#missed} of a CSS-TS companion's speeds. */
  int missedTs(List<Double> seen) {
    return AbuseReport.missed(seen, expectedTs);
  }
}
