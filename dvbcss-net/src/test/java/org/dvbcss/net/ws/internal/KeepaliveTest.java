package org.dvbcss.net.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import java.util.concurrent.TimeUnit;
import org.dvbcss.net.ws.CloseCause;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pings and the idle timeout on an {@link EmbeddedChannel} with frozen time. */
class KeepaliveTest {
  private static final long INTERVAL = TimeUnit.SECONDS.toNanos(5);

  private EmbeddedChannel channel;
  private ChannelHandlerContext ctx;
  private CloseHandshake close;
  private Keepalive keepalive;

  @BeforeEach
  void setUp() {
    channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    channel.freezeTime();
    ctx = channel.pipeline().firstContext();
    close = new CloseHandshake(channel, () -> {});
    close.attach(ctx);
    keepalive = new Keepalive(close);
  }

  private int pingsAfter(long nanos) {
    channel.advanceTimeBy(nanos, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    int pings = 0;
    for (Object out; (out = channel.readOutbound()) != null; ) {
      if (out instanceof PingWebSocketFrame ping) {
        pings++;
        ping.release();
      } else if (out instanceof CloseWebSocketFrame frame) {
        frame.release();
      }
    }
    return pings;
  }

  @Test
  void pingsAtTheIntervalUntilTheClosingHandshakeStarts() {
    keepalive.start(ctx, INTERVAL);
    assertThat(pingsAfter(INTERVAL - 1)).isZero();
    assertThat(pingsAfter(1)).isEqualTo(1);
    assertThat(pingsAfter(INTERVAL)).isEqualTo(1);
    close.begin(CloseCause.ENDPOINT, 1000, "bye");
    assertThat(pingsAfter(INTERVAL / 2)).isZero(); // the close timeout has not run yet
  }

  @Test
  void stopEndsThePings() {
    keepalive.start(ctx, INTERVAL);
    keepalive.stop();
    assertThat(pingsAfter(3 * INTERVAL)).isZero();
    keepalive.stop(); // twice is harmless
  }

  @Test
  void noIntervalMeansNoPings() {
    keepalive.start(ctx, 0);
    keepalive.stop();
    assertThat(pingsAfter(3 * INTERVAL)).isZero();
  }

  @Test
  void idleStartsTheClosingHandshakeThenDropsTheConnection() {
    keepalive.onIdle(ctx);
    CloseWebSocketFrame frame = channel.readOutbound();
    assertThat(frame.statusCode()).isEqualTo(1001);
    assertThat(frame.reasonText()).isEqualTo("idle timeout");
    frame.release();
    assertThat(channel.isOpen()).isTrue();
    keepalive.onIdle(ctx); // still no answer from the client
    assertThat(channel.isOpen()).isFalse();
    assertThat(close.cause()).isEqualTo(CloseCause.IDLE);
  }
}
