package org.dvbcss.net.ws.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Sends text and binary frames, framed in full ({@link PreFramed}), on a channel from any thread,
 * in the order of the calls as seen by a caller that orders them (for example under a lock): a
 * message sent on the event loop never overtakes one another thread sent earlier that is still in
 * the event loop's task queue. Also reports the bytes waiting to go out, those queued behind such
 * tasks included.
 *
 * <p>Threading: {@link #send}, {@link #isWritable()} and {@link #queuedBytes()} may be called from
 * any thread; {@link #written} is called by the connection handler's {@code write}, on the event
 * loop.
 */
final class OrderedSender {
  private final Channel channel;

  /** Frames sent from other threads that have not reached {@link #written} yet. */
  private final AtomicInteger offLoopInFlight = new AtomicInteger();

  /**
   * Bytes of frames sent on the event loop and queued behind earlier tasks; written on the loop.
   */
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
    return send(textFrame(text));
  }

  /**
   * Sends one binary frame. Any thread.
   *
   * @param data the message, copied into the frame before this returns
   * @return false if the event loop refused the task (it is shutting down)
   */
  boolean sendBinary(byte[] data) {
    return send(Unpooled.wrappedBuffer(ServerFrames.frame(ServerFrames.BINARY, data)));
  }

  private boolean send(ByteBuf framed) {
    if (!channel.eventLoop().inEventLoop()) {
      offLoopInFlight.incrementAndGet(); // until written() sees it
      channel.writeAndFlush(new PreFramed(framed, true));
      return true;
    }
    PreFramed frame = new PreFramed(framed, false);
    if (offLoopInFlight.get() == 0 && deferredBytes == 0) {
      channel.writeAndFlush(frame);
      return true;
    }
    // Messages other threads sent earlier still wait in the event loop's task queue; writing now
    // would overtake them (an endpoint pushing from onWritable would overtake a push made under
    // the same lock a moment before). Queue this one behind them, and count it in isWritable().
    int bytes = framed.readableBytes();
    deferredBytes += bytes;
    try {
      channel
          .eventLoop()
          .execute(
              () -> {
                deferredBytes -= bytes;
                channel.writeAndFlush(frame);
              });
    } catch (RejectedExecutionException e) {
      deferredBytes -= bytes;
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
    if (msg instanceof PreFramed framed && framed.offLoop()) {
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

  /**
   * The last text sent by any connection, framed: a state pushed to many sessions is encoded and
   * framed once. {@code shared} is filled in when the same text is sent a second time.
   */
  private record Encoded(String text, byte[] framed, @Nullable ByteBuffer shared) {}

  private static volatile @Nullable Encoded lastEncoded;

  /**
   * The whole frame (header and UTF-8 payload) for {@code text}, built once per String object: when
   * the same object is sent again (as when one message goes to every connection), each send gets
   * its own read-only view of one direct buffer, which the socket writes without a copy. A text
   * sent once only stays on the heap (the channel copies it once, as it would any frame), so that
   * messages that differ per connection do not each take direct memory. Neither the bytes nor the
   * shared buffer are modified after they are published; the JDK frees the direct buffer when the
   * last view is collected, so no reference count is shared between connections.
   */
  private static ByteBuf textFrame(String text) {
    Encoded last = lastEncoded;
    if (last != null && last.text() == text) {
      ByteBuffer shared = last.shared();
      if (shared == null) {
        shared = ByteBuffer.allocateDirect(last.framed().length).put(last.framed()).flip();
        lastEncoded = new Encoded(text, last.framed(), shared);
      }
      return Unpooled.wrappedBuffer(shared.asReadOnlyBuffer());
    }
    byte[] framed = ServerFrames.frame(ServerFrames.TEXT, text.getBytes(StandardCharsets.UTF_8));
    lastEncoded = new Encoded(text, framed, null);
    return Unpooled.wrappedBuffer(framed);
  }
}
