package org.dvbcss.net.ws.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.concurrent.TimeUnit;
import org.dvbcss.net.ws.CloseCause;
import org.jspecify.annotations.Nullable;

/**
 * The closing handshake of one connection (RFC 6455 section 7): sends the server's close frame and
 * drops the connection if the client has not answered within {@link #TIMEOUT_NANOS}, echoes a
 * client's close frame, and remembers the first cause, status code and reason, which are what the
 * endpoint and the counters hear when the connection ends.
 *
 * <p>Threading: every method but {@link #isOpen()} and {@link #markClosing()} runs on the
 * connection's event loop; those two may be called from any thread.
 */
final class CloseHandshake {
  /** How long to wait for the client's close frame after sending ours, in ns. */
  static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final int MAX_REASON_BYTES = 123;

  private final Channel channel;
  private final Runnable onClosing;
  private volatile boolean open;

  // event loop only
  private @Nullable ChannelHandlerContext ctx;
  private boolean closeSent;
  private @Nullable CloseCause cause;
  private int code = WebSocketCloseStatus.ABNORMAL_CLOSURE.code();
  private String reason = "connection lost";

  /**
   * Creates the handshake for a channel.
   *
   * @param channel the channel
   * @param onClosing run on the event loop when the handshake starts, to drop per-message state
   */
  CloseHandshake(Channel channel, Runnable onClosing) {
    this.channel = channel;
    this.onClosing = onClosing;
  }

  /**
   * Sets the context close frames are written through.
   *
   * @param ctx the connection handler's context
   */
  void attach(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /** The session is open. On the event loop. */
  void markOpen() {
    open = true;
  }

  /** The session no longer accepts messages to send; from any thread. */
  void markClosing() {
    open = false;
  }

  /**
   * Whether the session is open: after {@link #markOpen()} and before any close. Any thread.
   *
   * @return true while messages may be sent
   */
  boolean isOpen() {
    return open;
  }

  /**
   * Whether a close frame was sent or the connection is otherwise ending: no data may go out and
   * data coming in is discarded. On the event loop.
   *
   * @return true once the closing handshake has started
   */
  boolean closeSent() {
    return closeSent;
  }

  /**
   * Starts the closing handshake from the server side; does nothing if it has started. The reason
   * is cut to fit a close frame. On the event loop.
   *
   * @param cause why, for the counters
   * @param code the close status to send
   * @param reason the close reason to send
   */
  void begin(CloseCause cause, int code, String reason) {
    if (closeSent) {
      return;
    }
    closeSent = true;
    open = false;
    String shortReason = truncate(reason);
    record(cause, code, shortReason);
    onClosing.run();
    ChannelHandlerContext c = ctx;
    if (c == null || !channel.isActive()) {
      channel.close();
      return;
    }
    c.writeAndFlush(new CloseWebSocketFrame(code, shortReason))
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                channel.close();
              }
            });
    closeAfterTimeout(c);
  }

  /**
   * The client sent a close frame: if ours went first, this is the answer and the connection ends;
   * otherwise the status is echoed and the connection ends once the echo is written. On the event
   * loop.
   *
   * @param ctx the handler's context
   * @param close the client's frame (the caller keeps ownership)
   */
  void onClientClose(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
    if (closeSent) {
      ctx.close(); // the client answered our close
      return;
    }
    int status = close.statusCode();
    String text = close.reasonText();
    record(
        CloseCause.CLIENT,
        status < 0 ? WebSocketCloseStatus.EMPTY.code() : status,
        text == null ? "" : text);
    closeSent = true;
    open = false;
    onClosing.run();
    // echo the status back, then close the TCP connection (RFC 6455 section 5.5.1)
    ctx.writeAndFlush(new CloseWebSocketFrame(true, 0, close.content().retainedDuplicate()))
        .addListener(ChannelFutureListener.CLOSE);
  }

  /**
   * The frame decoder found a bad frame and has sent its own close frame: records the cause and
   * drops the connection after the timeout. On the event loop.
   *
   * @param ctx the handler's context
   * @param cause why
   * @param code the status the decoder sent
   * @param reason the reason the decoder sent
   */
  void onDecoderClose(ChannelHandlerContext ctx, CloseCause cause, int code, String reason) {
    if (!closeSent) {
      closeSent = true;
      open = false;
      record(cause, code, truncate(reason));
    }
    closeAfterTimeout(ctx);
  }

  /**
   * Closes the TCP connection with no close frame; the endpoint hears 1006. On the event loop.
   *
   * @param cause why
   * @param reason the reason the endpoint hears
   */
  void drop(CloseCause cause, String reason) {
    closeSent = true;
    open = false;
    record(cause, WebSocketCloseStatus.ABNORMAL_CLOSURE.code(), reason);
    onClosing.run();
    channel.close();
  }

  /** The connection has ended. On the event loop. */
  void ended() {
    open = false;
    closeSent = true;
  }

  /**
   * The first recorded cause.
   *
   * @return the cause, or null if the connection ended with none recorded (lost)
   */
  @Nullable CloseCause cause() {
    return cause;
  }

  /**
   * The status code the endpoint hears.
   *
   * @return the first recorded code, 1006 if none
   */
  int code() {
    return code;
  }

  /**
   * The reason the endpoint hears.
   *
   * @return the first recorded reason
   */
  String reason() {
    return reason;
  }

  private void closeAfterTimeout(ChannelHandlerContext c) {
    c.executor().schedule(() -> channel.close(), TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
  }

  private void record(CloseCause cause, int code, String reason) {
    if (this.cause == null) {
      this.cause = cause;
      this.code = code;
      this.reason = reason;
    }
  }

  /**
   * Cuts a close reason to the 123 bytes of UTF-8 a close frame has room for, never inside a
   * character.
   *
   * @param reason the reason
   * @return the reason, or its longest prefix that fits
   */
  static String truncate(String reason) {
    if (ByteBufUtil.utf8Bytes(reason) <= MAX_REASON_BYTES) {
      return reason;
    }
    int end = Math.min(reason.length(), MAX_REASON_BYTES);
    while (end > 0 && ByteBufUtil.utf8Bytes(reason.substring(0, end)) > MAX_REASON_BYTES) {
      end--;
    }
    if (end > 0 && Character.isHighSurrogate(reason.charAt(end - 1))) {
      end--;
    }
    return reason.substring(0, end);
  }
}
