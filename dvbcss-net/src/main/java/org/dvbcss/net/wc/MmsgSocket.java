package org.dvbcss.net.wc;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A UDP socket that receives datagrams in batches ({@code recvmmsg}) and sends the answers to a
 * batch in one call ({@code sendmmsg}), through the project's own small JNI library ({@code
 * dvbcss-net/src/main/c/dvbcss-wc-mmsg.c}, built by Maven where gcc is present and carried in the
 * jar). The datagrams, their sources and the answers live in direct buffers this object owns and
 * the library reads and writes in place, so a request allocates nothing on either side.
 *
 * <p>Receiving: {@link #receive()} waits for a first datagram, then takes every one already queued,
 * up to {@link #batch()}; the caller reads the wall clock when it returns, which is after each
 * datagram's arrival. Sending: {@link #answer(int)} gives the buffer for the {@code j}-th answer,
 * {@link #answerTo(int, int)} its destination (the slot of a received datagram), and {@link
 * #send(int)} sends answers {@code 0..count-1} in one call.
 *
 * <p>Linux x86-64 only: {@link #isAvailable()} says whether the library loaded, {@link
 * #unavailabilityCause()} why not.
 *
 * <p>Threading: one thread receives and sends; {@link #shutdown()} may be called from any thread to
 * wake it; {@link #close()} once that thread no longer uses the socket.
 */
final class MmsgSocket implements AutoCloseable {
  /** Bytes of each datagram read: one more than a CSS-WC message, so a longer one shows. */
  static final int IN_LEN = 33;

  private static final int IN_SLOT = 48;
  private static final int SRC_SLOT = 28;
  private static final int OUT_LEN = 32;
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;

  /** How long a receive waits before it returns empty-handed, so that a stop is always seen. */
  private static final int RECEIVE_TIMEOUT_MS = 250;

  private static final @Nullable Throwable UNAVAILABILITY = load();

  private final long ctx;
  private final int batch;
  private final ByteBuffer in;
  private final ByteBuffer sources;
  private final ByteBuffer lengths;
  private final ByteBuffer out;
  private final ByteBuffer to;
  private final int port;
  private boolean closed;

  /**
   * Opens and binds a socket.
   *
   * @param bind the address and port (0 for any free port)
   * @param reusePort whether to set {@code SO_REUSEPORT}, so that several sockets share the port
   * @param batch the most datagrams one {@link #receive()} takes, at least 1
   * @throws IOException if the library is not available or the socket cannot be bound
   */
  MmsgSocket(InetSocketAddress bind, boolean reusePort, int batch) throws IOException {
    if (UNAVAILABILITY != null) {
      throw new IOException("the native CSS-WC transport is not available", UNAVAILABILITY);
    }
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1: " + batch);
    }
    this.batch = batch;
    in = ByteBuffer.allocateDirect(batch * IN_SLOT);
    sources = ByteBuffer.allocateDirect(batch * SRC_SLOT).order(ByteOrder.nativeOrder());
    lengths = ByteBuffer.allocateDirect(batch * Integer.BYTES).order(ByteOrder.nativeOrder());
    out = ByteBuffer.allocateDirect(batch * OUT_LEN);
    to = ByteBuffer.allocateDirect(batch * Integer.BYTES).order(ByteOrder.nativeOrder());
    InetAddress address = bind.getAddress();
    int scope = address instanceof Inet6Address v6 ? v6.getScopeId() : 0;
    ctx =
        open(
            address.getAddress(),
            scope,
            bind.getPort(),
            reusePort,
            RECEIVE_TIMEOUT_MS,
            batch,
            in,
            sources,
            lengths,
            out,
            to);
    try {
      port = localPort(ctx);
    } catch (IOException e) {
      close(ctx);
      throw e;
    }
  }

  /**
   * Whether the native library loaded here.
   *
   * @return true on Linux x86-64 with the library in the jar
   */
  static boolean isAvailable() {
    return UNAVAILABILITY == null;
  }

  /**
   * Why the native library is not available.
   *
   * @return the cause, or null if it is available
   */
  static @Nullable Throwable unavailabilityCause() {
    return UNAVAILABILITY;
  }

  /** The most datagrams one receive takes. */
  int batch() {
    return batch;
  }

  /** The bound port. */
  int localPort() {
    return port;
  }

  /**
   * Waits for a datagram, then takes every one already queued, up to {@link #batch()}. Returns 0
   * now and then (every 250 ms without traffic, or when interrupted by a signal).
   *
   * @return how many datagrams were received
   * @throws IOException if the receive failed
   */
  int receive() throws IOException {
    return receive(ctx);
  }

  /**
   * The length of the {@code i}-th datagram of the last receive: at most {@link #IN_LEN}, which
   * stands for that or longer.
   *
   * @param i the datagram, below the count the last {@link #receive()} returned
   * @return its length in bytes
   */
  int length(int i) {
    return lengths.getInt(i * Integer.BYTES);
  }

  /**
   * Points {@code view} (a {@link ByteBuffer#duplicate()} of {@link #datagrams()}) at the {@code
   * i}-th datagram: position at its first byte, limit after its last.
   *
   * @param i the datagram, below the count the last {@link #receive()} returned
   * @param view the view to set
   * @return the view
   */
  ByteBuffer datagram(int i, ByteBuffer view) {
    int start = i * IN_SLOT;
    view.limit(start + length(i)).position(start);
    return view;
  }

  /** All the datagram slots, for {@link #datagram(int, ByteBuffer)}'s views. */
  ByteBuffer datagrams() {
    return in;
  }

  /**
   * The address the {@code i}-th datagram came from. Allocates; for a rate limit or a log line.
   *
   * @param i the datagram
   * @return its source address
   */
  InetAddress sourceAddress(int i) {
    int base = i * SRC_SLOT;
    byte[] raw;
    if (sources.getShort(base) == AF_INET) {
      raw = new byte[4];
      sources.get(base + 4, raw);
    } else {
      raw = new byte[16];
      sources.get(base + 8, raw);
    }
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // 4 or 16 bytes: cannot happen
    }
  }

  /**
   * The address and port the {@code i}-th datagram came from. Allocates; for a log line.
   *
   * @param i the datagram
   * @return its source
   */
  InetSocketAddress source(int i) {
    int base = i * SRC_SLOT;
    int port =
        (sources.get(base + 2) & 0xff) << 8 | (sources.get(base + 3) & 0xff); // network order
    return new InetSocketAddress(sourceAddress(i), port);
  }

  /**
   * The buffer for the {@code j}-th answer, cleared: write its 32 bytes at its position.
   *
   * @param j the answer, below {@link #batch()}
   * @return the answers' buffer, position and limit around answer {@code j}
   */
  ByteBuffer answer(int j) {
    int start = j * OUT_LEN;
    out.limit(start + OUT_LEN).position(start);
    return out;
  }

  /**
   * Says where the {@code j}-th answer goes.
   *
   * @param j the answer
   * @param datagram the received datagram it answers
   */
  void answerTo(int j, int datagram) {
    to.putInt(j * Integer.BYTES, datagram);
  }

  /**
   * Sends answers {@code 0..count-1}, each of 32 bytes, in one call where the kernel takes them.
   *
   * @param count how many
   * @return how many could not be sent
   */
  int send(int count) {
    return send(ctx, count);
  }

  /** Wakes the receiving thread and stops the socket answering. Any thread; idempotent. */
  void shutdown() {
    synchronized (this) {
      if (!closed) {
        shutdownSocket(ctx);
      }
    }
  }

  /** Closes the socket; call when no thread receives or sends on it any more. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      close(ctx);
    }
  }

  private static @Nullable Throwable load() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      return new UnsupportedOperationException("not Linux x86-64: " + os + " " + arch);
    }
    String resource = "/org/dvbcss/net/wc/lib/linux-x86_64/libdvbcss-wc.so";
    try (InputStream library = MmsgSocket.class.getResourceAsStream(resource)) {
      if (library == null) {
        return new IOException(resource + " is not in the jar (built without gcc?)");
      }
      Path file = Files.createTempFile("libdvbcss-wc", ".so");
      try {
        Files.copy(library, file, StandardCopyOption.REPLACE_EXISTING);
        System.load(file.toAbsolutePath().toString());
      } finally {
        Files.deleteIfExists(file); // the loaded library stays mapped
      }
      return null;
    } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
      return e;
    }
  }

  private static native long open(
      byte[] address,
      int scope,
      int port,
      boolean reusePort,
      int timeoutMs,
      int batch,
      ByteBuffer in,
      ByteBuffer sources,
      ByteBuffer lengths,
      ByteBuffer out,
      ByteBuffer to)
      throws IOException;

  private static native int localPort(long ctx) throws IOException;

  private static native int receive(long ctx) throws IOException;

  private static native int send(long ctx, int count);

  private static native void shutdownSocket(long ctx);

  private static native void close(long ctx);
}
