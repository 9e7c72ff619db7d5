package org.dvbcss.net.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.util.concurrent.TimeUnit;
import org.dvbcss.net.ws.CloseCause;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The closing handshake on an {@link EmbeddedChannel}, without a connection around it. */
class CloseHandshakeTest {
  private EmbeddedChannel channel;
  private ChannelHandlerContext ctx;
  private int closings;
  private CloseHandshake close;

  @BeforeEach
  void setUp() {
    channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    ctx = channel.pipeline().firstContext();
    close = new CloseHandshake(channel, () -> closings++);
    close.attach(ctx);
    close.markOpen();
    channel.freezeTime();
  }

  private CloseWebSocketFrame outboundClose() {
    Object out = channel.readOutbound();
    assertThat(out).isInstanceOf(CloseWebSocketFrame.class);
    return (CloseWebSocketFrame) out;
  }

  private void passTheTimeout() {
    channel.advanceTimeBy(CloseHandshake.TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
  }

  @Test
  void beginSendsOneCloseFrameAndDropsTheConnectionAfterTheTimeout() {
    assertThat(close.isOpen()).isTrue();
    close.begin(CloseCause.IDLE, 1001, "idle timeout");
    close.begin(CloseCause.ENDPOINT, 1000, "later");
    CloseWebSocketFrame frame = outboundClose();
    assertThat(frame.statusCode()).isEqualTo(1001);
    assertThat(frame.reasonText()).isEqualTo("idle timeout");
    frame.release();
    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(close.isOpen()).isFalse();
    assertThat(close.closeSent()).isTrue();
    assertThat(closings).isEqualTo(1);
    channel.advanceTimeBy(CloseHandshake.TIMEOUT_NANOS - 1, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isTrue();
    passTheTimeout();
    assertThat(channel.isOpen()).isFalse();
    assertThat(close.cause()).isEqualTo(CloseCause.IDLE);
    assertThat(close.code()).isEqualTo(1001);
    assertThat(close.reason()).isEqualTo("idle timeout");
  }

  @Test
  void theClientsAnswerEndsTheConnectionAtOnce() {
    close.begin(CloseCause.ENDPOINT, 4000, "bye");
    outboundClose().release();
    CloseWebSocketFrame answer = new CloseWebSocketFrame(4000, "bye");
    close.onClientClose(ctx, answer);
    answer.release();
    assertThat(channel.isOpen()).isFalse();
    assertThat(close.cause()).isEqualTo(CloseCause.ENDPOINT);
  }

  @Test
  void aClientsCloseIsEchoedAndRecorded() {
    CloseWebSocketFrame request = new CloseWebSocketFrame(1000, "done");
    close.onClientClose(ctx, request);
    request.release();
    CloseWebSocketFrame echo = outboundClose();
    assertThat(echo.statusCode()).isEqualTo(1000);
    assertThat(echo.reasonText()).isEqualTo("done");
    echo.release();
    assertThat(channel.isOpen()).isFalse();
    assertThat(closings).isEqualTo(1);
    assertThat(close.cause()).isEqualTo(CloseCause.CLIENT);
    assertThat(close.code()).isEqualTo(1000);
    assertThat(close.reason()).isEqualTo("done");
  }

  @Test
  void aClientsCloseWithNoStatusIsRecordedAs1005() {
    CloseWebSocketFrame request = new CloseWebSocketFrame();
    close.onClientClose(ctx, request);
    request.release();
    outboundClose().release();
    assertThat(close.code()).isEqualTo(1005);
    assertThat(close.reason()).isEmpty();
  }

  @Test
  void dropSendsNoFrameAndRecords1006() {
    close.drop(CloseCause.SHUTDOWN, "dropped");
    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(channel.isOpen()).isFalse();
    assertThat(close.cause()).isEqualTo(CloseCause.SHUTDOWN);
    assertThat(close.code()).isEqualTo(1006);
  }

  @Test
  void aDecoderCloseIsRecordedOnceAndEndsAfterTheTimeout() {
    close.onDecoderClose(ctx, CloseCause.TOO_BIG, 1009, "too big");
    close.onDecoderClose(ctx, CloseCause.PROTOCOL_ERROR, 1002, "again");
    assertThat((Object) channel.readOutbound()).isNull(); // the decoder sent its own frame
    assertThat(close.isOpen()).isFalse();
    passTheTimeout();
    assertThat(channel.isOpen()).isFalse();
    assertThat(close.cause()).isEqualTo(CloseCause.TOO_BIG);
    assertThat(close.code()).isEqualTo(1009);
  }

  @Test
  void withNothingRecordedTheConnectionCountsAsLost() {
    close.ended();
    assertThat(close.cause()).isNull();
    assertThat(close.code()).isEqualTo(1006);
    assertThat(close.reason()).isEqualTo("connection lost");
    assertThat(close.closeSent()).isTrue();
  }

  @Test
  void onAnInactiveChannelBeginClosesWithoutAFrame() {
    channel.close();
    close.begin(CloseCause.ENDPOINT, 1000, "bye");
    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(close.cause()).isEqualTo(CloseCause.ENDPOINT);
  }

  @Test
  void markClosingEndsIsOpenOnly() {
    close.markClosing();
    assertThat(close.isOpen()).isFalse();
    assertThat(close.closeSent()).isFalse();
  }

  @Test
  void reasonsAreCutToACloseFrameNeverInsideACharacter() {
    assertThat(CloseHandshake.truncate("x".repeat(123))).hasSize(123);
    assertThat(CloseHandshake.truncate("x".repeat(124))).hasSize(123);
    assertThat(CloseHandshake.truncate("é".repeat(70))).isEqualTo("é".repeat(61));
    assertThat(CloseHandshake.truncate("x" + "😀".repeat(40))).isEqualTo("x" + "😀".repeat(30));
  }
}
