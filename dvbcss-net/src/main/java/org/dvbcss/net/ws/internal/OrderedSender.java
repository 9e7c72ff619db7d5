package org.dvbcss.net.ws.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Sends text and binary frames on a channel from any thread, in the order of the calls as seen by a
 * caller that orders them (for example under a lock): a message sent on the event loop never
 * overtakes one another thread sent earlier that is still in the event loop's task queue. Also
 * reports the bytes waiting to go out, those queued behind such tasks included.
 *
 * <p>Threading: {@link #send}, {@link #isWritable()} and {@link #queuedBytes()} may be called from
 * any thread; {@link #written} is called by the connection handler's {@code write}, on the event
 * loop.
 */
final class OrderedSender {
  private final Channel channel;

  /** Text frames sent from other threads that have not reached {@link #written} yet. */
  private final AtomicInteger offLoopInFlight = new AtomicInteger();

  /** Bytes of text sent on the event loop and queued behind earlier tasks; written on the loop. */
  private volatile long deferredBytes;

  /**
   * Creates the sender for a channel.
   *
   * @param channel the channel
   */
  OrderedSender(Channel channel) {
    this.channel = channel;
  }

  /**
   * Sends one text frame. Any thread.
   *
   * @param text the message
   * @return false if the event loop refused the task (it is shutting down)
   */
  boolean send(String text) {
    return send(utf8Of(text), false);
  }

  /**
   * Sends one binary frame. Any thread.
   *
   * @param data the message, not modified afterwards (the caller hands over a copy)
   * @return false if the event loop refused the task (it is shutting down)
   */
  boolean sendBinary(byte[] data) {
    return send(data, true);
  }

  private boolean send(byte[] utf8, boolean binary) {
    if (!channel.eventLoop().inEventLoop()) {
      offLoopInFlight.incrementAndGet(); // until written() sees it
      channel.writeAndFlush(
          binary
              ? new OffLoopBinary(Unpooled.wrappedBuffer(utf8))
              : new OffLoopText(Unpooled.wrappedBuffer(utf8)));
      return true;
    }
    WebSocketFrame frame =
        binary
            ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(utf8))
            : new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8));
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

  /**
   * A message reached the handler's {@code write}. On the event loop.
   *
   * @param msg the message being written
   */
  void written(Object msg) {
    if (msg instanceof OffLoopText || msg instanceof OffLoopBinary) {
      offLoopInFlight.decrementAndGet();
    }
  }

  /**
   * Whether the channel can take more without passing its high water mark, counting the deferred
   * bytes. Any thread.
   *
   * @return true if writable
   */
  boolean isWritable() {
    long deferred = deferredBytes;
    return channel.isWritable() && (deferred == 0 || deferred < channel.bytesBeforeUnwritable());
  }

  /**
   * The bytes waiting to be written, deferred ones included. Any thread.
   *
   * @return the count in bytes
   */
  long queuedBytes() {
    ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
    return (buffer == null ? 0 : buffer.totalPendingWriteBytes()) + deferredBytes;
  }

  /** A text frame sent from outside the event loop: counted in {@link #offLoopInFlight}. */
  private static final class OffLoopText extends TextWebSocketFrame {
    OffLoopText(ByteBuf content) {
      super(content);
    }
  }

  /** A binary frame sent from outside the event loop: counted in {@link #offLoopInFlight}. */
  private static final class OffLoopBinary extends BinaryWebSocketFrame {
    OffLoopBinary(ByteBuf content) {
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
}
