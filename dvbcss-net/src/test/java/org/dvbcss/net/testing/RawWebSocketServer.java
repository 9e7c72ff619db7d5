package org.dvbcss.net.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A WebSocket server on plain sockets that does only what the test says, for testing clients
 * against the habits of real TVs: it can refuse an upgrade by closing the TCP connection without
 * any HTTP status, and drop an open connection without a WebSocket close frame (a FIN or a reset).
 * It never answers pings and never starts a closing handshake.
 *
 * <p>It listens on 127.0.0.1 (port 0: any free one). A background thread accepts connections, reads
 * each upgrade request and answers 101 (or refuses, see {@link #refuseNext}); the test takes the
 * open connections of a path with {@link #next(String)}. Plain {@code ws://} only; every read times
 * out after 5 s. Thread safe.
 */
public final class RawWebSocketServer implements AutoCloseable {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final int TIMEOUT_MILLIS = 5_000;

  private final ServerSocket server;
  private final Map<String, BlockingQueue<Connection>> byPath = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger refused = new AtomicInteger();
  private final Thread acceptor;
  private volatile boolean closed;

  private RawWebSocketServer(ServerSocket server) {
    this.server = server;
    this.acceptor = new Thread(this::acceptLoop, "raw-ws-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Starts listening on 127.0.0.1 on a free port.
   *
   * @return the server
   * @throws IOException if it cannot listen
   */
  public static RawWebSocketServer start() throws IOException {
    return new RawWebSocketServer(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
  }

  /**
   * The port listened on.
   *
   * @return the port
   */
  public int port() {
    return server.getLocalPort();
  }

  /**
   * The URL of a path on this server.
   *
   * @param path e.g. {@code /cii}
   * @return {@code ws://127.0.0.1:PORT/path}
   */
  public URI url(String path) {
    return URI.create("ws://127.0.0.1:" + port() + path);
  }

  /**
   * Makes the next {@code count} upgrade requests for {@code path} fail as some TVs do: the TCP
   * connection is closed once the request has arrived, with no HTTP response at all.
   *
   * @param path the request path
   * @param count how many to refuse
   */
  public void refuseNext(String path, int count) {
    refusals.computeIfAbsent(path, p -> new AtomicInteger()).addAndGet(count);
  }

  /**
   * How many upgrade requests were refused.
   *
   * @return the count
   */
  public int refused() {
    return refused.get();
  }

  /**
   * The next connection opened on {@code path}, waiting up to 10 s.
   *
   * @param path the request path, e.g. {@code /ts}
   * @return the open connection (101 sent)
   * @throws IOException if none came in time
   * @throws InterruptedException if interrupted while waiting
   */
  public Connection next(String path) throws IOException, InterruptedException {
    Connection c = queue(path).poll(10, TimeUnit.SECONDS);
    if (c == null) {
      throw new IOException("no connection on " + path + " within 10 s");
    }
    return c;
  }

  private BlockingQueue<Connection> queue(String path) {
    return byPath.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      sockets.add(s);
      try {
        s.setSoTimeout(TIMEOUT_MILLIS);
        s.setTcpNoDelay(true);
        InputStream in = s.getInputStream();
        String head = readHead(in);
        String[] firstLine = head.lines().findFirst().orElse("").split(" ");
        String path = firstLine.length > 1 ? firstLine[1] : "";
        AtomicInteger refuse = refusals.get(path);
        if (refuse != null && refuse.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
          refused.incrementAndGet();
          s.close();
          continue;
        }
        String key = header(head, "sec-websocket-key");
        OutputStream out = s.getOutputStream();
        out.write(
            ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: "
                    + accept(key)
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        queue(path).add(new Connection(s, path));
      } catch (IOException e) {
        closeQuietly(s);
      }
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during the request");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > 16_384) {
        throw new IOException("request head too long");
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static String header(String head, String name) throws IOException {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    throw new IOException("no " + name + " header");
  }

  private static String accept(String key) {
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1")
              .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already gone
    }
  }

  /** Stops listening and drops every connection (without close frames). Idempotent. */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // ignore
    }
    sockets.forEach(RawWebSocketServer::closeQuietly);
  }

  /** One open connection. Not thread safe: one thread drives it. */
  public static final class Connection {
    private final Socket socket;
    private final String path;
    private final DataInputStream in;
    private final OutputStream out;

    private Connection(Socket socket, String path) throws IOException {
      this.socket = socket;
      this.path = path;
      this.in = new DataInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    /**
     * The request path.
     *
     * @return e.g. {@code /cii}
     */
    public String path() {
      return path;
    }

    /**
     * Sends a text frame (unmasked, as a server sends).
     *
     * @param text the message
     * @throws IOException if the socket fails
     */
    public void sendText(String text) throws IOException {
      byte[] payload = text.getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
      frame.write(0x81);
      if (payload.length < 126) {
        frame.write(payload.length);
      } else if (payload.length < 65_536) {
        frame.write(126);
        frame.write(payload.length >>> 8);
        frame.write(payload.length & 0xFF);
      } else {
        frame.write(127);
        for (int shift = 56; shift >= 0; shift -= 8) {
          frame.write((int) ((long) payload.length >>> shift) & 0xFF);
        }
      }
      frame.write(payload, 0, payload.length);
      out.write(frame.toByteArray());
      out.flush();
    }

    /**
     * The next text message from the client, skipping other frames; waits up to 5 s.
     *
     * @return the text, or null if the client sent a close frame or the connection ended
     * @throws IOException if the socket fails or the read times out
     */
    public @Nullable String readText() throws IOException {
      while (true) {
        int b0;
        try {
          b0 = in.read();
        } catch (SocketException e) {
          return null;
        }
        if (b0 < 0) {
          return null;
        }
        int opcode = b0 & 0x0F;
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7F;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        if (length > 16 << 20) {
          throw new IOException("frame too long: " + length);
        }
        byte[] mask = new byte[4];
        if ((b1 & 0x80) != 0) {
          in.readFully(mask);
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= mask[i % 4];
        }
        if (opcode == 8) {
          return null;
        }
        if (opcode == 1) {
          return new String(payload, StandardCharsets.UTF_8);
        }
      }
    }

    /**
     * Closes the TCP connection (a FIN) without a WebSocket close frame, as a TV that shuts down
     * without a close does.
     */
    public void drop() {
      closeQuietly(socket);
    }

    /** Resets the TCP connection (an RST), without a WebSocket close frame. */
    public void reset() {
      try {
        socket.setSoLinger(true, 0);
      } catch (IOException e) {
        // closing anyway
      }
      closeQuietly(socket);
    }

    /**
     * The client's address.
     *
     * @return its address and port
     */
    public InetSocketAddress remoteAddress() {
      return (InetSocketAddress) socket.getRemoteSocketAddress();
    }
  }
}
