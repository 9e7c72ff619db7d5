package org.dvbcss.net.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The send ordering between the event loop and other threads. */
class OrderedSenderTest {

  /** Records the text frames that reach the pipeline, in order, as the connection's write does. */
  private static final class Recorder extends ChannelOutboundHandlerAdapter {
    final List<String> texts = new CopyOnWriteArrayList<>();
    OrderedSender sender;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      sender.written(msg);
      texts.add(ClientDecoder.text(msg));
      promise.setSuccess();
    }
  }

  @Test
  void onTheEventLoopWithNothingPendingATextIsWrittenAtOnce() {
    EmbeddedChannel channel = new EmbeddedChannel();
    OrderedSender sender = new OrderedSender(channel);
    assertThat(sender.send("hi")).isTrue();
    PreFramed out = channel.readOutbound();
    assertThat(out.offLoop()).isFalse();
    assertThat(ClientDecoder.text(out)).isEqualTo("hi");
    assertThat(sender.queuedBytes()).isZero();
    assertThat(sender.isWritable()).isTrue();
    channel.finishAndReleaseAll();
  }

  @Test
  void theSameStringSentTwiceIsSentTwice() {
    EmbeddedChannel channel = new EmbeddedChannel();
    OrderedSender sender = new OrderedSender(channel);
    String text = "state";
    sender.send(text);
    sender.send(text);
    sender.send(text);
    PreFramed first = channel.readOutbound();
    PreFramed second = channel.readOutbound();
    PreFramed third = channel.readOutbound();
    // sent once, the frame stays on the heap; sent again, every send views one direct buffer
    assertThat(first.content().isDirect()).isFalse();
    assertThat(second.content().isDirect()).isTrue();
    assertThat(second.content().isReadOnly()).isTrue();
    assertThat(second.content().memoryAddress()).isEqualTo(third.content().memoryAddress());
    // each view has its own indexes and reference count: decoding (and releasing) one leaves
    // the other whole
    assertThat(ClientDecoder.text(second)).isEqualTo("state");
    assertThat(second.refCnt()).isZero();
    assertThat(third.refCnt()).isOne();
    assertThat(third.content().readableBytes()).isEqualTo(2 + "state".length());
    assertThat(ClientDecoder.text(third)).isEqualTo("state");
    assertThat(ClientDecoder.text(first)).isEqualTo("state");
    // an equal text in another String object is framed anew, with the same bytes
    sender.send(new String("state".toCharArray()));
    PreFramed fourth = channel.readOutbound();
    assertThat(fourth.content().isDirect()).isFalse();
    assertThat(ClientDecoder.text(fourth)).isEqualTo("state");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aBinaryMessageIsCopiedIntoItsFrame() {
    EmbeddedChannel channel = new EmbeddedChannel();
    OrderedSender sender = new OrderedSender(channel);
    byte[] data = {1, 2, 3};
    assertThat(sender.sendBinary(data)).isTrue();
    data[0] = 9; // the caller may reuse its array once sendBinary returns
    PreFramed out = channel.readOutbound();
    List<WebSocketFrame> frames = ClientDecoder.decode(out.content());
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0)).isInstanceOf(BinaryWebSocketFrame.class);
    assertThat(ByteBufUtil.getBytes(frames.get(0).content())).containsExactly(1, 2, 3);
    frames.get(0).release();
    channel.finishAndReleaseAll();
  }

  @Test
  void aPreFramedMessageWaitingForTheLoopCountsInQueuedBytesAndWritability() throws Exception {
    DefaultEventLoop loop = new DefaultEventLoop();
    try {
      LocalChannel channel = new LocalChannel();
      channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1024, 4096));
      Recorder recorder = new Recorder();
      OrderedSender sender = new OrderedSender(channel);
      recorder.sender = sender;
      channel.pipeline().addLast(recorder);
      loop.register(channel).sync();
      String big = "x".repeat(10_000);
      int frameBytes = ServerFrames.headerLength(10_000) + 10_000;

      CountDownLatch hold = new CountDownLatch(1);
      CountDownLatch running = new CountDownLatch(1);
      loop.execute(
          () -> {
            running.countDown();
            try {
              hold.await(); // keep the loop busy: the send below waits in its task queue
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      running.await();
      assertThat(sender.isWritable()).isTrue();
      assertThat(sender.send(big)).isTrue();
      assertThat(sender.queuedBytes()).isGreaterThanOrEqualTo(frameBytes);
      assertThat(sender.isWritable()).isFalse();
      assertThat(channel.isWritable()).isFalse();
      hold.countDown();
      loop.submit(() -> {}).get();

      assertThat(recorder.texts).containsExactly(big);
      assertThat(sender.queuedBytes()).isZero();
      assertThat(sender.isWritable()).isTrue();
      channel.close().sync();
    } finally {
      loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void aSendOnTheLoopDoesNotOvertakeOneFromAnotherThreadStillQueued() throws Exception {
    DefaultEventLoop loop = new DefaultEventLoop();
    try {
      LocalChannel channel = new LocalChannel();
      Recorder recorder = new Recorder();
      OrderedSender sender = new OrderedSender(channel);
      recorder.sender = sender;
      channel.pipeline().addLast(recorder);
      loop.register(channel).sync();

      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch offLoopSent = new CountDownLatch(1);
      long[] deferredGrowth = new long[1]; // how much queuedBytes() grew by the deferred send
      var task =
          loop.submit(
              () -> {
                running.countDown();
                offLoopSent.await(); // the other thread's write task is now queued behind us
                long before = sender.queuedBytes();
                sender.send("second"); // on the loop, after "first" in real time
                deferredGrowth[0] = sender.queuedBytes() - before;
                return null;
              });
      running.await();
      assertThat(sender.send("first")).isTrue(); // from this thread: queued for the loop
      offLoopSent.countDown();
      task.get();
      loop.submit(() -> {}).get(); // run what the loop queued

      assertThat(recorder.texts).containsExactly("first", "second");
      assertThat(deferredGrowth[0]).isEqualTo(2 + "second".length()); // header and text
      assertThat(sender.queuedBytes()).isZero();
      channel.close().sync();
    } finally {
      loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }
  }
}
