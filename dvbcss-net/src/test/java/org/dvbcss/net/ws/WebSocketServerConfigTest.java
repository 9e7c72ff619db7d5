package org.dvbcss.net.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketServerConfigTest {
  @Test
  void theDefaultsAreTheDocumentedOnes() {
    WebSocketServerConfig c = WebSocketServerConfig.defaults();
    assertThat(c.bindAddress().getPort()).isZero();
    assertThat(c.bindAddress().getAddress().isAnyLocalAddress()).isTrue();
    assertThat(c.maxConnections()).isEqualTo(Integer.MAX_VALUE);
    assertThat(c.maxFrameBytes()).isEqualTo(65_536);
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.inboundFramesPerSecond()).isEqualTo(100);
    assertThat(c.inboundFrameBurst()).isEqualTo(1_000);
    assertThat(c.lowWaterMark()).isEqualTo(32 * 1024);
    assertThat(c.highWaterMark()).isEqualTo(64 * 1024);
    assertThat(c.eventLoopThreads()).isZero();
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.allowedOrigins()).isEmpty();
    assertThat(c.isTls()).isFalse();
    assertThat(c.refuseByClosing()).isFalse();
    assertThat(c.shutdownWithoutCloseFrame()).isFalse();
  }

  @Test
  void toBuilderKeepsEverySettingAndChangesOnlyWhatIsSet() {
    InetSocketAddress lo = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    WebSocketServerConfig a =
        WebSocketServerConfig.builder()
            .bind(lo)
            .maxConnections(7)
            .maxFrameBytes(1000)
            .idleTimeout(Duration.ofSeconds(5))
            .pingInterval(Duration.ofSeconds(1))
            .maxInboundFrameRate(10, 20)
            .writeBufferWaterMarks(1, 2)
            .eventLoopThreads(3)
            .shutdownTimeout(Duration.ofMillis(300))
            .allowedOrigins(List.of("https://app.example"))
            .tls(Path.of("cert.pem"), Path.of("key.pem"))
            .refuseByClosing(true)
            .shutdownWithoutCloseFrame(true)
            .build();
    WebSocketServerConfig b = a.toBuilder().maxConnections(8).build();
    assertThat(b.maxConnections()).isEqualTo(8);
    assertThat(a.maxConnections()).isEqualTo(7); // a is not changed
    assertThat(b.toString())
        .isEqualTo(a.toString().replace("maxConnections=7", "maxConnections=8"));
    assertThat(b.bindAddress()).isEqualTo(lo);
    assertThat(b.allowedOrigins()).contains(List.of("https://app.example"));
    assertThat(b.isTls()).isTrue();
    assertThat(b.inboundFramesPerSecond()).isEqualTo(10);
    assertThat(b.inboundFrameBurst()).isEqualTo(20);
  }
}
