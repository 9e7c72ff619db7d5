package org.dvbcss.net.ws;

/**
 * The socket transport a {@link WebSocketServer} runs on: Linux epoll, the JDK's NIO selector, or
 * Linux io_uring. They differ in system calls per write (io_uring submits the writes of one event
 * loop turn in one call) and in where they load (the native ones only on Linux x86-64, io_uring
 * only where the kernel allows it).
 *
 * <p>{@link #AUTO} picks, when the server starts, {@link #IO_URING} where the kernel allows it and
 * supports receive buffer rings (5.19 or later), else {@link #EPOLL} if it loads, else {@link
 * #NIO}. io_uring reads through a buffer ring: on Netty's other read path a connection whose data
 * and TCP reset arrive together was never seen to close (docs/benchmarks.md). Immutable; thread
 * safe.
 */
public enum WebSocketTransport {
  /**
   * io_uring with receive buffer rings if the kernel allows it, else epoll if it loads, else NIO.
   */
  AUTO("auto"),
  /**
   * Linux io_uring (kernel 5.14 or later, not disabled by {@code kernel.io_uring_disabled});
   * without buffer rings (before 5.19) only when asked for by name, see above.
   */
  IO_URING("io_uring"),
  /** Linux epoll. */
  EPOLL("epoll"),
  /** The JDK's NIO selector: everywhere. */
  NIO("nio");

  private final String label;

  WebSocketTransport(String label) {
    this.label = label;
  }

  /**
   * The short lowercase name: {@code auto}, {@code io_uring}, {@code epoll} or {@code nio}.
   *
   * @return the name
   */
  public String label() {
    return label;
  }

  /**
   * The transport named by a {@link #label()} or a constant name, case-insensitive.
   *
   * @param name for example {@code io_uring}, {@code IO_URING}, {@code epoll}, {@code nio}, {@code
   *     auto}
   * @return the transport
   * @throws IllegalArgumentException if no transport has that name
   */
  public static WebSocketTransport of(String name) {
    for (WebSocketTransport t : values()) {
      if (t.label.equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("no WebSocket transport named " + name);
  }
}
