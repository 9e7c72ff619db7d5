package org.dvbcss.net.ws;

/**
 * The socket transport a {@link WebSocketServer} runs on: Linux epoll, the JDK's NIO selector, or
 * Linux io_uring. They differ in system calls per write (io_uring submits the writes of one event
 * loop turn in one call) and in where they load (the native ones only on Linux x86-64, io_uring
 * only where the kernel allows it).
 *
 * <p>{@link #AUTO} picks, when the server starts, {@link #EPOLL} if it loads, else {@link #NIO}.
 * {@link #IO_URING} is used only when asked for by name: under the abuse test (many misbehaving
 * clients among good companions, connections reset half way through a request) it lost messages to
 * a good companion and missed connections closed half way through their request, which epoll and
 * NIO never do. Immutable; thread safe.
 */
public enum WebSocketTransport {
  /** Epoll if it loads here, else NIO. */
  AUTO("auto"),
  /**
   * Linux io_uring (kernel 5.14 or later, not disabled by {@code kernel.io_uring_disabled}); only
   * when asked for, see above.
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
