package org.dvbcss.net.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.dvbcss.net.ws.CloseCause;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.net.ws.WebSocketSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The connection handler on an {@link EmbeddedChannel}: frames in, frames out, no sockets. */
class WebSocketConnectionTest {
  private final List<String> events = new ArrayList<>();
  private final WebSocketEndpoint endpoint =
      new WebSocketEndpoint() {
        @Override
        public void onOpen(WebSocketSession session) {
          events.add("open");
        }

        @Override
        public void onText(WebSocketSession session, String text) {
          events.add("text " + text);
        }

        @Override
        public void onClose(WebSocketSession session, int code, String reason) {
          events.add("close " + code + " " + reason);
        }
      };
  private ServerState state;
  private EmbeddedChannel channel;
  private WebSocketConnection connection;

  @BeforeEach
  void open() {
    state = ServerStates.of(Map.of("/x", endpoint), 10, 100, 0, 0);
    channel = new EmbeddedChannel();
    connection = new WebSocketConnection(state, endpoint, "/x", channel);
    channel.pipeline().addLast(connection);
    connection.opened();
  }

  private CloseWebSocketFrame outboundClose() {
    Object out = channel.readOutbound();
    assertThat(out).isInstanceOf(CloseWebSocketFrame.class);
    return (CloseWebSocketFrame) out;
  }

  private static ByteBuf utf8(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
  }

