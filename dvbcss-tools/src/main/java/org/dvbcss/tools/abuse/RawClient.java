package org.dvbcss.tools.abuse;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written on a plain socket, so that it can misbehave: send half a request,
 * binary or oversize frames, invalid UTF-8, never read, never answer, or vanish with a reset. Every
 * read times out after 10 s. Not thread safe; one thread drives it.
 */
final class RawClient implements AutoCloseable {
  /** A frame as received: its opcode and payload. */
  record Frame(int opcode, byte[] payload) {
    /** The status code of a close frame (1005 if it has none). */
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }

    /** The reason text of a close frame. */
    String closeReason() {
      return payload.length > 2
          ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)
          : "";
    }
  }

  static final int TEXT = 1;
  static final int BINARY = 2;
  static final int CLOSE = 8;
  static final int PING = 9;
  static final int PONG = 10;

  final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Opens a TCP connection.
   *
   * @param server the server
   * @param receiveBufferBytes the socket's receive buffer, 0 for the system default
   */
  static RawClient connect(InetSocketAddress server, int receiveBufferBytes) throws IOException {
    Socket socket = new Socket();
    if (receiveBufferBytes > 0) {
      socket.setReceiveBufferSize(receiveBufferBytes);
    }
    socket.connect(server, 10_000);
    socket.setSoTimeout(10_000);
    return new RawClient(socket);
  }

  /** The first part of an upgrade request: never finished by itself. */
  static String requestStart(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: abuse\r\nUpgrade: websocket\r\nConnection: Upg";
  }

  /** Sends an upgrade request for {@code path} and returns the response's status code. */
  int handshake(String path) throws IOException {
    writeRaw(
        "GET "
            + path
            + " HTTP/1.1\r\nHost: abuse\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
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
    String[] status = head.toString(StandardCharsets.ISO_8859_1).split(" ", 3);
    return status.length >= 2 ? Integer.parseInt(status[1]) : -1;
  }

  void writeRaw(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Sends one masked frame, as a client must. */
  void send(int opcode, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write(0x80 | opcode);
    int n = payload.length;
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

  void sendText(String text) throws IOException {
    send(TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads the next frame. */
  Frame read() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long n = b1 & 0x7F;
    if (n == 126) {
      n = in.readUnsignedShort();
    } else if (n == 127) {
      n = in.readLong();
    }
    if ((b1 & 0x80) != 0 || n > 1 << 24) {
      throw new IOException("not a frame a server sends");
    }
    byte[] payload = new byte[(int) n];
    in.readFully(payload);
    return new Frame(b0 & 0x0F, payload);
  }

  /** Reads frames until a close frame and returns it. */
  Frame readUntilClose() throws IOException {
    while (true) {
      Frame frame = read();
      if (frame.opcode() == CLOSE) {
        return frame;
      }
    }
  }

  /** Closes with a TCP reset instead of a FIN. */
  void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
