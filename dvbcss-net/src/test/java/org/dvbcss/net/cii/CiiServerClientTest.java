package org.dvbcss.net.cii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dvbcss.net.testing.JdkWebSocketPeer;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.net.ws.WebSocketSession;
import org.dvbcss.net.wsclient.Backoff;
import org.dvbcss.net.wsclient.WebSocketClientConfig;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.dvbcss.protocol.cii.ContentIdStatus;
import org.dvbcss.protocol.cii.TimelineOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CII endpoint and the CII client on loopback, with the JDK's WebSocket client as a raw peer.
 */
class CiiServerClientTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T c) {
    open.add(c);
    return c;
  }

  static Cii tvState() {
    return Cii.builder()
        .protocolVersion(Cii.PROTOCOL_VERSION)
        .contentId("dvb://233a.1004.1044")
        .contentIdStatus(ContentIdStatus.FINAL)
        .presentationStatus(List.of("okay"))
        .wcUrl("udp://{{host}}:6677")
        .tsUrl("ws://{{host}}:{{port}}/ts")
        .timelines(List.of(new TimelineOption("urn:dvb:css:timeline:pts", 1, 90000)))
        .build();
  }

  private WebSocketServer serve(CiiServer cii, int port) throws IOException {
    return track(
        WebSocketServer.builder()
            .config(
                WebSocketServerConfig.builder()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    .build())
            .endpoint(CiiServer.PATH, cii)
            .start());
  }

  private static URI ciiUrl(WebSocketServer server) {
    return URI.create("ws://127.0.0.1:" + server.localAddress().getPort() + CiiServer.PATH);
  }

  @Test
  void sendsTheWholeStateOnConnectWithHostAndPortOfThisConnectionThenOnlyChanges()
      throws Exception {
    CiiServer cii = new CiiServer(tvState(), EnumSet.of(CiiProperty.WC_URL, CiiProperty.TS_URL));
    WebSocketServer server = serve(cii, 0);
    int port = server.localAddress().getPort();
    JdkWebSocketPeer peer = track(new JdkWebSocketPeer(ciiUrl(server)));

    Cii first = Cii.decode(peer.next());
    assertThat(first.wcUrl().value()).isEqualTo("udp://127.0.0.1:6677");
    assertThat(first.tsUrl().value()).isEqualTo("ws://127.0.0.1:" + port + "/ts");
    assertThat(first.contentId().value()).isEqualTo("dvb://233a.1004.1044");
    assertThat(first.timelines().value()).hasSize(1);

    cii.update(Cii.builder().presentationStatus(List.of("transitioning")).build());
    assertThat(peer.next()).isEqualTo("{\"presentationStatus\":\"transitioning\"}");

    cii.update(Cii.builder().presentationStatus(List.of("transitioning")).build()); // no change
    cii.update(Cii.builder().contentId("dvb://233a.1168.122a").build());
    Cii next = Cii.decode(peer.next());
    assertThat(next.definedProperties())
        .containsExactlyInAnyOrder(CiiProperty.CONTENT_ID, CiiProperty.CONTENT_ID_STATUS);
    assertThat(next.contentId().value()).isEqualTo("dvb://233a.1168.122a");
    assertThat(peer.nextWithin(200)).isNull();
    assertThat(cii.connectionCount()).isEqualTo(1);
    assertThat(cii.connections())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.id()).startsWith("cii-");
              assertThat(c.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
            });
  }

  @Test
  void companionMessagesAreCountedAndIgnored() throws Exception {
    CiiServer cii = new CiiServer();
    WebSocketServer server = serve(cii, 0);
    JdkWebSocketPeer peer = track(new JdkWebSocketPeer(ciiUrl(server)));
    assertThat(peer.next()).isEqualTo("{\"protocolVersion\":\"1.1\"}");

    peer.send("{\"contentId\":\"from a companion\"}");
    peer.send("not json at all");
    await().atMost(WAIT).until(() -> cii.ignoredMessages() == 2);

    cii.update(Cii.builder().contentId("still here").build());
    assertThat(peer.next()).contains("still here");
  }

  /** Records what a CiiClient tells its listener. */
  static final class Recorder implements CiiClient.Listener {
    final List<Set<CiiProperty>> changeSets = new CopyOnWriteArrayList<>();
    final List<String> propertyChanges = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final List<Integer> closes = new CopyOnWriteArrayList<>();
    volatile int connects;

    @Override
    public void connected() {
      connects++;
    }

    @Override
    public void changed(Cii state, Set<CiiProperty> changed, Cii message) {
      changeSets.add(changed);
    }

    @Override
    public void propertyChanged(CiiProperty property, Presence<?> before, Presence<?> after) {
      propertyChanges.add(property.wireName() + ": " + before + " -> " + after);
    }

    @Override
    public void protocolError(String text, ProtocolException error) {
      errors.add(error.getMessage());
    }

    @Override
    public void disconnected(int code, String reason, boolean willReconnect) {
      closes.add(code);
    }
  }

  @Test
  void clientMirrorsTheStateAndAPartialMessageKeepsWhatItOmits() throws Exception {
    CiiServer cii = new CiiServer(tvState(), EnumSet.of(CiiProperty.TS_URL));
    WebSocketServer server = serve(cii, 0);
    Recorder recorder = new Recorder();
    CiiClient client = track(CiiClient.builder(ciiUrl(server)).listener(recorder).start());

    await().atMost(WAIT).until(() -> client.counters().messages() == 1);
    assertThat(client.state().contentId().value()).isEqualTo("dvb://233a.1004.1044");
    assertThat(client.state().tsUrl().value())
        .endsWith(":" + server.localAddress().getPort() + "/ts");
    assertThat(client.state().mrsUrl().isNull())
        .as("omitted from the first message: null")
        .isTrue();

    cii.update(Cii.builder().presentationStatus(List.of("okay", "sub")).build());
    await().atMost(WAIT).until(() -> client.counters().messages() == 2);
    assertThat(recorder.changeSets.get(1)).containsExactly(CiiProperty.PRESENTATION_STATUS);
    assertThat(recorder.propertyChanges)
        .last()
        .isEqualTo(
            "presentationStatus: "
                + Presence.of(List.of("okay"))
                + " -> "
                + Presence.of(List.of("okay", "sub")));
    assertThat(client.state().presentationStatus().value()).containsExactly("okay", "sub");
    assertThat(client.state().timelines().value()).hasSize(1);
  }

  @Test
  void invalidMessagesAreReportedAndTheConnectionStaysUp() throws Exception {
    WebSocketEndpoint badTv =
        new WebSocketEndpoint() {
          @Override
          public void onOpen(WebSocketSession session) {
            session.send("{\"contentIdStatus\":\"done\"}");
            session.send("[1,2,3]");
            session.send("{\"protocolVersion\":\"1.1\",\"contentId\":\"ok\"}");
          }

          @Override
          public void onText(WebSocketSession session, String text) {}
        };
    WebSocketServer server =
        track(
            WebSocketServer.builder()
                .config(
                    WebSocketServerConfig.builder()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .build())
                .endpoint("/cii", badTv)
                .start());
    Recorder recorder = new Recorder();
    CiiClient client = track(CiiClient.builder(ciiUrl(server)).listener(recorder).start());

    await().atMost(WAIT).until(() -> client.counters().messages() == 1);
    assertThat(client.counters().protocolErrors()).isEqualTo(2);
    assertThat(recorder.errors.get(0)).contains("contentIdStatus");
    assertThat(client.state().contentId().value()).isEqualTo("ok");
    assertThat(client.isConnected()).isTrue();
  }

  @Test
  void reconnectsAfterTheTvRestartsAndResyncsTheWholeState() throws Exception {
    CiiServer first = new CiiServer(tvState(), Set.of());
    WebSocketServer server = serve(first, 0);
    int port = server.localAddress().getPort();
    Recorder recorder = new Recorder();
    CiiClient client =
        track(
            CiiClient.builder(ciiUrl(server))
                .listener(recorder)
                .webSocket(
                    WebSocketClientConfig.builder()
                        .reconnect(
                            Backoff.exponential(Duration.ofMillis(20), Duration.ofMillis(200), 2))
                        .build())
                .start());
    await().atMost(WAIT).until(() -> client.counters().messages() == 1);

    server.close();
    await().atMost(WAIT).until(() -> !recorder.closes.isEmpty());
    assertThat(recorder.closes.get(0)).isEqualTo(1001);

    Cii restarted =
        Cii.builder()
            .protocolVersion(Cii.PROTOCOL_VERSION)
            .contentId("dvb://after.restart")
            .build();
    serve(new CiiServer(restarted, Set.of()), port);
    await()
        .atMost(WAIT)
        .until(() -> client.counters().connects() == 2 && client.counters().messages() == 2);
    assertThat(client.state().contentId().value()).isEqualTo("dvb://after.restart");
    assertThat(client.state().timelines().isNull()).as("the restarted TV has none").isTrue();
    assertThat(recorder.changeSets.get(1)).contains(CiiProperty.CONTENT_ID, CiiProperty.TIMELINES);
  }
}
