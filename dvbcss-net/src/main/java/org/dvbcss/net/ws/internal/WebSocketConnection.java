package org.dvbcss.net.ws.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dvbcss.clock.TokenBucket;
import org.dvbcss.net.ws.CloseCause;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection after the handshake: joins text fragments, answers pings, pings the
 * client, enforces the size, type and idle rules, runs the closing handshake, and calls the
 * endpoint. The handler methods run on the channel's event loop; the {@link WebSocketSession}
 * methods are thread safe.
 */
public final class WebSocketConnection extends ChannelDuplexHandler implements WebSocketSession {
  private static final Logger log = LoggerFactory.getLogger(WebSocketConnection.class);

  /** How long to wait for the client's close frame after sending ours, in ns. */
  static final long CLOSE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final int MAX_REASON_BYTES = 123;

  private final ServerState state;
  private final WebSocketEndpoint endpoint;
  private final String id;
  private final String path;
  private final Channel channel;
  private final InetSocketAddress localAddress;
  private final InetSocketAddress remoteAddress;
  private volatile boolean open;
  private volatile @Nullable Object attachment;

  // event loop only
  private @Nullable ChannelHandlerContext ctx;
  private boolean opened;
  private boolean closeSent;
  private @Nullable CloseCause cause;
  private int closeCode = WebSocketCloseStatus.ABNORMAL_CLOSURE.code();
  private String closeReason = "connection lost";
  private @Nullable CompositeByteBuf fragments;
  private @Nullable ScheduledFuture<?> pinger;
  private @Nullable TokenBucket frameTokens; // the inbound frame limit, on ns of state.nanoTime

  /** Text frames sent from other threads that have not reached {@link #write} yet. */
  private final AtomicInteger offLoopInFlight = new AtomicInteger();

