package org.dvbcss.net.cii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dvbcss.net.testing.RawWebSocketServer;
import org.dvbcss.net.wsclient.Backoff;
import org.dvbcss.net.wsclient.WebSocketClientConfig;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CiiClient} against a TV that ends connections without a WebSocket close (a FIN or a reset)
 * and refuses upgrades by closing the TCP connection: it reconnects and re-syncs.
 */
class CiiClientDropTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Backoff FAST =
      Backoff.exponential(Duration.ofMillis(20), Duration.ofMillis(200), 2.0);

  private RawWebSocketServer tv;
  private CiiClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (tv != null) {
      tv.close();
    }
  }

  @Test
  void reconnectsAfterAFinAResetAndRefusedUpgrades() throws Exception {
    tv = RawWebSocketServer.start();
    tv.refuseNext("/cii", 2);
    List<String> events = new CopyOnWriteArrayList<>();
    client =
        CiiClient.builder(tv.url("/cii"))
            .webSocket(WebSocketClientConfig.builder().reconnect(FAST).build())
            .listener(
                new CiiClient.Listener() {
                  @Override
                  public void connected() {
                    events.add("connected");
                  }

                  @Override
                  public void disconnected(int code, String reason, boolean willReconnect) {
                    events.add("disconnected " + code);
                  }

                  @Override
                  public void changed(Cii state, java.util.Set<CiiProperty> changed, Cii message) {
                    events.add("changed " + state.contentId().orNull());
                  }
                })
            .start();

    RawWebSocketServer.Connection c = tv.next("/cii");
    assertThat(tv.refused()).isEqualTo(2);
    c.sendText("{\"protocolVersion\":\"1.1\",\"contentId\":\"dvb://1\"}");
    await().atMost(WAIT).until(() -> events.contains("changed dvb://1"));

    c.drop();
    c = tv.next("/cii");
    c.sendText("{\"protocolVersion\":\"1.1\",\"contentId\":\"dvb://2\"}");
    await().atMost(WAIT).until(() -> events.contains("changed dvb://2"));

    c.reset();
    c = tv.next("/cii");
    c.sendText("{\"protocolVersion\":\"1.1\",\"contentId\":\"dvb://3\"}");
    await().atMost(WAIT).until(() -> events.contains("changed dvb://3"));

    assertThat(events)
        .containsExactly(
            "connected",
            "changed dvb://1",
            "disconnected 1006",
            "connected",
            "changed dvb://2",
            "disconnected 1006",
            "connected",
            "changed dvb://3");
    assertThat(client.state().contentId().value()).isEqualTo("dvb://3");
  }
}
