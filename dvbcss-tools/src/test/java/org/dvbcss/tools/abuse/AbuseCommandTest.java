package org.dvbcss.tools.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import org.dvbcss.tools.CommandRun;
import org.junit.jupiter.api.Test;

/** A short run of {@code dvbcss abuse} against its in-process TV. */
class AbuseCommandTest {
  @Test
  void roundsOfAbuseLeaveTheGoodCompanionsWithEveryChangeAndTheServerAtItsBaseline() {
    CommandRun run = new CommandRun();
    int exit =
        run.execute(
            "abuse",
            "--rounds",
            "2",
            "--each",
            "1",
            "--changes",
            "5",
            "--change-every",
            "0.04",
            "--max-connections",
            "12",
            "--idle-timeout",
            "1.5",
            "-q");

    String out = run.out.toString();
    assertThat(exit).as(out + run.err).isZero();
    assertThat(out)
        .contains("abuse: TV simulator at ws://127.0.0.1:")
        .containsPattern("round 1: abusers .*invalid-json=1.* flood=\\d+\\+\\d+x503;")
        .containsPattern("round 2: .* closed .*TOO_BIG=1 BINARY=1 INVALID_UTF8=1.*refused503=\\d+")
        .containsPattern(
            "round 2: .*; missed 0; delay p50 [0-9.]+ p99 [0-9.]+ max [0-9.]+ ms; connections 4;"
                + " heap [0-9.]+ MiB")
        .contains("abuse: ok");
  }

  @Test
  void theOldMillisecondChangeIntervalStillWorksWithADeprecationNote() {
    CommandRun run = new CommandRun();
    // 0 ms is refused, so the old option did set the interval, converted to seconds
    assertThat(run.execute("abuse", "--change-interval", "0")).isEqualTo(2);
    assertThat(run.err.toString())
        .startsWith("dvbcss abuse: --change-interval is deprecated, use --change-every")
        .contains("--change-every (1 ms or more)");
    CommandRun canonical = new CommandRun();
    assertThat(canonical.execute("abuse", "--change-every", "0.0004")).isEqualTo(2);
    assertThat(canonical.err.toString()).doesNotContain("deprecated");
  }

  @Test
  void refusesPublicAddresses() {
    CommandRun run = new CommandRun();
    assertThat(run.execute("abuse", "ws://192.0.2.1:7681/cii")).isEqualTo(2);
    assertThat(run.err.toString()).contains("only targets loopback or private addresses");
  }
}
