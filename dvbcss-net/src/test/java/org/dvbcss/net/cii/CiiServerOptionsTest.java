package org.dvbcss.net.cii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.net.testing.RecordingSession;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.dvbcss.protocol.cii.CiiServerCore;
import org.dvbcss.protocol.cii.ContentIdStatus;
import org.dvbcss.scheduler.ClockScheduler;
import org.junit.jupiter.api.Test;

/** The CII endpoint's options, driven by hand through sessions with no socket. */
class CiiServerOptionsTest {
  private static final InetSocketAddress LOCAL = new InetSocketAddress("10.1.2.3", 7681);
  private static final Set<CiiProperty> REWRITE = EnumSet.of(CiiProperty.TS_URL);

  private static Cii state() {
    return Cii.builder()
        .protocolVersion(Cii.PROTOCOL_VERSION)
        .contentId("dvb://1.2.3")
        .contentIdStatus(ContentIdStatus.FINAL)
        .presentationStatus(List.of("okay"))
        .tsUrl("ws://{{host}}:{{port}}/ts")
        .build();
  }

  @Test
  void theDefaultsSendWhatTheCoreMakes() {
    CiiServer plain = new CiiServer(state(), REWRITE);
    CiiServer defaults = new CiiServer(state(), REWRITE, CiiServer.Options.DEFAULT);
    RecordingSession a = RecordingSession.open(plain, CiiServer.PATH, LOCAL);
    RecordingSession b = RecordingSession.open(defaults, CiiServer.PATH, LOCAL);
    Cii change = Cii.builder().presentationStatus(List.of("transitioning")).build();
    plain.update(change);
    defaults.update(change);
    assertThat(b.sent()).isEqualTo(a.sent());
    assertThat(a.last()).isEqualTo("{\"presentationStatus\":\"transitioning\"}");
  }

  @Test
  void fullStateUpdatesAndTheOutgoingHookShapeEveryMessage() {
    CiiServer cii =
        new CiiServer(
            state(),
            REWRITE,
            CiiServer.Options.DEFAULT
                .withUpdates(CiiServerCore.Updates.FULL_STATE)
                .withOutgoingText(text -> text.replace("}", ",\"extra\":1}")));
    RecordingSession one = RecordingSession.open(cii, CiiServer.PATH, LOCAL);
    RecordingSession two = RecordingSession.open(cii, CiiServer.PATH, LOCAL);
    assertThat(one.last())
        .isEqualTo(
            "{\"protocolVersion\":\"1.1\",\"contentId\":\"dvb://1.2.3\",\"contentIdStatus\":"
                + "\"final\",\"presentationStatus\":\"okay\",\"tsUrl\":\"ws://10.1.2.3:7681/ts\","
                + "\"extra\":1}");

    cii.update(Cii.builder().presentationStatus(List.of("transitioning")).build());
    assertThat(one.last())
        .startsWith("{\"protocolVersion\":\"1.1\",\"contentId\":\"dvb://1.2.3\"")
        .contains("\"presentationStatus\":\"transitioning\"")
        .endsWith(",\"extra\":1}");
    assertThat(two.last()).as("rewritten once for both").isSameAs(one.last());
    assertThat(cii.messagesSent()).isEqualTo(4);
  }

  @Test
  void aHookThatFailsSendsTheTextUnchanged() {
    UnaryOperator<String> broken =
        text -> {
          throw new IllegalStateException("broken on purpose");
        };
    CiiServer cii =
        new CiiServer(state(), REWRITE, CiiServer.Options.DEFAULT.withOutgoingText(broken));
    RecordingSession s = RecordingSession.open(cii, CiiServer.PATH, LOCAL);
    assertThat(Cii.decode(s.last()).presentationStatus().value()).containsExactly("okay");
    CiiServer silent =
        new CiiServer(state(), REWRITE, CiiServer.Options.DEFAULT.withOutgoingText(text -> null));
    assertThat(RecordingSession.open(silent, CiiServer.PATH, LOCAL).sent()).hasSize(1);
  }

  @Test
  void aDelayedFirstMessageCarriesTheStateWhenItIsDueAndThenChangesAsUsual() {
    ManualTimeSource time = new ManualTimeSource(5_000_000_000L);
    ClockScheduler scheduler = ClockScheduler.manual(time);
    CiiServer cii =
        new CiiServer(
            state(),
            REWRITE,
            CiiServer.Options.DEFAULT.withFirstMessageDelay(Duration.ofSeconds(2), scheduler));
    RecordingSession s = RecordingSession.open(cii, CiiServer.PATH, LOCAL);
    assertThat(s.sent()).as("nothing at once").isEmpty();
    cii.update(Cii.builder().presentationStatus(List.of("transitioning")).build());
    time.advanceSeconds(1.999);
    scheduler.runDueTasks();
    assertThat(s.sent()).isEmpty();
    time.advanceSeconds(0.001);
    assertThat(scheduler.runDueTasks()).isEqualTo(1);
    assertThat(s.sent()).hasSize(1);
    Cii first = Cii.decode(s.last());
    assertThat(first.protocolVersion().value()).isEqualTo(Cii.PROTOCOL_VERSION);
    assertThat(first.presentationStatus().value()).containsExactly("transitioning");
    cii.update(Cii.builder().presentationStatus(List.of("okay")).build());
    assertThat(s.last()).isEqualTo("{\"presentationStatus\":\"okay\"}");
    RecordingSession later = RecordingSession.open(cii, CiiServer.PATH, LOCAL);
    assertThat(later.sent()).as("every companion waits").isEmpty();
  }

  @Test
  void closingOnAClientMessageIsOffByDefault() {
    CiiServer plain = new CiiServer(state(), REWRITE);
    RecordingSession kept = RecordingSession.open(plain, CiiServer.PATH, LOCAL);
    plain.onText(kept, "{}");
    assertThat(kept.isOpen()).isTrue();
    assertThat(plain.ignoredMessages()).isEqualTo(1);

    CiiServer closing =
        new CiiServer(state(), REWRITE, CiiServer.Options.DEFAULT.withCloseOnClientMessage(true));
    RecordingSession closed = RecordingSession.open(closing, CiiServer.PATH, LOCAL);
    assertThat(closed.sent()).hasSize(1);
    closing.onText(closed, "hello");
    assertThat(closed.isOpen()).isFalse();
    assertThat(CiiServer.CLOSED_ON_MESSAGE).isEqualTo(1008);
  }

  @Test
  void aPositiveDelayNeedsAScheduler() {
    assertThatThrownBy(
            () -> CiiServer.Options.DEFAULT.withFirstMessageDelay(Duration.ofSeconds(1), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheduler");
    assertThatThrownBy(
            () -> CiiServer.Options.DEFAULT.withFirstMessageDelay(Duration.ofSeconds(-1), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(CiiServer.Options.DEFAULT.firstMessageDelay()).isZero();
    assertThat(CiiServer.Options.DEFAULT.closeOnClientMessage()).isFalse();
  }
}
