package org.dvbcss.net.wsclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WebSocketClientTlsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private TestWebSocketServer server;
  private final RecordingListener listener = new RecordingListener();
  private WebSocketClient client;

  @BeforeEach
  void startServer() throws Exception {
    server = TestWebSocketServer.tls();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  private void echoes() {
    await().atMost(WAIT).until(client::isOpen);
    assertThat(client.send("secret")).isTrue();
    await().atMost(WAIT).until(() -> listener.texts.contains("secret"));
    assertThat(listener.errors).isEmpty();
  }

  @Test
  void wssWithTheTestCertificateTrusted() throws Exception {
    client =
        WebSocketClient.builder(server.uri("/echo"), listener)
            .config(
                WebSocketClientConfig.builder()
                    .trustManager(TestWebSocketServer.testTrust())
                    .build())
            .start();
    echoes();
  }

  @Test
  void wssTrustingAnything() throws Exception {
    client =
        WebSocketClient.builder(server.uri("/echo"), listener)
            .config(WebSocketClientConfig.builder().insecureTrustAll().build())
            .start();
    echoes();
  }

  @Test
  void wssRefusesAnUntrustedCertificateByDefault() throws Exception {
    client =
        WebSocketClient.builder(server.uri("/echo"), listener)
            .config(
                WebSocketClientConfig.builder()
                    .reconnect(Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(50), 2))
                    .build())
            .start();
    await().atMost(WAIT).until(() -> listener.errors.size() >= 2);

    assertThat(listener.errors)
        .allMatch(e -> WebSocketClientTest.causedBy(e, SSLHandshakeException.class));
    assertThat(listener.opens).hasValue(0);
    assertThat(client.counters().connectFailures()).isGreaterThanOrEqualTo(2);
  }
}
