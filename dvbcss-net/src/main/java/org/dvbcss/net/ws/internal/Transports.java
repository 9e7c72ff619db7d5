package org.dvbcss.net.ws.internal;

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
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import org.dvbcss.net.ws.WebSocketTransport;

/**
 * Picks the socket transport: native epoll where it loads, else NIO; io_uring only when asked for
 * by name (see {@link WebSocketTransport#IO_URING} for why). Stateless; thread safe.
 */
public final class Transports {
  /**
   * The system property that, when set to a transport's {@linkplain WebSocketTransport#label()
   * label}, replaces {@link WebSocketTransport#AUTO}'s choice (to run a whole program or test suite
   * on one transport).
   */
  public static final String PROPERTY = "dvbcss.ws.transport";

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
   *     the system property {@value #PROPERTY} if set, else epoll if it loads, else NIO; never AUTO
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
      return Epoll.isAvailable() ? WebSocketTransport.EPOLL : WebSocketTransport.NIO;
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
          case IO_URING -> IoUringIoHandler.newFactory();
          case EPOLL -> EpollIoHandler.newFactory();
          case NIO, AUTO -> NioIoHandler.newFactory();
        };
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
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
