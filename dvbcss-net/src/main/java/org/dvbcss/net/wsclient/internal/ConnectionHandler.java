package org.dvbcss.net.wsclient.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.dvbcss.net.internal.ReadStamp;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket client connection, from TCP connected to closed: performs the opening handshake,
 * turns frames into {@link ConnectionEvents}, answers pings, sends keepalive pings, and runs the
 * closing handshake.
 *
 * <p>Threading: created on any thread, then used on its channel's event loop, except {@link
 * #isOpen()} and {@link #send(String)}, which any thread may call.
 */
public final class ConnectionHandler extends SimpleChannelInboundHandler<Object> {
  private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);

  /** Close status when no Close frame carried one (RFC 6455 §7.4.1; never sent). */
  public static final int NO_STATUS = 1005;

  /** Close status when the connection ended without a Close frame (never sent). */
  public static final int ABNORMAL = 1006;

  private final WebSocketClientHandshaker handshaker;
  private final ConnectionEvents events;
  private final int maxMessageBytes;
  private final long openTimeoutNanos;
  private final long pingIntervalNanos;

  private volatile @Nullable Channel channel;
  private volatile boolean open;

  private boolean handshakeDone;
  private boolean finished;
  private @Nullable Throwable openFailure;
  private int localCloseCode = -1;
  private String localCloseReason = "";
  private int remoteCloseCode = -1;
  private String remoteCloseReason = "";
  private String abnormalReason = "connection lost";
  private long lastInboundNanos;
  private @Nullable ScheduledFuture<?> openTimer;
  private @Nullable ScheduledFuture<?> pingTimer;
  private @Nullable ScheduledFuture<?> forceCloseTimer;

  /**
   * Creates the handler for one connection attempt.
   *
   * @param handshaker the opening handshake for the server's URI
   * @param events where to report
   * @param maxMessageBytes the largest whole message accepted, bytes
   * @param openTimeoutNanos how long the TLS and WebSocket handshakes may take after TCP connects
   * @param pingIntervalNanos keepalive ping period, nanoseconds; 0 for none
   */
  public ConnectionHandler(
      WebSocketClientHandshaker handshaker,
      ConnectionEvents events,
      int maxMessageBytes,
      long openTimeoutNanos,
      long pingIntervalNanos) {
    this.handshaker = handshaker;
    this.events = events;
    this.maxMessageBytes = maxMessageBytes;
    this.openTimeoutNanos = openTimeoutNanos;
    this.pingIntervalNanos = pingIntervalNanos;
  }

  /**
   * Whether the connection is open for sending: the handshake has completed and no Close frame has
   * been sent or received. Any thread.
   *
   * @return whether open
   */
  public boolean isOpen() {
    return open;
  }

  /**
   * Queues a text message for sending. Any thread.
   *
   * @param text the message
   * @return false if the connection is not open
   */
  public boolean send(String text) {
    Channel ch = channel;
    if (!open || ch == null) {
      return false;
    }
    ch.writeAndFlush(new TextWebSocketFrame(text), ch.voidPromise());
    return true;
  }

  /**
   * Queues a binary message for sending. Any thread.
   *
   * @param data the message; not modified afterwards
   * @return false if the connection is not open
   */
  public boolean sendBinary(byte[] data) {
    Channel ch = channel;
    if (!open || ch == null) {
      return false;
    }
    ch.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data)), ch.voidPromise());
    return true;
  }

  /**
   * Starts the closing handshake if open, or drops the connection if it is still opening. The
   * connection is dropped anyway if the server has not completed the closing handshake within
   * {@code timeoutNanos}. Call on the event loop.
   *
   * @param code the status code to send
   * @param reason the reason text to send
   * @param timeoutNanos how long to wait for the server's Close frame
   */
  public void close(int code, String reason, long timeoutNanos) {
    Channel ch = channel;
    if (ch == null) {
      return;
    }
    if (!handshakeDone) {
      ch.close();
      return;
    }
    sendClose(ch, code, reason);
    if (forceCloseTimer == null && ch.isActive()) {
      forceCloseTimer =
          ch.eventLoop()
              .schedule(
                  () -> {
                    abnormalReason = "the server did not complete the closing handshake";
                    ch.close();
                  },
                  timeoutNanos,
                  TimeUnit.NANOSECONDS);
    }
  }

  /** Sends a Close frame unless one has been sent or received; returns the write, or null. */
  private @Nullable ChannelFuture sendClose(Channel ch, int code, String reason) {
    open = false;
    if (localCloseCode >= 0 || remoteCloseCode >= 0 || !ch.isActive()) {
      return null;
    }
    localCloseCode = code;
    localCloseReason = reason;
    return ch.writeAndFlush(new CloseWebSocketFrame(code, reason));
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    Channel ch = ctx.channel();
    channel = ch;
    lastInboundNanos = System.nanoTime();
    openTimer =
        ch.eventLoop()
            .schedule(
                () -> {
                  if (!handshakeDone) {
                    openFailure =
                        new IOException(
                            "TLS and WebSocket handshakes not done within "
                                + TimeUnit.NANOSECONDS.toMillis(openTimeoutNanos)
                                + " ms");
                    ch.close();
                  }
                },
                openTimeoutNanos,
                TimeUnit.NANOSECONDS);
    handshaker
        .handshake(ch)
        .addListener(
            f -> {
              if (!f.isSuccess() && openFailure == null) {
                openFailure = f.cause();
                ch.close();
              }
            });
    super.channelActive(ctx);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
    lastInboundNanos = System.nanoTime();
    if (!handshakeDone) {
      if (msg instanceof FullHttpResponse response) {
        finishHandshake(ctx, response);
      }
      return;
    }
    if (msg instanceof TextWebSocketFrame text) {
      if (remoteCloseCode < 0) {
        events.text(text.text());
      }
    } else if (msg instanceof PingWebSocketFrame ping) {
      ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
    } else if (msg instanceof PongWebSocketFrame) {
      events.pong();
    } else if (msg instanceof CloseWebSocketFrame close) {
      onCloseFrame(ctx, close);
    } else if (msg instanceof BinaryWebSocketFrame binary) {
      if (remoteCloseCode >= 0) {
        return;
      }
      ReadStamp stamp = ctx.pipeline().get(ReadStamp.class);
      long received = stamp == null ? lastInboundNanos : stamp.lastReadNanos();
      if (events.binary(binary.content().nioBuffer().asReadOnlyBuffer(), received)) {
        return;
      }
      events.protocolError(
          new IOException(
              "binary message of " + binary.content().readableBytes() + " bytes ignored"),
          false);
    }
  }

  private void finishHandshake(ChannelHandlerContext ctx, FullHttpResponse response) {
    try {
      handshaker.finishHandshake(ctx.channel(), response);
    } catch (WebSocketClientHandshakeException e) {
      openFailure = e;
      ctx.close();
      return;
    }
    handshakeDone = true;
    cancel(openTimer);
    // text must be UTF-8 (RFC 6455 §8.1): a violation closes with 1007 via exceptionCaught
    ctx.pipeline()
        .addBefore(ctx.name(), "ws-utf8", new Utf8FrameValidator(false))
        .addBefore(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(maxMessageBytes));
    open = true;
    if (pingIntervalNanos > 0) {
      pingTimer =
          ctx.executor()
              .scheduleAtFixedRate(
                  () -> keepalive(ctx), pingIntervalNanos, pingIntervalNanos, TimeUnit.NANOSECONDS);
    }
    events.opened();
  }

  private void keepalive(ChannelHandlerContext ctx) {
    if (System.nanoTime() - lastInboundNanos > 2 * pingIntervalNanos) {
      abnormalReason =
          "nothing received for "
              + TimeUnit.NANOSECONDS.toMillis(2 * pingIntervalNanos)
              + " ms despite keepalive pings";
      ctx.close();
      return;
    }
    ctx.writeAndFlush(new PingWebSocketFrame());
  }

  private void onCloseFrame(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
    open = false;
    if (remoteCloseCode >= 0) {
      return;
    }
    int code = close.statusCode();
    remoteCloseCode = code < 0 ? NO_STATUS : code;
    remoteCloseReason = close.reasonText();
    if (localCloseCode >= 0) {
      ctx.close(); // the server answered our Close
    } else {
      CloseWebSocketFrame reply =
          code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, "");
      ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!handshakeDone) {
      if (openFailure == null) {
        openFailure = cause;
      }
      ctx.close();
      return;
    }
    if (cause instanceof CorruptedWebSocketFrameException corrupt) {
      // the frame decoder found a protocol violation or a frame over the size limit
      events.protocolError(cause, true);
      closeAfter(
          ctx,
          sendClose(
              ctx.channel(), corrupt.closeStatus().code(), String.valueOf(corrupt.getMessage())));
    } else if (cause instanceof TooLongFrameException) {
      // a fragmented message grew too long in the aggregator
      events.protocolError(cause, true);
      closeAfter(
          ctx,
          sendClose(
              ctx.channel(),
              WebSocketCloseStatus.MESSAGE_TOO_BIG.code(),
              "message longer than " + maxMessageBytes + " bytes"));
    } else {
      log.debug("WebSocket connection {} failed", ctx.channel(), cause);
      abnormalReason = String.valueOf(cause.getMessage());
      ctx.close();
    }
  }

  private static void closeAfter(ChannelHandlerContext ctx, @Nullable ChannelFuture written) {
    if (written != null) {
      written.addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    open = false;
    cancel(openTimer);
    cancel(pingTimer);
    cancel(forceCloseTimer);
    if (!finished) {
      finished = true;
      if (!handshakeDone) {
        Throwable cause = openFailure;
        events.failedToOpen(
            cause != null
                ? cause
                : new IOException("connection closed before the WebSocket handshake completed"));
      } else if (localCloseCode >= 0) {
        events.closed(localCloseCode, localCloseReason);
      } else if (remoteCloseCode >= 0) {
        events.closed(remoteCloseCode, remoteCloseReason);
      } else {
        events.closed(ABNORMAL, abnormalReason);
      }
    }
    super.channelInactive(ctx);
  }

  private static void cancel(@Nullable ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