  /** Bytes of text sent on the event loop and queued behind earlier tasks; written on the loop. */
  private volatile long deferredBytes;

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
    open = true;
    double frameRate = state.inboundFramesPerSecond;
    frameTokens =
        frameRate > 0
            ? new TokenBucket(frameRate, state.inboundFrameBurst, state.nanoTime.getAsLong())
            : null;
    state.accepted.increment();
    state.sessionOpened();
    if (state.pingIntervalNanos > 0) {
      pinger =
          c.executor()
              .scheduleAtFixedRate(
                  this::ping,
                  state.pingIntervalNanos,
                  state.pingIntervalNanos,
                  TimeUnit.NANOSECONDS);
    }
    log.debug("{} opened from {} to {}", id, remoteAddress, localAddress);
    call(() -> endpoint.onOpen(this), "onOpen");
  }

  private void ping() {
    if (!closeSent && channel.isActive() && ctx != null) {
      ctx.writeAndFlush(new PingWebSocketFrame());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof WebSocketFrame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
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
    TokenBucket bucket = frameTokens;
    if (bucket == null || !opened || closeSent) {
      return true; // after our close frame onFrame discards all but the client's close
    }
    if (bucket.tryTake(state.nanoTime.getAsLong())) {
      return true;
    }
    log.debug(
        "{} sent more than {} frames/s (burst {})",
        id,
        state.inboundFramesPerSecond,
        state.inboundFrameBurst);
    closeWith(CloseCause.RATE_LIMITED, 1008, "too many frames");
    // read no more: what the flood sends next would only keep the event loop busy until the close
    // timeout drops the connection
    channel.config().setAutoRead(false);
    return false;
  }

  private void onFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof CloseWebSocketFrame close) {
      if (closeSent) {
        ctx.close(); // the client answered our close
        return;
      }
      int code = close.statusCode();
      String reason = close.reasonText();
      record(
          CloseCause.CLIENT,
          code < 0 ? WebSocketCloseStatus.EMPTY.code() : code,
          reason == null ? "" : reason);
      closeSent = true;
      open = false;
      releaseFragments();
      // echo the status back, then close the TCP connection (RFC 6455 section 5.5.1)
      ctx.writeAndFlush(new CloseWebSocketFrame(true, 0, close.content().retainedDuplicate()))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (closeSent || !opened) {
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
    } else if (frame instanceof BinaryWebSocketFrame) {
      closeWith(CloseCause.BINARY, 1003, "binary frames are not accepted");
    } else if (frame instanceof TextWebSocketFrame) {
      if (fragments != null) {
        closeWith(CloseCause.PROTOCOL_ERROR, 1002, "new message inside a fragmented message");
      } else if (frame.isFinalFragment()) {
        deliver(frame.content());
      } else {
        fragments = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
        fragments.addComponent(true, frame.content().retain());
      }
    } else if (frame instanceof ContinuationWebSocketFrame) {
      CompositeByteBuf joined = fragments;
      if (joined == null) {
        closeWith(CloseCause.PROTOCOL_ERROR, 1002, "continuation frame without a message");
      } else if ((long) joined.readableBytes() + frame.content().readableBytes()
          > state.maxFrameBytes) {
        closeWith(
            CloseCause.TOO_BIG, 1009, "message longer than " + state.maxFrameBytes + " bytes");
      } else {
        joined.addComponent(true, frame.content().retain());
        if (frame.isFinalFragment()) {
          fragments = null;
          try {
            deliver(joined);
          } finally {
            joined.release();
          }
        }
      }
    }
  }

  private void deliver(ByteBuf utf8) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(utf8.nioBuffer())
              .toString();
    } catch (CharacterCodingException e) {
      closeWith(CloseCause.INVALID_UTF8, 1007, "text message is not valid UTF-8");
      return;
    }
    call(() -> endpoint.onText(this, text), "onText");
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

  private void record(CloseCause cause, int code, String reason) {
    if (this.cause == null) {
      this.cause = cause;
      this.closeCode = code;
      this.closeReason = reason;
    }
  }

  /** Starts the closing handshake from the server side. Call on the event loop. */
  void closeWith(CloseCause cause, int code, String reason) {
    if (closeSent) {
      return;
    }
    closeSent = true;
    open = false;
    String shortReason = truncate(reason);
    record(cause, code, shortReason);
    releaseFragments();
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
    c.executor().schedule(() -> channel.close(), CLOSE_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
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
            connection.drop(CloseCause.SHUTDOWN, "server shutting down, connection dropped");
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

  /** Closes the TCP connection with no close frame; the endpoint hears 1006. On the event loop. */
  private void drop(CloseCause cause, String reason) {
    closeSent = true;
    open = false;
    record(cause, WebSocketCloseStatus.ABNORMAL_CLOSURE.code(), reason);
    releaseFragments();
    channel.close();
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

  private void releaseFragments() {
    CompositeByteBuf joined = fragments;
    if (joined != null) {
      fragments = null;
      joined.release();
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof OffLoopText) {
      offLoopInFlight.decrementAndGet();
    }
    if (closeSent && msg instanceof TextWebSocketFrame) {
      // sent from another thread after the closing handshake started: a text frame may not follow
      ReferenceCountUtil.release(msg);
      promise.tryFailure(new ClosedChannelException());
      return;
    }
    ctx.write(msg, promise);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      if (closeSent) {
        ctx.close();
      } else {
        closeWith(CloseCause.IDLE, 1001, "idle timeout");
      }
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (opened && !closeSent && channel.isWritable()) {
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
      if (!closeSent) {
        closeSent = true;
        open = false;
        record(why, code, truncate(status.reasonText()));
      }
      ctx.executor().schedule(() -> channel.close(), CLOSE_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
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
    ScheduledFuture<?> p = pinger;
    if (p != null) {
      p.cancel(false);
    }
    releaseFragments();
    open = false;
    closeSent = true;
    if (opened) {
      opened = false;
      CloseCause why = cause == null ? CloseCause.CONNECTION_LOST : cause;
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
    long deferred = deferredBytes;
    return channel.isWritable() && (deferred == 0 || deferred < channel.bytesBeforeUnwritable());
  }

  @Override
  public long queuedBytes() {
    ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
    return (buffer == null ? 0 : buffer.totalPendingWriteBytes()) + deferredBytes;
  }

  @Override
  public boolean send(String text) {
    if (!open) {
      return false;
    }
    byte[] utf8 = utf8Of(text);
    if (!channel.eventLoop().inEventLoop()) {
      offLoopInFlight.incrementAndGet(); // until write() sees it
      channel.writeAndFlush(new OffLoopText(Unpooled.wrappedBuffer(utf8)));
      return true;
    }
    TextWebSocketFrame frame = new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8));
    if (offLoopInFlight.get() == 0 && deferredBytes == 0) {
      channel.writeAndFlush(frame);
      return true;
    }
    // Messages other threads sent earlier still wait in the event loop's task queue; writing now
    // would overtake them (an endpoint pushing from onWritable would overtake a push made under
    // the same lock a moment before). Queue this one behind them, and count it in isWritable().
    deferredBytes += utf8.length;
    try {
      channel
          .eventLoop()
          .execute(
              () -> {
                deferredBytes -= utf8.length;
                channel.writeAndFlush(frame);
              });
    } catch (RejectedExecutionException e) {
      deferredBytes -= utf8.length;
      frame.release();
      return false;
    }
    return true;
  }

  /** A text frame sent from outside the event loop: counted in {@link #offLoopInFlight}. */
  private static final class OffLoopText extends TextWebSocketFrame {
    OffLoopText(ByteBuf content) {
      super(content);
    }
  }

  /**
   * The last text sent by any connection, encoded: a state pushed to many sessions is encoded once.
   */
  private record Encoded(String text, byte[] utf8) {}

  private static volatile @Nullable Encoded lastEncoded;

  /**
   * The UTF-8 bytes of {@code text}, reused when the same String object is sent again (as when one
   * message goes to every connection). The bytes are never modified after encoding, so sharing them
   * between frames is safe.
   */
  private static byte[] utf8Of(String text) {
    Encoded last = lastEncoded;
    if (last != null && last.text() == text) {
      return last.utf8();
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    lastEncoded = new Encoded(text, utf8);
    return utf8;
  }

  @Override
  public void close(int code, String reason) {
    if (!WebSocketCloseStatus.isValidStatusCode(code)) {
      throw new IllegalArgumentException("not a close status a server may send: " + code);
    }
    open = false;
    onLoop(() -> closeWith(CloseCause.ENDPOINT, code, reason));
  }

  @Override
  public boolean isOpen() {
    return open;
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
