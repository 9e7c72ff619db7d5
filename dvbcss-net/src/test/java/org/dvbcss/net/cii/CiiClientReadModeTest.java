package org.dvbcss.net.cii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.net.ws.WebSocketSession;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.ReadMode;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link CiiClient} reading a deviating TV's messages, tolerantly and strictly, over loopback. */
class CiiClientReadModeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Every CII deviation at once: an array status, an invalid teUrl, an unknown property. */
  static final String DEVIANT =
      "{\"protocolVersion\":\"1.1\",\"contentId\":\"dvb://233a\",\"contentIdStatus\":\"final\","
          + "\"presentationStatus\":[\"okay\"],\"teUrl\":5,\"vendorMode\":\"demo\"}";

  private WebSocketServer server;
  private CiiClient client;

  /** A TV that sends these texts, as they are, when a companion connects. */
  private URI serve(String... texts) throws Exception {
    WebSocketEndpoint tv =
        new WebSocketEndpoint() {
          @Override
          public void onOpen(WebSocketSession session) {
            for (String t : texts) {
              session.send(t);
            }
          }

          @Override
          public void onText(WebSocketSession session, String text) {}
        };
    server =
        WebSocketServer.builder()
            .config(
                WebSocketServerConfig.builder()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .build())
            .endpoint("/cii", tv)
            .start();
    return URI.create("ws://127.0.0.1:" + server.localAddress().getPort() + "/cii");
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Records the calls, in order. */
  static final class Recorder implements CiiClient.Listener {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Set<Deviation>> deviations = new CopyOnWriteArrayList<>();
    final List<ProtocolException> errors = new CopyOnWriteArrayList<>();

    @Override
    public void deviations(Set<Deviation> kinds, String text) {
      deviations.add(kinds);
      calls.add("deviations");
    }

    @Override
    public void changed(Cii state, Set<CiiProperty> changed, Cii message) {
      calls.add("changed");
    }

    @Override
    public void protocolError(String text, ProtocolException error) {
      errors.add(error);
      calls.add("error");
    }
  }

  @Test
  void readsEveryCiiDeviationByDefaultAndReportsItBeforeTheChange() throws Exception {
    Recorder rec = new Recorder();
    client = CiiClient.builder(serve(DEVIANT)).listener(rec).start();
    assertThat(client.readMode()).isEqualTo(ReadMode.TOLERANT);
    await().atMost(WAIT).until(() -> rec.calls.contains("changed"));

    assertThat(rec.calls).containsExactly("deviations", "changed");
    assertThat(rec.deviations)
        .containsExactly(
            EnumSet.of(
                Deviation.CII_PRESENTATION_STATUS_ARRAY,
                Deviation.CII_INVALID_OPTIONAL_PROPERTY,
                Deviation.CII_UNKNOWN_PROPERTY));
    Cii state = client.state();
    assertThat(state.presentationStatus().value()).containsExactly("okay");
    assertThat(state.contentId().value()).isEqualTo("dvb://233a");
    assertThat(state.teUrl().hasValue()).as("the invalid teUrl is left out").isFalse();
    assertThat(client.counters())
        .isEqualTo(
            new CiiClient.Counters(
                1,
                0,
                1,
                Map.of(
                    Deviation.CII_PRESENTATION_STATUS_ARRAY, 1L,
                    Deviation.CII_INVALID_OPTIONAL_PROPERTY, 1L,
                    Deviation.CII_UNKNOWN_PROPERTY, 1L)));
  }

  @Test
  void strictReadingRejectsTheMessageAndKeepsTheConnection() throws Exception {
    Recorder rec = new Recorder();
    String valid = "{\"protocolVersion\":\"1.1\",\"contentId\":\"dvb://later\"}";
    client =
        CiiClient.builder(serve(DEVIANT, valid)).readMode(ReadMode.STRICT).listener(rec).start();
    await().atMost(WAIT).until(() -> rec.calls.contains("changed"));

    assertThat(rec.calls).containsExactly("error", "changed");
    assertThat(rec.errors.get(0)).hasMessageContaining("presentationStatus");
    assertThat(client.state().contentId().value()).isEqualTo("dvb://later");
    assertThat(client.counters()).isEqualTo(new CiiClient.Counters(1, 1, 1));
    assertThat(client.isConnected()).isTrue();
  }

  @Test
  void anUnknownPropertyIsIgnoredAndReportedInBothModes() throws Exception {
    Recorder rec = new Recorder();
    client =
        CiiClient.builder(serve("{\"protocolVersion\":\"1.1\",\"vendorMode\":\"demo\"}"))
            .readMode(ReadMode.STRICT)
            .listener(rec)
            .start();
    await().atMost(WAIT).until(() -> rec.calls.contains("changed"));
    assertThat(rec.deviations).containsExactly(EnumSet.of(Deviation.CII_UNKNOWN_PROPERTY));
    assertThat(client.counters().deviations()).containsEntry(Deviation.CII_UNKNOWN_PROPERTY, 1L);
  }

  @Test
  void whatWouldNeedAGuessIsRejectedInTolerantModeToo() throws Exception {
    Recorder rec = new Recorder();
    String guess = "{\"protocolVersion\":\"1.1\",\"presentationStatus\":5}";
    String valid = "{\"protocolVersion\":\"1.1\",\"presentationStatus\":\"okay\"}";
    client = CiiClient.builder(serve(guess, valid)).listener(rec).start();
    await().atMost(WAIT).until(() -> rec.calls.contains("changed"));
    assertThat(rec.calls).containsExactly("error", "changed");
    assertThat(client.counters()).isEqualTo(new CiiClient.Counters(1, 1, 1));
  }
}
