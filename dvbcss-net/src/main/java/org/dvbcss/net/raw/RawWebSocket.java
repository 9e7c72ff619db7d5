package org.dvbcss.net.raw;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket that does nothing by itself: no automatic pongs, no close
 * handshake, no reconnect. It is for testing servers (conformance and abuse tools, tests): it can
 * send half a request, binary, oversize or fragmented frames and invalid UTF-8, never read, never
 * answer, or vanish with a TCP reset. Companions should use {@link
 * org.dvbcss.net.wsclient.WebSocketClient}.
 *
 * <p>Plain {@code ws://} only. Every connect and read times out (5 s unless given). Not thread
 * safe: one thread drives it.
 */
public final class RawWebSocket implements AutoCloseable {
  /** Opcode of a text frame. */
  public static final int TEXT = 1;

  /** Opcode of a binary frame. */
  public static final int BINARY = 2;

  /** Opcode of a close frame. */
  public static final int CLOSE = 8;

  /** Opcode of a ping frame. */
  public static final int PING = 9;

  /** Opcode of a pong frame. */
  public static final int PONG = 10;

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * A frame as received.
   *
   * @param opcode the opcode, 0 to 15
   * @param fin whether the FIN bit was set
   * @param payload the payload
   */
  public record Frame(int opcode, boolean fin, byte[] payload) {
    /**
     * The status code of a close frame.
     *
     * @return the code, or 1005 if the frame carries none
     */
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }

    /**
     * The reason of a close frame.
     *
     * @return the UTF-8 text after the status code; empty if none
     */
    public String closeReason() {
      return payload.length > 2
          ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)
          : "";
    }

    /**
     * The payload as text.
     *
     * @return the payload decoded as UTF-8
     */
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Opens a TCP connection, with a 5 s timeout on connecting and on each read.
   *
   * @param server the server's address and port
   * @param receiveBufferBytes the socket's receive buffer in bytes; 0 for the system default (a
   *     small one makes a slow reader fill up sooner)
   * @return the connected client; nothing sent yet
   * @throws IOException if the connection fails
   */
  public static RawWebSocket connect(InetSocketAddress server, int receiveBufferBytes)
      throws IOException {
    return connect(server, receiveBufferBytes, DEFAULT_TIMEOUT);
  }

  /**
   * Opens a TCP connection.
   *
   * @param server the server's address and port
   * @param receiveBufferBytes the socket's receive buffer in bytes; 0 for the system default
   * @param timeout the timeout on connecting and on each read; positive
   * @return the connected client; nothing sent yet
   * @throws IOException if the connection fails
   */
  public static RawWebSocket connect(
      InetSocketAddress server, int receiveBufferBytes, Duration timeout) throws IOException {
    int millis = Math.toIntExact(Math.max(1, timeout.toMillis()));
    Socket socket = new Socket();
    try {
      if (receiveBufferBytes > 0) {
        socket.setReceiveBufferSize(receiveBufferBytes);
      }
      socket.connect(server, millis);
      socket.setSoTimeout(millis);
      return new RawWebSocket(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Connects and completes the opening handshake.
   *
   * @param server the server's address and port
   * @param path the request path, e.g. {@code /cii}
   * @return an open WebSocket
   * @throws IOException if the connection fails or the server does not answer 101
   */
  public static RawWebSocket open(InetSocketAddress server, String path) throws IOException {
    RawWebSocket ws = connect(server, 0);
    String status = ws.handshake(path);
    if (!status.startsWith("HTTP/1.1 101")) {
      ws.close();
      throw new IOException("handshake refused: " + status);
    }
    return ws;
  }

  /**
   * The first part of an upgrade request, which is never complete by itself: for a client that
   * stops in the middle of its handshake.
   *
   * @param path the request path
   * @return the text to {@linkplain #writeRaw send}
   */
  public static String requestStart(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: dvbcss\r\nUpgrade: websocket\r\nConnection: Upg";
  }

  /**
   * The status code in an HTTP status line.
   *
   * @param statusLine a line such as {@code HTTP/1.1 503 Service Unavailable}
   * @return the code, or -1 if the line has none
   */
  public static int statusCode(String statusLine) {
    String[] parts = statusLine.split(" ", 3);
    try {
      return parts.length >= 2 ? Integer.parseInt(parts[1]) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Sends an upgrade request and reads the response head.
   *
   * @param path the request path
   * @return the response's status line, e.g. {@code HTTP/1.1 101 Switching Protocols}; empty if the
   *     server closed without answering
   * @throws IOException if the socket fails or the read times out
   */
  public String handshake(String path) throws IOException {
    return handshake(path, new String[0]);
  }

  /**
   * Sends an upgrade request with extra header lines and reads the response head.
   *
   * @param path the request path
   * @param headerLines whole header lines without line ends, e.g. {@code "Origin:
   *     https://a.example"}
   * @return the response's status line; empty if the server closed without answering
   * @throws IOException if the socket fails or the read times out
   */
  public String handshake(String path, String... headerLines) throws IOException {
    StringBuilder extra = new StringBuilder();
    for (String line : headerLines) {
      extra.append(line).append("\r\n");
    }
    writeRaw(
        "GET "
            + path
            + " HTTP/1.1\r\nHost: dvbcss\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + extra
            + "\r\n");
    return readHead().split("\r\n", 2)[0];
  }

  /**
   * Sends text as it is, in ISO-8859-1: an HTTP request, part of one, or garbage.
   *
   * @param text the text
   * @throws IOException if the socket fails
   */
  public void writeRaw(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /**
   * Reads up to and including the blank line that ends an HTTP head.
   *
   * @return the head as read (shorter if the server closed first)
   * @throws IOException if the socket fails or the read times out
   */
  public String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * Sends one final frame, masked as a client must.
   *
   * @param opcode the opcode, e.g. {@link #TEXT} or {@link #PING}
   * @param payload the payload; any length, any content
   * @throws IOException if the socket fails
   */
  public void send(int opcode, byte[] payload) throws IOException {
    send(opcode, true, payload);
  }

  /**
   * Sends one frame, masked as a client must.
   *
   * @param opcode the opcode; 0 for a continuation
   * @param fin whether this is the last frame of its message
   * @param payload the payload; any length, any content
   * @throws IOException if the socket fails
   */
  public void send(int opcode, boolean fin, byte[] payload) throws IOException {
    int n = payload.length;
    ByteArrayOutputStream frame = new ByteArrayOutputStream(n + 14);
    frame.write((fin ? 0x80 : 0) | (opcode & 0x0F));
    if (n < 126) {
      frame.write(0x80 | n);
    } else if (n < 65536) {
      frame.write(0x80 | 126);
      frame.write(n >>> 8);
      frame.write(n);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) n >>> shift));
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.write(mask, 0, 4);
    for (int i = 0; i < n; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /**
   * Sends a text frame.
   *
   * @param text the text, sent as UTF-8
   * @throws IOException if the socket fails
   */
  public void sendText(String text) throws IOException {
    send(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads the next frame, whatever it is (pings included).
   *
   * @return the frame
   * @throws IOException if the socket fails, the read times out, the stream ends, or the server
   *     sent a masked frame or one over 16 MiB
   */
  public Frame read() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long n = b1 & 0x7F;
    if (n == 126) {
      n = in.readUnsignedShort();
    } else if (n == 127) {
      n = in.readLong();
    }
    if ((b1 & 0x80) != 0) {
      throw new IOException("server frames must not be masked");
    }
    if (n < 0 || n > 1 << 24) {
      throw new IOException("frame of " + n + " bytes: more than this client reads");
    }
    byte[] payload = new byte[(int) n];
    in.readFully(payload);
    return new Frame(b0 & 0x0F, (b0 & 0x80) != 0, payload);
  }

  /**
   * Reads frames, skipping any others, until a close frame.
   *
   * @return the close frame
   * @throws IOException as {@link #read()}
   */
  public Frame readUntilClose() throws IOException {
    while (true) {
      Frame frame = read();
      if (frame.opcode() == CLOSE) {
        return frame;
      }
    }
  }

  /**
   * The underlying socket, e.g. to read its end of stream after a close.
   *
   * @return the socket
   */
  public Socket socket() {
    return socket;
  }

  /**
   * Drops the connection with a TCP reset instead of a FIN.
   *
   * @throws IOException if the socket fails
   */
  public void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  /**
   * Drops the connection (a FIN), without a close frame.
   *
   * @throws IOException if the socket fails
   */
  @Override
  public void close() throws IOException {
    socket.close();
  }
}
