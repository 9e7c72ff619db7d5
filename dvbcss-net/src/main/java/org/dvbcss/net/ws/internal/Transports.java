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
import io.netty.util.concurrent.DefaultThreadFactory;

/** Picks native epoll when it loads, else NIO. */
public final class Transports {
  private Transports() {}

  /**
   * Whether native epoll is in use.
   *
   * @return true on Linux x86-64 with the native library available
   */
  public static boolean epoll() {
    return Epoll.isAvailable();
  }

  /**
   * A new event loop group of daemon threads.
   *
   * @param threads how many; 0 for Netty's default (twice the processors)
   * @param name the thread name prefix
   * @return the group
   */
  public static EventLoopGroup newGroup(int threads, String name) {
    IoHandlerFactory factory = epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
  }

  /**
   * The listening channel type to go with {@link #newGroup}.
   *
   * @return the class
   */
  public static Class<? extends ServerChannel> serverChannel() {
    return epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }
}
