package org.dvbcss.tools.tv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.scheduler.ClockScheduler;
import org.dvbcss.tools.RunLength;
import org.dvbcss.tools.tv.TvCommand.Scheduled;
import org.junit.jupiter.api.Test;

/** {@link TvTimer} on a manual scheduler and a manual time source: no sleeping. */
class TvTimerTest {
  private static final long S = 1_000_000_000L;

  private final ManualTimeSource source = new ManualTimeSource(10 * S);
  private final SysClock clock = SysClock.builder().timeSource(source).build();
  private final ClockScheduler scheduler = ClockScheduler.manual(source);
  private final List<String> log = new ArrayList<>();
  private final CountDownLatch ended = new CountDownLatch(1);

  private final TvTimer.Target target =
      new TvTimer.Target() {
        @Override
        public void perform(String text, TvAction action, String source) {
          log.add(seconds() + " " + source + " " + text);
          if (action.kind() == TvAction.Kind.QUIT) {
            ended.countDown();
          }
        }

        @Override
        public void status() {
          log.add(seconds() + " status");
        }
      };

  private long seconds() {
    return (source.nanoTime() - 10 * S) / S;
  }

  private TvTimer timer(RunLength length, List<Scheduled> scripted, List<String> cycle, long step) {
    return new TvTimer(scheduler, clock, 10 * S, length, scripted, cycle, step, S, target, ended);
  }

  private void advanceSeconds(int n) {
    for (int i = 0; i < n; i++) {
      source.advance(S);
      scheduler.runDueTasks();
    }
  }

  private static Scheduled at(double seconds, String text) {
    return new Scheduled((long) (seconds * S), text, TvAction.parse(text));
  }

  @Test
  void scriptCycleAndStatusRunInOrderAndTheDurationEndsTheRun() {
    TvTimer timer =
        timer(
            RunLength.ofSeconds(5),
            List.of(at(2, "pause"), at(2, "play"), at(7, "n")),
            List.of("+30", "-10"),
            2 * S);
    timer.start();
    scheduler.runDueTasks();
    assertThat(log).isEmpty();

    advanceSeconds(6);

    assertThat(log)
        .containsExactly(
            "1 status",
            "2 script pause",
            "2 script play",
            "2 cycle +30",
            "2 status",
            "3 status",
            "4 cycle -10",
            "4 status");
    assertThat(ended.getCount()).isZero();
    assertThat(scheduler.pendingCount()).isZero();
  }

  @Test
  void foreverRunsUntilStoppedAndStopCancelsTheNextTurn() {
    TvTimer timer = timer(RunLength.FOREVER, List.of(), List.of(), S);
    timer.start();
    advanceSeconds(3);
    assertThat(log).containsExactly("1 status", "2 status", "3 status");
    assertThat(ended.getCount()).isEqualTo(1);

    timer.stop();

    assertThat(ended.getCount()).isZero();
    assertThat(scheduler.pendingCount()).isZero();
    advanceSeconds(2);
    assertThat(log).hasSize(3);
  }

  @Test
  void aScriptedQuitStopsTheRestOfTheTurn() {
    TvTimer timer = timer(RunLength.FOREVER, List.of(at(1.5, "q"), at(1.5, "pause")), null, S);
    timer.start();
    advanceSeconds(3);
    assertThat(log).containsExactly("1 status", "2 script q");
    assertThat(scheduler.pendingCount()).isZero();
  }

  @Test
  void aLateTurnCatchesUpEveryDueActionAndOneStatusLine() {
    TvTimer timer = timer(RunLength.FOREVER, List.of(), List.of("+30", "-10", "n"), S);
    timer.start();
    source.advance(3 * S);
    scheduler.runDueTasks();
    assertThat(log).containsExactly("3 cycle +30", "3 cycle -10", "3 cycle n", "3 status");
    advanceSeconds(1);
    assertThat(log).endsWith("4 cycle +30", "4 status");
    timer.stop();
  }
}
