package org.dvbcss.tools.wc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.wc.WallClockServer;
import org.dvbcss.net.wc.WallClockServerConfig;
import org.dvbcss.tools.CommandRun;
import org.junit.jupiter.api.Test;

/**
 * The check {@link WcClockOffsetProcessTest} makes can fail: against a server whose clock drifts
 * more than it declares, {@code wc-client --json} reports a line whose offset is further from the
 * truth than its bound; the same server declaring its drift honestly passes.
 */
class WcClockBoundCheckTest {
  private static final double OFFSET_SECONDS = 3.7;

  /**
   * Slow, so that the server's stretch of its own turnaround time never makes a round trip look
   * negative (a fast server clock shortens the round trip the client computes by ppm &times; the
   * server's turnaround, which a cold JVM can make longer than the loopback round trip).
   */
  private static final double DRIFT_PPM = -20000;

  /**
   * Runs {@code wc-client --json} in process for 3 s against a server drifting {@link #DRIFT_PPM}
   * and declaring {@code declaredPpm}, measuring every 0.3 s, so that the once-a-second lines
   * describe an estimate up to 0.3 s old: drifting 20000 ppm, it is then up to 6 ms off, while a
   * bound that grows by 500 ppm has grown by only 0.15 ms.
   */
  private static List<WcClockOffsetProcessTest.Line> run(double declaredPpm) throws Exception {
    CorrelatedClock drifting =
        CorrelatedClock.offsetAndDrift(new SysClock(), OFFSET_SECONDS, DRIFT_PPM);
    try (WallClockServer server =
        WallClockServer.start(
            drifting,
            WallClockServerConfig.builder()
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .maxFreqErrorPpm(declaredPpm)
                .build())) {
      CommandRun client = new CommandRun();
      int status =
          client.execute(
              "wc-client",
              "127.0.0.1",
              Integer.toString(server.localAddress().getPort()),
              "--json",
              "--interval",
              "0.3",
              "--duration",
              "3",
              "-q");
      assertThat(status).as(client.err.toString()).isZero();
      List<WcClockOffsetProcessTest.Line> lines =
          WcClockOffsetProcessTest.bounded(client.out.toString().lines().toList());
      assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
      return lines;
    }
  }

  @Test
  void aServerThatDeclaresLessThanItsDriftYieldsALineOutOfBound() throws Exception {
    List<WcClockOffsetProcessTest.Line> lines = run(0);

    assertThat(WcClockOffsetProcessTest.violations(lines, OFFSET_SECONDS * 1e9, DRIFT_PPM))
        .isNotEmpty();
  }

  @Test
  void theSameServerDeclaringItsDriftStaysWithinBound() throws Exception {
    List<WcClockOffsetProcessTest.Line> lines =
        run(SysClock.DEFAULT_MAX_FREQ_ERROR_PPM + Math.abs(DRIFT_PPM));

    assertThat(WcClockOffsetProcessTest.violations(lines, OFFSET_SECONDS * 1e9, DRIFT_PPM))
        .isEmpty();
  }
}
