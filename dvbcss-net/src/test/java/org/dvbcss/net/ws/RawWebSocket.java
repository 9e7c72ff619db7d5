package org.dvbcss.net.ws;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written by hand on a plain socket, for what the JDK client will not do: go
 * silent (never answer pings), drop the TCP connection without a close frame, read slowly, or send
 * garbage. Every read times out after 5 s.
 */
/** A hand-driven WebSocket client for tests: raw frames, no automatic replies. */
public final class RawWebSocket implements AutoCloseable {
  /** A frame as received. */
  public record Frame(int opcode, boolean fin, byte[] payload) {
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }

    /** The payload as UTF-8 text. */
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Opens a TCP connection with the given receive buffer (0: the default). */
  public static RawWebSocket connect(InetSocketAddress server, int receiveBufferBytes)
      throws IOException {
    Socket socket = new Socket();
    if (receiveBufferBytes > 0) {
      socket.setReceiveBufferSize(receiveBufferBytes);
    }
    socket.connect(server, 5000);
    socket.setSoTimeout(5000);
    return new RawWebSocket(socket);
  }

  static RawWebSocket open(InetSocketAddress server, String path) throws IOException {
    RawWebSocket ws = connect(server, 0);
    String status = ws.handshake(path);
    if (!status.startsWith("HTTP/1.1 101")) {
      throw new IOException("handshake refused: " + status);
    }
    return ws;
  }

  /** Sends the upgrade request and reads the response head; returns the status line. */
  public String handshake(String path) throws IOException {
    return handshake(path, new String[0]);
  }

  /**
   * Sends the upgrade request with extra header lines (e.g. {@code "Origin: https://a.example"})
   * and reads the response head; returns the status line.
   */
  public String handshake(String path, String... headerLines) throws IOException {
    StringBuilder extra = new StringBuilder();
    for (String line : headerLines) {
      extra.append(line).append("\r\n");
    }
    writeRaw(
        "GET "
            + path
            + " HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + extra
            + "\r\n");
    return readHead().split("\r\n", 2)[0];
  }

  void writeRaw(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Reads up to and including the blank line that ends an HTTP head. */
  String readHead() throws IOException {
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

  void send(int opcode, boolean fin, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write((fin ? 0x80 : 0) | opcode);
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
    frame.write(mask);
    for (int i = 0; i < n; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /** Sends a text frame (masked, as a client must). */
  public void sendText(String text) throws IOException {
    send(1, true, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads the next frame. */
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
    byte[] payload = new byte[Math.toIntExact(n)];
    in.readFully(payload);
    return new Frame(b0 & 0x0F, (b0 & 0x80) != 0, payload);
  }

  /** Reads frames, skipping pings, until a close frame. */
  Frame readUntilClose() throws IOException {
    while (true) {
      Frame frame = read();
      if (frame.opcode() == 8) {
        return frame;
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
