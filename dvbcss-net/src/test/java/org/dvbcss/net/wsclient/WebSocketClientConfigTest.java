package org.dvbcss.net.wsclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebSocketClientConfigTest {
  @Test
  void theDefaultsAreTheDocumentedOnes() {
    WebSocketClientConfig c = WebSocketClientConfig.defaults();
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.maxFrameBytes()).isEqualTo(65_536);
    assertThat(c.reconnect()).isEmpty();
    assertThat(c.pingInterval()).isZero();
    assertThat(c.closeTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.trustManager()).isEmpty();
    assertThat(c.insecureTrustAll()).isFalse();
    assertThat(c.sslContext()).isEmpty();
    assertThat(c.eventLoopGroup()).isEmpty();
  }

  @Test
  void toBuilderKeepsEverySettingAndChangesOnlyWhatIsSet() {
    Backoff backoff = Backoff.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2);
    WebSocketClientConfig a =
        WebSocketClientConfig.builder()
            .connectTimeout(Duration.ofSeconds(3))
            .maxFrameBytes(100)
            .reconnect(backoff)
            .pingInterval(Duration.ofSeconds(2))
            .closeTimeout(Duration.ofMillis(50))
            .insecureTrustAll()
            .build();
    WebSocketClientConfig b = a.toBuilder().noReconnect().build();
    assertThat(a.reconnect()).contains(backoff);
    assertThat(b.reconnect()).isEmpty();
    assertThat(b.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(b.maxFrameBytes()).isEqualTo(100);
    assertThat(b.pingInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(b.closeTimeout()).isEqualTo(Duration.ofMillis(50));
    assertThat(b.insecureTrustAll()).isTrue();
  }
}
