package org.dvbcss.net.ws.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.RejectedExecutionException;
import org.dvbcss.net.internal.ReadStamp;
import org.dvbcss.net.ws.CloseCause;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection after the handshake: the channel handler that puts together the pieces
 * of a connection and calls the endpoint. Incoming frames first pass the {@link InboundFrameLimit};
 * close frames go to the {@link CloseHandshake}, pings are answered here, and data frames go to the
 * {@link TextAssembler}, whose messages reach {@link WebSocketEndpoint#onText} (and, for an
 * endpoint that accepts binary, {@link WebSocketEndpoint#onBinary}, stamped by the {@link
 * ReadStamp} at the head of the pipeline). The {@link Keepalive} pings the client and handles the
 * idle timeout; the {@link OrderedSender} carries {@link #send} from any thread. An endpoint
 * callback that throws closes the connection with 1011.
 *
 * <p>Threading: the handler methods run on the channel's event loop; the {@link WebSocketSession}
 * methods are thread safe.
 */
public final class WebSocketConnection extends ChannelDuplexHandler implements WebSocketSession {
  private static final Logger log = LoggerFactory.getLogger(WebSocketConnection.class);

  /** How long to wait for the client's close frame after sending ours, in ns. */
  static final long CLOSE_TIMEOUT_NANOS = CloseHandshake.TIMEOUT_NANOS;

  private final ServerState state;
  private final WebSocketEndpoint endpoint;
  private final String id;
  private final String path;
  private final Channel channel;
  private final InetSocketAddress localAddress;
  private final InetSocketAddress remoteAddress;
  private volatile @Nullable Object attachment;

  private final CloseHandshake close;
  private final TextAssembler assembler;
  private final Keepalive keepalive;
  private final OrderedSender sender;
  private boolean httpCodecGone; // on the event loop

  // event loop only
  private @Nullable ChannelHandlerContext ctx;
  private boolean opened;
  private @Nullable InboundFrameLimit frameLimit;
  private @Nullable ReadStamp readStamp;
  private long receivedNanos;

  /**
   * Creates the handler for a channel whose handshake is under way.
   *
   * @param state the server's shared state
   * @param endpoint the endpoint for the path
   * @param path the path the client asked for
   * @param channel the channel
   */
  public WebSocketConnection(
      ServerState state, WebSocketEndpoint endpoint, String path, Channel channel) {
    this.state = state;
    this.endpoint = endpoint;
    this.path = path;
    this.channel = channel;
    this.id = state.nextId(path);
    this.localAddress = concrete(channel.localAddress());
    this.remoteAddress = concrete(channel.remoteAddress());
    this.assembler =
        new TextAssembler(
            state.maxFrameBytes,
            acceptsBinary(endpoint),
            new TextAssembler.Sink() {
              @Override
              public void onText(String text) {
                call(() -> endpoint.onText(WebSocketConnection.this, text), "onText");
              }

              @Override
              public void onBinary(ByteBuf data) {
                ByteBuffer view = data.nioBuffer().asReadOnlyBuffer();
                long received = receivedNanos;
                call(() -> endpoint.onBinary(WebSocketConnection.this, view, received), "onBinary");
              }

              @Override
              public void onViolation(CloseCause cause, int code, String reason) {
                closeWith(cause, code, reason);
              }
            });
    this.close = new CloseHandshake(channel, assembler::release);
    this.keepalive = new Keepalive(close);
    this.sender = new OrderedSender(channel);
  }

  private static boolean acceptsBinary(WebSocketEndpoint endpoint) {
    try {
      return endpoint.acceptsBinary();
    } catch (RuntimeException e) {
      log.warn("acceptsBinary threw; binary frames will be refused", e);
      return false;
    }
  }

  /** An IPv4-mapped IPv6 address (from a dual-stack socket) as the IPv4 address it stands for. */
  static InetSocketAddress concrete(@Nullable SocketAddress address) {
    if (!(address instanceof InetSocketAddress inet)) {
      return new InetSocketAddress(0);
    }
    InetAddress ip = inet.getAddress();
    if (ip instanceof Inet6Address) {
      byte[] b = ip.getAddress();
      boolean mapped = b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
      for (int i = 0; i < 10 && mapped; i++) {
        mapped = b[i] == 0;
      }
      if (mapped) {
        try {
          return new InetSocketAddress(
              InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}), inet.getPort());
        } catch (UnknownHostException e) {
          throw new AssertionError(e);
        }
      }
    }
    return inet;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.readStamp = ctx.pipeline().get(ReadStamp.class);
    close.attach(ctx);
  }

  /**
   * The handshake response is queued: the session is open. Call on the event loop, in the same task
   * that started the handshake, so that {@link #closeForShutdown} always finds it either absent or
   * open.
   */
  void opened() {
    ChannelHandlerContext c = ctx;
    if (c == null || !channel.isActive()) {
      return;
    }
    opened = true;
    close.markOpen();
    frameLimit = InboundFrameLimit.of(state);
    state.accepted.increment();
    state.sessionOpened();
    keepalive.start(c, state.pingIntervalNanos);
    log.debug("{} opened from {} to {}", id, remoteAddress, localAddress);
    call(() -> endpoint.onOpen(this), "onOpen");
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof WebSocketFrame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    ReadStamp stamp = readStamp;
    receivedNanos = stamp == null ? System.nanoTime() : stamp.lastReadNanos();
    try {
      if (withinFrameRate()) {
        onFrame(ctx, frame);
      }
    } finally {
      frame.release();
    }
  }

  /**
   * Takes a token for one incoming frame; with none left, closes with 1008 and stops reading.
   *
   * @return false if the frame must be discarded
   */
  private boolean withinFrameRate() {
    InboundFrameLimit limit = frameLimit;
    if (limit == null || !opened || close.closeSent()) {
      return true; // after our close frame onFrame discards all but the client's close
    }
    if (limit.tryTake()) {
      return true;
    }
    log.debug("{} sent more than {}", id, limit);
    closeWith(CloseCause.RATE_LIMITED, 1008, "too many frames");
    // read no more: what the flood sends next would only keep the event loop busy until the close
    // timeout drops the connection
    channel.config().setAutoRead(false);
    return false;
  }

  private void onFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof CloseWebSocketFrame closeFrame) {
      close.onClientClose(ctx, closeFrame);
      return;
    }
    if (close.closeSent() || !opened) {
      return; // data after a close frame is discarded
    }
    if (frame instanceof PingWebSocketFrame) {
      // Not answered while the queue is over the high water mark: a client that pings without
      // reading would grow it without bound. RFC 6455 (5.5.3) lets an endpoint skip pongs when
      // pings come faster than it can answer.
      if (channel.isWritable()) {
        ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retainedDuplicate()));
      }
    } else if (frame instanceof PongWebSocketFrame) {
      // it already counted as activity for the idle timeout
    } else {
      assembler.accept(frame, ctx.alloc());
    }
  }

  /** Calls the endpoint; if it throws, logs, counts and closes with 1011. */
  private void call(Runnable callback, String name) {
    try {
      callback.run();
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      state.endpointErrors.increment();
      log.warn("{} {} threw; closing the connection with 1011", id, name, e);
      closeWith(CloseCause.ENDPOINT_ERROR, 1011, "internal error");
    }
  }

  /** Starts the closing handshake from the server side. Call on the event loop. */
  void closeWith(CloseCause cause, int code, String reason) {
    close.begin(cause, code, reason);
  }

  /**
   * Closes a channel for server shutdown, on its event loop: an open session with 1001 "server
   * shutting down" (with {@link ServerState#shutdownWithoutCloseFrame}, its connection is dropped
   * at once instead, and the endpoint hears 1006); any other connection (no handshake yet) at once.
   * Call after {@link ServerState#startClosing()}.
   *
   * @param channel an accepted channel
   */
  public static void closeForShutdown(Channel channel) {
    Runnable task =
        () -> {
          WebSocketConnection connection = channel.pipeline().get(WebSocketConnection.class);
          if (connection == null) {
            channel.close();
          } else if (connection.opened && connection.state.shutdownWithoutCloseFrame) {
            connection.close.drop(CloseCause.SHUTDOWN, "server shutting down, connection dropped");
          } else if (connection.opened) {
            connection.closeWith(CloseCause.SHUTDOWN, 1001, "server shutting down");
          }
        };
    try {
      channel.eventLoop().execute(task);
    } catch (RejectedExecutionException e) {
      channel.close();
    }
  }

  private void onLoop(Runnable task) {
    if (channel.eventLoop().inEventLoop()) {
      task.run();
      return;
    }
    try {
      channel.eventLoop().execute(task);
    } catch (RejectedExecutionException e) {
      channel.close();
    }
  }

  static String truncate(String reason) {
    return CloseHandshake.truncate(reason);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    sender.written(msg);
    if (close.closeSent()
        && (msg instanceof PreFramed
            || msg instanceof TextWebSocketFrame
            || msg instanceof BinaryWebSocketFrame)) {
      // sent from another thread after the closing handshake started: a data frame may not follow
      ReferenceCountUtil.release(msg);
      promise.tryFailure(new ClosedChannelException());
      return;
    }
    if (msg instanceof PreFramed framed) {
      // already a whole frame: the frame encoder, TLS and the socket take it as a plain buffer
      writePastHttpCodec(ctx).write(framed.content(), promise);
      return;
    }
    ctx.write(msg, promise);
  }

  /**
   * Where a plain buffer is written from. Netty removes the HTTP codec only once the 101 response
   * has been written: at once on epoll and NIO, whose write completes inside the flush, but a
   * completion later on io_uring. Until then a frame the endpoint sends on opening (CSS-CII's first
   * message) would reach the codec's encoder, which refuses a plain buffer after a complete
   * response, and be lost; it is written past the codec instead, behind the 101 response that the
   * codec has already encoded.
   */
  private ChannelHandlerContext writePastHttpCodec(ChannelHandlerContext ctx) {
    if (!httpCodecGone) {
      ChannelHandlerContext http = ctx.pipeline().context(ChildInitializer.HTTP_CODEC);
      if (http != null) {
        return http;
      }
      httpCodecGone = true;
    }
    return ctx;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      keepalive.onIdle(ctx);
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (opened && !close.closeSent() && channel.isWritable()) {
      call(() -> endpoint.onWritable(this), "onWritable");
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable error) {
    if (error instanceof CorruptedWebSocketFrameException corrupt) {
      // the frame decoder has already sent its close frame and will close the channel
      WebSocketCloseStatus status = corrupt.closeStatus();
      int code = status.code();
      CloseCause why =
          code == 1009
              ? CloseCause.TOO_BIG
              : code == 1007 ? CloseCause.INVALID_UTF8 : CloseCause.PROTOCOL_ERROR;
      log.debug("{} bad frame: {}", id, corrupt.getMessage());
      close.onDecoderClose(ctx, why, code, status.reasonText());
      return;
    }
    if (error instanceof IOException) {
      log.debug("{} connection failed: {}", id, error.toString());
      ctx.close();
      return;
    }
    log.warn("{} unexpected failure; closing with 1011", id, error);
    closeWith(CloseCause.INTERNAL_ERROR, 1011, "internal error");
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    keepalive.stop();
    assembler.release();
    close.ended();
    if (opened) {
      opened = false;
      CloseCause cause = close.cause();
      CloseCause why = cause == null ? CloseCause.CONNECTION_LOST : cause;
      int closeCode = close.code();
      String closeReason = close.reason();
      state.countClosed(why);
      log.debug("{} closed: {} {} {}", id, why, closeCode, closeReason);
      try {
        endpoint.onClose(this, closeCode, closeReason);
      } catch (RuntimeException e) {
        state.endpointErrors.increment();
        log.warn("{} onClose threw", id, e);
      } finally {
        state.sessionEnded();
      }
    }
    ctx.fireChannelInactive();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  @Override
  public boolean isWritable() {
    return sender.isWritable();
  }

  @Override
  public long queuedBytes() {
    return sender.queuedBytes();
  }

  @Override
  public boolean send(String text) {
    if (!close.isOpen()) {
      return false;
    }
    return sender.send(text);
  }

  @Override
  public boolean sendBinary(byte[] data) {
    if (!close.isOpen()) {
      return false;
    }
    return sender.sendBinary(data); // copied into the frame
  }

  @Override
  public void close(int code, String reason) {
    if (!WebSocketCloseStatus.isValidStatusCode(code)) {
      throw new IllegalArgumentException("not a close status a server may send: " + code);
    }
    close.markClosing();
    onLoop(() -> closeWith(CloseCause.ENDPOINT, code, reason));
  }

  @Override
  public boolean isOpen() {
    return close.isOpen();
  }

  @Override
  public void attach(@Nullable Object attachment) {
    this.attachment = attachment;
  }

  @Override
  public @Nullable Object attachment() {
    return attachment;
  }

  @Override
  public String toString() {
    return "WebSocketSession[" + id + " " + remoteAddress + " -> " + localAddress + path + "]";
  }
}
