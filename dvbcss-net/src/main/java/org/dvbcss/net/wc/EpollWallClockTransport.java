package org.dvbcss.net.wc;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.dvbcss.clock.Clock;
import org.dvbcss.protocol.wc.WcMessage;

/**
 * The batched transport of {@link WallClockServer}: one Netty native epoll datagram channel per
 * thread, each on its own event loop. With a maximum datagram payload set, the channel reads up to
 * {@link #BATCH} datagrams with one {@code recvmmsg}; the responses to what one read returned are
 * written without a flush and flushed together when the read completes, which sends them with one
 * {@code sendmmsg}.
 *
 * <p>Each datagram's receive time is read when the handler sees it, after the batched receive
 * returned: never earlier than its arrival. Its transmit time is read just before its response is
 * written; the flush after the batch only delays its departure after the stamp, which the client
 * counts in its round trip. A follow-up is written only after its type-2 response was flushed, so
 * its transmit time is read after the response left.
 *
 * <p>Thread safe: {@link #close()} from any thread; the handlers run on their event loops.
 */
final class EpollWallClockTransport implements AutoCloseable {
  /** Datagrams read with one {@code recvmmsg}. */
  static final int BATCH = 64;

  /** Read one byte more than a message, so a longer datagram is seen as one of the wrong length. */
  private static final int MAX_PAYLOAD = WcMessage.SIZE + 1;

  private final EventLoopGroup group;
  private final List<Channel> channels = new ArrayList<>();
  private final InetSocketAddress localAddress;

  /** Whether native epoll can be used here. */
  static boolean isAvailable() {
    return Epoll.isAvailable();
  }

  /** Why native epoll cannot be used, or null. */
  static Throwable unavailabilityCause() {
    return Epoll.unavailabilityCause();
  }

  EpollWallClockTransport(
      InetSocketAddress bind, int threads, Clock clock, Supplier<WallClockServer.Worker> workers)
      throws IOException {
    group =
        new MultiThreadIoEventLoopGroup(
            threads,
            new DefaultThreadFactory("dvbcss-wc-server", true),
            EpollIoHandler.newFactory());
    try {
      InetSocketAddress at = bind;
      for (int i = 0; i < threads; i++) {
        Bootstrap b =
            new Bootstrap()
                .group(group)
                .channel(EpollDatagramChannel.class)
                .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_PAYLOAD)
                .option(
                    ChannelOption.RCVBUF_ALLOCATOR,
                    new FixedRecvByteBufAllocator(MAX_PAYLOAD * BATCH))
                .handler(new Handler(clock, workers.get()));
        if (threads > 1) {
          b.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        Channel channel = b.bind(at).syncUninterruptibly().channel();
        channels.add(channel);
        // the first bind picks the port when 0 was asked for; the others join it
        at = (InetSocketAddress) channel.localAddress();
      }
      localAddress = at;
    } catch (Exception e) { // Netty rethrows a failed bind's IOException undeclared
      close();
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot bind " + bind + ": " + e.getMessage(), e);
    }
  }

  InetSocketAddress localAddress() {
    return localAddress;
  }

  /** Closes the channels (the port is free once this returns) and stops the event loops. */
  @Override
  public void close() {
    for (Channel channel : channels) {
      channel.close().awaitUninterruptibly(500, TimeUnit.MILLISECONDS);
    }
    group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(500);
  }

  /** Answers the datagrams of one channel, on its event loop. */
  private static final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Clock clock;
    private final WallClockServer.Worker worker;

    Handler(Clock clock, WallClockServer.Worker worker) {
      super(DatagramPacket.class, true);
      this.clock = clock;
      this.worker = worker;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      double receivedTicks = clock.ticks();
      if (!worker.running()) {
        return;
      }
      ByteBuf content = packet.content();
      ByteBuffer in = content.internalNioBuffer(content.readerIndex(), content.readableBytes());
      InetSocketAddress source = packet.sender();
      ByteBuf out = null;
      try {
        if (!worker.decide(in, receivedTicks, source.getAddress())) {
          return;
        }
        if (!ctx.channel().isWritable()) {
          // the socket does not take more: no unbounded queue of answers
          worker.sendFailed(source, new IOException("send buffer full"));
          return;
        }
        boolean followUp = worker.followUpToSend();
        out = ctx.alloc().directBuffer(WcMessage.SIZE, WcMessage.SIZE);
        worker.emitResponse(out.internalNioBuffer(0, WcMessage.SIZE));
        out.writerIndex(WcMessage.SIZE);
        if (followUp) {
          ctx.writeAndFlush(new DatagramPacket(out, source), ctx.voidPromise());
          out = ctx.alloc().directBuffer(WcMessage.SIZE, WcMessage.SIZE);
          worker.emitFollowUp(out.internalNioBuffer(0, WcMessage.SIZE));
          out.writerIndex(WcMessage.SIZE);
        }
        ctx.write(new DatagramPacket(out, source), ctx.voidPromise());
        out = null;
        worker.answered();
      } catch (RuntimeException e) {
        if (out != null) {
          out.release();
        }
        worker.sendFailed(source, e);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush(); // the batch's responses leave together (sendmmsg)
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // a failed send (reported through the void promise) or a failed receive: never fatal
      worker.sendFailed(ctx.channel(), cause);
    }
  }
}