  static IntStream seeds() {
    return IntStream.range(0, 25);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void fragmentsSplitAnywhereEvenInsideACharacterAreJoined(int seed) {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder();
    String[] pieces = {"a", "é", "€", "😀", " "};
    for (int i = random.nextInt(30); i >= 0; i--) {
      text.append(pieces[random.nextInt(pieces.length)]);
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    int at = 0;
    boolean first = true;
    while (true) {
      int end = Math.min(bytes.length, at + random.nextInt(5));
      boolean last = end == bytes.length;
      ByteBuf part = Unpooled.wrappedBuffer(bytes, at, end - at);
      WebSocketFrame frame =
          first
              ? new TextWebSocketFrame(last, 0, part)
              : new ContinuationWebSocketFrame(last, 0, part);
      channel.writeInbound(frame);
      first = false;
      at = end;
      if (last) {
        break;
      }
    }
    assertThat(events).containsExactly("open", "text " + text);
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void continuationWithoutAStartClosesWith1002() {
    channel.writeInbound(new ContinuationWebSocketFrame(true, 0, utf8("x")));
    assertThat(outboundClose().statusCode()).isEqualTo(1002);
    channel.writeInbound(new CloseWebSocketFrame(1002, "")); // the client answers
    assertThat(channel.isOpen()).isFalse();
    assertThat(events).containsExactly("open", "close 1002 continuation frame without a message");
    assertThat(state.closed().get(CloseCause.PROTOCOL_ERROR)).isEqualTo(1);
  }

  @Test
  void newTextFrameInsideAFragmentedMessageClosesWith1002() {
    channel.writeInbound(new TextWebSocketFrame(false, 0, utf8("a")));
    channel.writeInbound(new TextWebSocketFrame(true, 0, utf8("b")));
    assertThat(outboundClose().statusCode()).isEqualTo(1002);
  }

  @Test
  void joinedMessageOverTheLimitClosesWith1009() {
    channel.writeInbound(new TextWebSocketFrame(false, 0, utf8("x".repeat(60))));
    channel.writeInbound(new ContinuationWebSocketFrame(true, 0, utf8("x".repeat(41))));
    assertThat(outboundClose().statusCode()).isEqualTo(1009);
    assertThat(events).containsExactly("open");
  }

  @Test
  void invalidUtf8ClosesWith1007() {
    channel.writeInbound(
        new TextWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {(byte) 0xC3, 0x28})));
    assertThat(outboundClose().statusCode()).isEqualTo(1007);
  }

  @Test
  void binaryClosesWith1003AndLaterDataIsIgnored() {
    channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1})));
    assertThat(outboundClose().statusCode()).isEqualTo(1003);
    channel.writeInbound(new TextWebSocketFrame("after close"));
    assertThat(connection.send("dropped")).isFalse();
    assertThat(events).containsExactly("open");
  }

  @Test
  void pingIsAnsweredWithTheSamePayload() {
    channel.writeInbound(new PingWebSocketFrame(utf8("abc")));
    Object out = channel.readOutbound();
    assertThat(out).isInstanceOf(PongWebSocketFrame.class);
    PongWebSocketFrame pong = (PongWebSocketFrame) out;
    assertThat(pong.content().toString(StandardCharsets.UTF_8)).isEqualTo("abc");
    pong.release();
  }

  @Test
  void clientCloseIsEchoedAndReportedOnce() {
    channel.writeInbound(new CloseWebSocketFrame(1000, "bye"));
    CloseWebSocketFrame echo = outboundClose();
    assertThat(echo.statusCode()).isEqualTo(1000);
    echo.release();
    assertThat(channel.isOpen()).isFalse();
    channel.close();
    assertThat(events).containsExactly("open", "close 1000 bye");
    assertThat(state.closed().get(CloseCause.CLIENT)).isEqualTo(1);
    assertThat(connection.isOpen()).isFalse();
  }

  @Test
  void idleEventClosesWith1001AndTheConnectionEndsAfterTheCloseTimeout() {
    channel.freezeTime();
    channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
    CloseWebSocketFrame close = outboundClose();
    assertThat(close.statusCode()).isEqualTo(1001);
    assertThat(close.reasonText()).isEqualTo("idle timeout");
    assertThat(channel.isOpen()).isTrue(); // waiting for the client's close frame
    channel.advanceTimeBy(WebSocketConnection.CLOSE_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isFalse();
    assertThat(events).containsExactly("open", "close 1001 idle timeout");
    assertThat(state.closed().get(CloseCause.IDLE)).isEqualTo(1);
  }

  @Test
  void endpointCloseSendsTheCodeAndRejectsCodesAServerMayNotSend() {
    assertThatThrownBy(() -> connection.close(1006, ""))
        .isInstanceOf(IllegalArgumentException.class);
    connection.close(4000, "é".repeat(100));
    CloseWebSocketFrame close = outboundClose();
    assertThat(close.statusCode()).isEqualTo(4000);
    assertThat(close.content().readableBytes()).isLessThanOrEqualTo(125);
    close.release();
    connection.close(1000, "twice does nothing");
    assertThat((Object) channel.readOutbound()).isNull();
  }

  @Test
  void sendWritesATextFrameAndReportsQueuedBytes() {
    assertThat(connection.send("hi")).isTrue();
    Object out = channel.readOutbound();
    assertThat(out).isInstanceOf(ByteBuf.class); // handed down as a plain buffer, framed in full
    assertThat(ClientDecoder.text(out)).isEqualTo("hi");
    assertThat(connection.queuedBytes()).isZero();
    assertThat(connection.isWritable()).isTrue();
  }

  @Test
  void aPreFramedMessageReachingWriteAfterTheCloseFrameIsDroppedAndReleased() {
    // as a broadcast from another thread that was queued before the close started: the session
    // itself refuses sends once closing, so the frame arrives through the pipeline
    connection.close(1000, "bye");
    outboundClose().release();
    PreFramed late =
        new PreFramed(Unpooled.wrappedBuffer(ServerFrames.frame(1, new byte[3])), true);
    var future = channel.writeAndFlush(late);
    assertThat(future.isDone()).isTrue();
    assertThat(future.isSuccess()).isFalse();
    assertThat(late.refCnt()).isZero();
    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(connection.send("after")).isFalse();
  }

  @Test
  void aPreFramedMessageToAClosedChannelIsReleased() {
    channel.close();
    assertThat(connection.send("late")).isFalse();
    PreFramed late =
        new PreFramed(Unpooled.wrappedBuffer(ServerFrames.frame(1, new byte[3])), true);
    var future = channel.writeAndFlush(late);
    assertThat(future.isSuccess()).isFalse();
    assertThat(late.refCnt()).isZero();
  }

  /** Reopens the connection under a limit of 10 frames/s with bursts of 5, on a clock we move. */
  private long[] openWithFrameLimit() {
    return openWithFrameLimit(10, 5);
  }

  /** Reopens the connection under a given frame limit, on a clock we move. */
  private long[] openWithFrameLimit(double framesPerSecond, int burst) {
    long[] now = {123_456_789L};
    channel.finishAndReleaseAll();
    events.clear();
    state =
        ServerStates.of(
            Map.of("/x", endpoint), 10, 100, 0, 0, framesPerSecond, burst, () -> now[0]);
    channel = new EmbeddedChannel();
    connection = new WebSocketConnection(state, endpoint, "/x", channel);
    channel.pipeline().addLast(connection);
    connection.opened();
    return now;
  }

  @Test
  void framesWithinTheRateLimitAreAcceptedAndTheBucketRefillsWithTime() {
    long[] now = openWithFrameLimit();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 5; i++) { // the whole burst in one instant
        channel.writeInbound(new TextWebSocketFrame("r" + round + "m" + i));
      }
      now[0] += TimeUnit.MILLISECONDS.toNanos(500); // 10/s refills the 5 frames in 0.5 s
    }
    for (int i = 0; i < 20; i++) { // the sustained rate, every kind of frame counted
      now[0] += TimeUnit.MILLISECONDS.toNanos(100);
      channel.writeInbound(i % 2 == 0 ? new PongWebSocketFrame() : new TextWebSocketFrame("s" + i));
    }
    assertThat(events).hasSize(1 + 15 + 10).contains("text r2m4", "text s19");
    assertThat(channel.isOpen()).isTrue();
    assertThat(state.closed().get(CloseCause.RATE_LIMITED)).isZero();
  }

  @Test
  void oneFrameOverTheBurstInOneInstantClosesWith1008AndLaterFramesAreDiscarded() {
    long[] now = openWithFrameLimit();
    channel.freezeTime();
    for (int i = 0; i < 4; i++) {
      channel.writeInbound(new PingWebSocketFrame());
      ((PongWebSocketFrame) channel.readOutbound()).release();
    }
    channel.writeInbound(new TextWebSocketFrame("fifth"));
    assertThat(channel.config().isAutoRead()).isTrue();
    assertThat((Object) channel.readOutbound()).isNull();
    channel.writeInbound(new TextWebSocketFrame("sixth"));
    CloseWebSocketFrame close = outboundClose();
    assertThat(close.statusCode()).isEqualTo(1008);
    assertThat(close.reasonText()).isEqualTo("too many frames");
    close.release();
    assertThat(channel.config().isAutoRead()).isFalse(); // nothing more is read from the flood

    now[0] += TimeUnit.SECONDS.toNanos(10); // even with a full bucket, nothing after the close
    channel.writeInbound(new TextWebSocketFrame("after"));
    channel.writeInbound(new PingWebSocketFrame());
    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(events).containsExactly("open", "text fifth");
    channel.advanceTimeBy(WebSocketConnection.CLOSE_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isFalse();
    assertThat(events).containsExactly("open", "text fifth", "close 1008 too many frames");
    assertThat(state.closed().get(CloseCause.RATE_LIMITED)).isEqualTo(1);
  }

  /**
   * Sends pongs evenly at {@code framesPerSecond} for up to {@code seconds} of the moved clock, and
   * returns the second at which the server closed the connection, or -1 if it never did.
   */
  private double sendSteadily(long[] now, double framesPerSecond, int seconds) {
    long start = now[0];
    long frames = Math.round(framesPerSecond * seconds);
    for (long i = 1; i <= frames; i++) {
      now[0] = start + Math.round(i * 1e9 / framesPerSecond);
      channel.writeInbound(new PongWebSocketFrame());
      Object out = channel.readOutbound();
      if (out != null) {
        assertThat(out).isInstanceOf(CloseWebSocketFrame.class);
        CloseWebSocketFrame close = (CloseWebSocketFrame) out;
        assertThat(close.statusCode()).isEqualTo(1008);
        close.release();
        return (now[0] - start) / 1e9;
      }
    }
    return -1;
  }

  @Test
  void aClientJustUnderTheDefaultLimitStaysConnectedForever() {
    long[] now =
        openWithFrameLimit(
            WebSocketServerConfig.DEFAULT_INBOUND_FRAMES_PER_SECOND,
            WebSocketServerConfig.DEFAULT_INBOUND_FRAME_BURST);
    // 99 frames a second for 20 minutes: more than the burst would ever cover if it counted
    assertThat(sendSteadily(now, 99, 1_200)).isEqualTo(-1);
    assertThat(channel.isOpen()).isTrue();
    assertThat(state.closed().get(CloseCause.RATE_LIMITED)).isZero();
  }

  @Test
  void aClientJustOverTheDefaultLimitIsClosedWhenItsBurstIsSpent() {
    long[] now =
        openWithFrameLimit(
            WebSocketServerConfig.DEFAULT_INBOUND_FRAMES_PER_SECOND,
            WebSocketServerConfig.DEFAULT_INBOUND_FRAME_BURST);
    // 101 frames a second: one a second more than the refill, so the 1,000-frame bucket lasts
    // 1,000 s
    channel.freezeTime();
    double closedAt = sendSteadily(now, 101, 1_200);
    assertThat(closedAt).isBetween(999.0, 1_001.0);
    channel.advanceTimeBy(WebSocketConnection.CLOSE_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isFalse();
    assertThat(state.closed().get(CloseCause.RATE_LIMITED)).isEqualTo(1);
  }

  @Test
  void theClientsAnswerToTheRateLimitCloseEndsTheConnection() {
    openWithFrameLimit();
    for (int i = 0; i < 6; i++) {
      channel.writeInbound(new PongWebSocketFrame());
    }
    outboundClose().release();
    channel.writeInbound(new CloseWebSocketFrame(1008, ""));
    assertThat(channel.isOpen()).isFalse();
    assertThat(events).containsExactly("open", "close 1008 too many frames");
  }

  @Test
  void withoutALimitABigBurstIsAccepted() {
    for (int i = 0; i < 10_000; i++) {
      channel.writeInbound(new PongWebSocketFrame());
    }
    assertThat(channel.isOpen()).isTrue();
    assertThat((Object) channel.readOutbound()).isNull();
  }

  @Test
  void reasonTextIsCutToFitACloseFrame() {
    assertThat(WebSocketConnection.truncate("short")).isEqualTo("short");
    String cut = WebSocketConnection.truncate("😀".repeat(40));
    assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
    assertThat(cut).isEqualTo("😀".repeat(30));
  }
}
