package org.dvbcss.net.wsclient.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.net.wsclient.Backoff;
import org.dvbcss.net.wsclient.internal.Reconnector.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The reconnect state machine on a hand-driven clock and timer: no sockets, no sleeping. */
class ReconnectorTest {
  private static final long MS = 1_000_000L;

  /** 10 ms doubling to 80 ms, no jitter: delays 10, 20, 40, 80, 80, ... ms. */
  private static final Backoff BACKOFF =
      Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(80), 2).withJitter(0);

  private final ManualTimeSource time = new ManualTimeSource();
  private final FakeDriver driver = new FakeDriver();

  /** Records attempts and timers; runs a timer when the test advances time past it. */
  private final class FakeDriver implements Reconnector.Driver {
    int connects;
    int terminations;
    final List<Timer> timers = new ArrayList<>();

    @Override
    public void connect() {
      connects++;
    }

    @Override
    public Runnable schedule(Runnable task, long delayNanos) {
      Timer t = new Timer(time.nanoTime() + delayNanos, delayNanos, task);
      timers.add(t);
      return () -> t.cancelled = true;
    }

    @Override
    public void terminated() {
      terminations++;
    }

    /** Advances time to the pending timer and runs it. */
    void fireNext() {
      Timer t = pending();
      time.set(t.dueNanos);
      timers.remove(t);
      t.task.run();
    }

    Timer pending() {
      List<Timer> live = timers.stream().filter(x -> !x.cancelled).toList();
      assertThat(live).hasSize(1);
      return live.get(0);
    }

    boolean noTimer() {
      return timers.stream().allMatch(x -> x.cancelled);
    }
  }

  private static final class Timer {
    final long dueNanos;
    final long delayNanos;
    final Runnable task;
    boolean cancelled;

    Timer(long dueNanos, long delayNanos, Runnable task) {
      this.dueNanos = dueNanos;
      this.delayNanos = delayNanos;
      this.task = task;
    }
  }

  private Reconnector machine(Backoff backoff) {
    return new Reconnector(backoff, time, driver);
  }

  @Test
  void startBeginsOneAttemptAndOnlyOnce() {
    Reconnector r = machine(BACKOFF);
    assertThat(r.state()).isEqualTo(State.IDLE);
    r.start();
    assertThat(r.state()).isEqualTo(State.CONNECTING);
    assertThat(driver.connects).isEqualTo(1);
    assertThatThrownBy(r::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void failedAttemptsWaitLongerEachTimeUpToTheMax() {
    Reconnector r = machine(BACKOFF);
    r.start();
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      List<String> reported = new ArrayList<>();
      r.attemptFailed(() -> reported.add("error"));
      assertThat(reported).containsExactly("error");
      assertThat(r.state()).isEqualTo(State.WAITING);
      delays.add(driver.pending().delayNanos / MS);
      driver.fireNext();
      assertThat(r.state()).isEqualTo(State.CONNECTING);
    }
    assertThat(delays).containsExactly(10L, 20L, 40L, 80L, 80L, 80L);
    assertThat(driver.connects).isEqualTo(7);
    assertThat(r.reconnects()).isEqualTo(6);
  }

  @Test
  void aConnectionThatStayedUpForTheMaxStartsAgainFromTheInitialDelay() {
    Reconnector r = machine(BACKOFF);
    r.start();
    r.attemptFailed(() -> {});
    driver.fireNext(); // waited 10 ms
    r.attemptFailed(() -> {});
    driver.fireNext(); // waited 20 ms
    r.opened();
    time.advance(80 * MS); // up for exactly the max
    List<Boolean> willReconnect = new ArrayList<>();
    r.closed(willReconnect::add);
    assertThat(willReconnect).containsExactly(true);
    assertThat(driver.pending().delayNanos).isEqualTo(10 * MS);
  }

  @Test
  void aConnectionThatEndsSoonerCarriesTheSequenceOn() {
    Reconnector r = machine(BACKOFF);
    r.start();
    r.attemptFailed(() -> {});
    driver.fireNext(); // 10 ms
    r.opened();
    time.advance(80 * MS - 1); // just short of the max
    r.closed(w -> {});
    assertThat(driver.pending().delayNanos).isEqualTo(20 * MS);
  }

  @Test
  void withoutABackoffTheFirstEndIsFinal() {
    Reconnector r = new Reconnector(null, time, driver);
    r.start();
    r.opened();
    List<Boolean> willReconnect = new ArrayList<>();
    r.closed(willReconnect::add);
    assertThat(willReconnect).containsExactly(false);
    assertThat(r.state()).isEqualTo(State.STOPPED);
    assertThat(driver.noTimer()).isTrue();
    assertThat(driver.terminations).isZero();
    assertThat(r.stop()).isFalse();
    assertThat(driver.terminations).isEqualTo(1);
  }

  @Test
  void closeWhileWaitingCancelsTheTimerAndTerminatesAtOnce() {
    Reconnector r = machine(BACKOFF);
    r.start();
    r.attemptFailed(() -> {});
    assertThat(r.requestClose()).isTrue();
    assertThat(r.requestClose()).isFalse();
    assertThat(r.stop()).isFalse();
    assertThat(driver.noTimer()).isTrue();
    assertThat(r.state()).isEqualTo(State.CLOSED);
    assertThat(driver.terminations).isEqualTo(1);
    assertThat(r.reconnects()).isZero();
  }

  @Test
  void closeWhileOpenLeavesTheConnectionToTheCallerThenTerminatesWithoutRetry() {
    Reconnector r = machine(BACKOFF);
    r.start();
    r.opened();
    r.requestClose();
    assertThat(r.stop()).isTrue(); // the caller sends its Close frame
    assertThat(driver.terminations).isZero();
    List<Boolean> willReconnect = new ArrayList<>();
    r.closed(willReconnect::add);
    assertThat(willReconnect).containsExactly(false);
    assertThat(driver.noTimer()).isTrue();
    assertThat(driver.terminations).isEqualTo(1);
    assertThat(driver.connects).isEqualTo(1);
  }

  @Test
  void anAttemptThatFailsAfterCloseWasRequestedIsNotReported() {
    Reconnector r = machine(BACKOFF);
    r.start();
    r.requestClose();
    assertThat(r.stop()).isTrue(); // the caller gives the attempt up
    List<String> reported = new ArrayList<>();
    r.attemptFailed(() -> reported.add("error"));
    assertThat(reported).isEmpty();
    assertThat(driver.terminations).isEqualTo(1);
    assertThat(driver.noTimer()).isTrue();
  }

  @Test
  void aTimerThatFiresAfterCloseWasRequestedBeginsNoAttempt() {
    Reconnector r = machine(BACKOFF);
    r.start();
    r.attemptFailed(() -> {});
    r.requestClose(); // from another thread, before stop() runs on the loop
    driver.fireNext();
    assertThat(driver.connects).isEqualTo(1);
    assertThat(r.reconnects()).isZero();
    assertThat(driver.terminations).isEqualTo(1);
  }

  @Test
  void closeBeforeStartTerminatesAndStartBeginsNothing() {
    Reconnector r = machine(BACKOFF);
    r.requestClose();
    assertThat(r.stop()).isFalse();
    assertThat(driver.terminations).isEqualTo(1);
  }

  @Test
  void closingFromTheReportStopsTheRetry() {
    Reconnector r = machine(BACKOFF);
    r.start();
    r.attemptFailed(r::requestClose); // a listener that closes the client
    assertThat(driver.noTimer()).isTrue();
    assertThat(r.state()).isEqualTo(State.CLOSED);
    assertThat(driver.terminations).isEqualTo(1);
  }

  static LongStream seeds() {
    return LongStream.range(0, 20);
  }

  /**
   * Random sequences of failures, opens of random length and closes: every wait is the backoff's
   * delay for the retry number, which grows by one per wait and goes back to 0 exactly when the
   * connection before it stayed up for the max.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void everyWaitIsTheBackoffDelayForTheRetryNumber(long seed) {
    Random random = new Random(seed);
    Reconnector r = machine(BACKOFF);
    r.start();
    int expectedRetry = 0;
    for (int step = 0; step < 200; step++) {
      if (random.nextBoolean()) {
        r.attemptFailed(() -> {});
      } else {
        r.opened();
        long up = (long) (random.nextDouble() * 160 * MS);
        time.advance(up);
        if (up >= 80 * MS) {
          expectedRetry = 0;
        }
        r.closed(w -> assertThat(w).isTrue());
      }
      assertThat(driver.pending().delayNanos).isEqualTo(BACKOFF.delayNanos(expectedRetry));
      expectedRetry = Math.min(expectedRetry + 1, 1000);
      assertThat(r.retry()).isEqualTo(expectedRetry);
      driver.fireNext();
    }
    assertThat(r.reconnects()).isEqualTo(200);
    assertThat(driver.connects).isEqualTo(201);
  }
}
