package org.dvbcss.net.ws;

/**
 * The socket transport a {@link WebSocketServer} runs on: Linux io_uring, Linux epoll, or the JDK's
 * NIO selector. They behave the same on the wire; they differ in system calls per write (io_uring
 * submits the writes of one event loop turn in one call) and in where they load (the native ones
 * only on Linux x86-64, io_uring only where the kernel allows it).
 *
 * <p>{@link #AUTO} picks, when the server starts, the first of {@link #IO_URING}, {@link #EPOLL},
 * {@link #NIO} that loads. Immutable; thread safe.
 */
public enum WebSocketTransport {
  /** The first of io_uring, epoll, NIO that loads here. */
  AUTO("auto"),
  /** Linux io_uring (kernel 5.14 or later, not disabled by {@code kernel.io_uring_disabled}). */
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
