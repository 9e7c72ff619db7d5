package org.dvbcss.net.ws.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringAdaptiveBufferRingAllocator;
import io.netty.channel.uring.IoUringBufferRingConfig;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import org.dvbcss.net.ws.WebSocketTransport;

/**
 * Picks the socket transport: io_uring where the kernel allows it with receive buffer rings, else
 * native epoll where it loads, else NIO (see {@link WebSocketTransport}). Stateless; thread safe.
 */
public final class Transports {
  /**
   * The system property that, when set to a transport's {@linkplain WebSocketTransport#label()
   * label}, replaces {@link WebSocketTransport#AUTO}'s choice (to run a whole program or test suite
   * on one transport).
   */
  public static final String PROPERTY = "dvbcss.ws.transport";

  /** The buffer group of each io_uring event loop's receive buffer ring. */
  static final short BUFFER_GROUP = 1;

  /**
   * Buffers in each io_uring event loop's receive ring (a power of two). They are shared by all of
   * the loop's connections and taken only while a read is in hand, so memory per idle connection
   * does not grow; Netty adds buffers when the ring runs dry.
   */
  static final short BUFFER_RING_SIZE = 256;

  private Transports() {}

  /**
   * Whether a transport loads here.
   *
   * @param t the transport; {@link WebSocketTransport#AUTO} is always available
   * @return true if a server can run on it
   */
  public static boolean isAvailable(WebSocketTransport t) {
    return switch (t) {
      case AUTO, NIO -> true;
      case IO_URING -> ioUring();
      case EPOLL -> Epoll.isAvailable();
    };
  }

  private static boolean ioUring() {
    try {
      return IoUring.isAvailable();
    } catch (LinkageError e) {
      return false; // the classes or the native library are missing
    }
  }

  /**
   * The transport to use for a request.
   *
   * @param requested what was asked for
   * @return {@code requested} itself, or for {@link WebSocketTransport#AUTO} the transport named by
   *     the system property {@value #PROPERTY} if set, else io_uring if it loads with buffer rings,
   *     else epoll if it loads, else NIO; never AUTO
   * @throws IOException if a transport was asked for by name and does not load here (the reason is
   *     in the message)
   * @throws IllegalArgumentException if the system property names no transport
   */
  public static WebSocketTransport resolve(WebSocketTransport requested) throws IOException {
    if (requested == WebSocketTransport.AUTO) {
      String forced = System.getProperty(PROPERTY, "").trim();
      if (!forced.isEmpty() && WebSocketTransport.of(forced) != WebSocketTransport.AUTO) {
        return resolve(WebSocketTransport.of(forced));
      }
      return automatic();
    }
    if (!isAvailable(requested)) {
      Throwable why =
          requested == WebSocketTransport.IO_URING
              ? IoUring.unavailabilityCause()
              : Epoll.unavailabilityCause();
      throw new IOException(requested.label() + " is not available here: " + why, why);
    }
    return requested;
  }

  /**
   * What {@link WebSocketTransport#AUTO} stands for here, leaving the system property aside.
   *
   * @return io_uring if it loads with buffer rings, else epoll if it loads, else NIO
   */
  public static WebSocketTransport automatic() {
    if (ioUringBufferRing()) {
      return WebSocketTransport.IO_URING;
    }
    return Epoll.isAvailable() ? WebSocketTransport.EPOLL : WebSocketTransport.NIO;
  }

  /**
   * A new event loop group of daemon threads.
   *
   * @param t a resolved transport (not AUTO)
   * @param threads how many; 0 for Netty's default (twice the processors)
   * @param name the thread name prefix
   * @return the group
   */
  public static EventLoopGroup newGroup(WebSocketTransport t, int threads, String name) {
    IoHandlerFactory factory =
        switch (t) {
          case IO_URING -> IoUringIoHandler.newFactory(ioUringConfig());
          case EPOLL -> EpollIoHandler.newFactory();
          case NIO, AUTO -> NioIoHandler.newFactory();
        };
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
  }

  /**
   * Whether io_uring connections read through a receive buffer ring (kernel 5.19 or later). With a
   * ring, Netty submits each read as a receive; without one it first waits for readability with a
   * poll, and on that path (Netty 4.2.18) a connection whose data and TCP reset arrive together
   * before its first read is never seen to close ({@code
   * WebSocketTransportTest.aConnectionResetWithItsRequestHalfSentIsClosedAtOnceOnEachTransport}).
   *
   * @return true if the kernel supports buffer rings
   */
  public static boolean ioUringBufferRing() {
    return ioUring() && IoUring.isRegisterBufferRingSupported();
  }

  private static IoUringIoHandlerConfig ioUringConfig() {
    IoUringIoHandlerConfig config = new IoUringIoHandlerConfig();
    if (ioUringBufferRing()) {
      config.setBufferRingConfig(
          IoUringBufferRingConfig.builder()
              .bufferGroupId(BUFFER_GROUP)
              .bufferRingSize(BUFFER_RING_SIZE)
              .batchSize(BUFFER_RING_SIZE / 8)
              .allocator(new IoUringAdaptiveBufferRingAllocator())
              .build());
    }
    return config;
  }

  /**
   * Sets the options a transport needs on accepted connections: on io_uring, the receive buffer
   * ring of {@link #newGroup}'s event loops.
   *
   * @param bootstrap the server's bootstrap, on a group from {@link #newGroup} for {@code t}
   * @param t a resolved transport (not AUTO)
   * @return {@code bootstrap}
   */
  public static ServerBootstrap configureChildren(ServerBootstrap bootstrap, WebSocketTransport t) {
    if (t == WebSocketTransport.IO_URING && ioUringBufferRing()) {
      bootstrap.childOption(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, BUFFER_GROUP);
    }
    return bootstrap;
  }

  /**
   * The listening channel type to go with {@link #newGroup}.
   *
   * @param t a resolved transport (not AUTO)
   * @return the class
   */
  public static Class<? extends ServerChannel> serverChannel(WebSocketTransport t) {
    return switch (t) {
      case IO_URING -> IoUringServerSocketChannel.class;
      case EPOLL -> EpollServerSocketChannel.class;
      case NIO, AUTO -> NioServerSocketChannel.class;
    };
  }
}
