package org.dvbcss.net.ts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.testing.RecordingSession;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.FixedTimelineSource;
import org.dvbcss.protocol.ts.SetupData;
import org.junit.jupiter.api.Test;

/** The TS endpoint's options, driven by hand through sessions with no socket. */
class TsServerOptionsTest {
  private static final String PTS = "urn:dvb:css:timeline:pts";
  private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 7681);
  private static final ControlTimestamp CT = ControlTimestamp.available(900, 5_000, 1.0);

  private final SysClock wall =
      SysClock.builder().timeSource(new ManualTimeSource(1_000_000_000L)).build();

  private static RecordingSession follow(TsServer ts, String stem) {
    RecordingSession s = RecordingSession.open(ts, TsServer.PATH, LOCAL);
    ts.onText(s, new SetupData(stem, PTS).encode());
    return s;
  }

  @Test
  void theDefaultsMatchStemsAndSendTheCoresText() {
    TsServer ts = new TsServer(wall, "dvb://1.2", TsServer.Options.DEFAULT);
    ts.attach(new FixedTimelineSource(PTS, CT));
    assertThat(follow(ts, "dvb://1").last()).isEqualTo(CT.encode());
    assertThat(ControlTimestamp.decode(follow(ts, "dvb://9").last()).isAvailable()).isFalse();
  }

  @Test
  void withoutStemMatchingAnyStemIsServedAndTheHookRewritesOncePerText() {
    TsServer ts =
        new TsServer(
            wall,
            "dvb://1.2",
            TsServer.Options.DEFAULT
                .withMatchStems(false)
                .withOutgoingText(text -> text.replace("\"", "'")));
    ts.attach(new FixedTimelineSource(PTS, CT));
    RecordingSession elsewhere = follow(ts, "dvb://somewhere.else");
    RecordingSession any = follow(ts, "");
    assertThat(elsewhere.last()).isEqualTo(CT.encode().replace("\"", "'"));
    assertThat(any.last()).as("rewritten once for both").isSameAs(elsewhere.last());
    ts.setContentId(null);
    assertThat(elsewhere.last()).startsWith("{'contentTime':null,");
  }
}
