package org.dvbcss.net.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
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
      TextWebSocketFrame frame = (TextWebSocketFrame) msg;
      texts.add(frame.text());
      frame.release();
      promise.setSuccess();
    }
  }

  @Test
  void onTheEventLoopWithNothingPendingATextIsWrittenAtOnce() {
    EmbeddedChannel channel = new EmbeddedChannel();
    OrderedSender sender = new OrderedSender(channel);
    assertThat(sender.send("hi")).isTrue();
    TextWebSocketFrame out = channel.readOutbound();
    assertThat(out.text()).isEqualTo("hi");
    out.release();
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
    for (int i = 0; i < 2; i++) {
      TextWebSocketFrame out = channel.readOutbound();
      assertThat(out.text()).isEqualTo("state");
      out.release();
    }
    channel.finishAndReleaseAll();
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
      assertThat(deferredGrowth[0]).isEqualTo("second".length());
      assertThat(sender.queuedBytes()).isZero();
      channel.close().sync();
    } finally {
      loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }
  }
}
