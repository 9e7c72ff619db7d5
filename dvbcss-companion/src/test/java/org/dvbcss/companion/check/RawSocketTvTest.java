package org.dvbcss.companion.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The whole check against a minimal TV written here with nothing but the JDK's sockets: its own
 * HTTP upgrade, WebSocket frames, CII first message, control timestamps and 32-byte CSS-WC answers.
 * It shares no code with the project's servers, so the checker is held to the protocol, not to the
 * simulated TV.
 */
class RawSocketTvTest {
  private static final String CONTENT_ID = "dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M";
  private static final String PTS = "urn:dvb:css:timeline:pts";

  /** A TV on 127.0.0.1: WebSocket on one port (/cii, /ts), CSS-WC on another. */
  static final class RawTv implements AutoCloseable {
    final ServerSocket http;
    final DatagramSocket udp;
    final long start = System.nanoTime();
    final List<Socket> open = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    RawTv() throws IOException {
      InetAddress lo = InetAddress.getLoopbackAddress();
      http = new ServerSocket(0, 500, lo);
      udp = new DatagramSocket(new InetSocketAddress(lo, 0));
      daemon(this::acceptLoop);
      daemon(this::wallClockLoop);
    }

    String ciiUrl() {
      return "ws://127.0.0.1:" + http.getLocalPort() + "/cii";
    }

    private static void daemon(Runnable r) {
      Thread t = new Thread(r, "raw-tv");
      t.setDaemon(true);
      t.start();
    }

    private void acceptLoop() {
      while (!closed) {
        try {
          Socket s = http.accept();
          open.add(s);
          daemon(() -> serve(s));
        } catch (IOException e) {
          return;
        }
      }
    }

    private void wallClockLoop() {
      byte[] buf = new byte[64];
      while (!closed) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          udp.receive(p);
          long received = System.nanoTime();
          if (p.getLength() != 32 || buf[0] != 0 || buf[1] != 0) {
            continue; // not a request: ignored, the server goes on
          }
          ByteBuffer out = ByteBuffer.allocate(32);
          out.put((byte) 0).put((byte) 1).put((byte) -20).put((byte) 0);
          out.putInt(500 * 256); // 500 ppm, in 1/256 ppm
          out.put(buf, 8, 8); // originate, exactly as received
          putTime(out, received);
          putTime(out, System.nanoTime());
          udp.send(new DatagramPacket(out.array(), 32, p.getSocketAddress()));
        } catch (IOException e) {
          if (closed) {
            return;
          }
        }
      }
    }

    private static void putTime(ByteBuffer b, long nanos) {
      b.putInt((int) (nanos / 1_000_000_000L)).putInt((int) (nanos % 1_000_000_000L));
    }

    private void serve(Socket s) {
      try (s) {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        String requestLine = line(in);
        Map<String, String> headers = new TreeMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
          int c = h.indexOf(':');
          if (c > 0) {
            headers.put(
                h.substring(0, c).trim().toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
          }
        }
        String[] parts = requestLine.split(" ");
        String path = parts.length > 1 ? parts[1] : "";
        String key = headers.get("sec-websocket-key");
        if (!(path.equals("/cii") || path.equals("/ts")) || key == null) {
          out.write(
              "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
          return;
        }
        String accept =
            Base64.getEncoder()
                .encodeToString(
                    MessageDigest.getInstance("SHA-1")
                        .digest(
                            (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                                .getBytes(StandardCharsets.US_ASCII)));
        out.write(
            ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: "
                    + accept
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        boolean cii = path.equals("/cii");
        if (cii) {
          send(out, 1, ciiMessage().getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        boolean setUp = false;
        while (true) {
          int b0 = in.read();
          int b1 = in.read();
          if (b0 < 0 || b1 < 0) {
            return;
          }
          int opcode = b0 & 0x0f;
          boolean fin = (b0 & 0x80) != 0;
          long len = b1 & 0x7f;
          if (len == 126) {
            len = (in.read() << 8) | in.read();
          } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
              len = (len << 8) | in.read();
            }
          }
          byte[] mask = in.readNBytes((b1 & 0x80) != 0 ? 4 : 0);
          if (len > 65536) {
            return;
          }
          byte[] payload = in.readNBytes((int) len);
          for (int i = 0; i < payload.length && mask.length == 4; i++) {
            payload[i] ^= mask[i % 4];
          }
          if (opcode == 8) {
            send(out, 8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
            return;
          } else if (opcode == 9) {
            send(out, 10, payload);
          } else if (opcode == 1 || opcode == 0) {
            text.write(payload);
            if (fin) {
              String message = text.toString(StandardCharsets.UTF_8);
              text.reset();
              if (!cii
                  && !setUp
                  && message.contains("\"timelineSelector\"")
                  && message.contains("\"contentIdStem\"")) {
                setUp = true;
                send(out, 1, timestamp(message).getBytes(StandardCharsets.UTF_8));
              }
              // anything else a companion sends is ignored
            }
          }
        }
      } catch (Exception e) {
        // the connection ends
      }
    }

    private String ciiMessage() {
      int port = http.getLocalPort();
      return "{\"protocolVersion\":\"1.1\",\"contentId\":\""
          + CONTENT_ID
          + "\",\"contentIdStatus\":\"final\",\"presentationStatus\":\"okay\","
          + "\"wcUrl\":\"udp://127.0.0.1:"
          + udp.getLocalPort()
          + "\",\"tsUrl\":\"ws://127.0.0.1:"
          + port
          + "/ts\",\"timelines\":[{\"timelineSelector\":\""
          + PTS
          + "\",\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":90000}}]}";
    }

    /** The PTS timeline since the TV started, at 90 kHz: the last whole tick and when it was. */
    private String timestamp(String setup) {
      String stem = field(setup, "contentIdStem");
      String selector = field(setup, "timelineSelector");
      long now = System.nanoTime();
      if (stem == null || !CONTENT_ID.startsWith(stem) || !PTS.equals(selector)) {
        return "{\"contentTime\":null,\"wallClockTime\":\""
            + now
            + "\",\"timelineSpeedMultiplier\":null}";
      }
      long tick = (now - start) * 9 / 100_000;
      long at = start + (tick * 100_000 + 8) / 9;
      return "{\"contentTime\":\""
          + tick
          + "\",\"wallClockTime\":\""
          + at
          + "\",\"timelineSpeedMultiplier\":1}";
    }

    /** A string member of a flat JSON object, read by hand. */
    private static String field(String json, String name) {
      int i = json.indexOf("\"" + name + "\"");
      if (i < 0) {
        return null;
      }
      int q1 = json.indexOf('"', json.indexOf(':', i) + 1);
      int q2 = json.indexOf('"', q1 + 1);
      return q1 < 0 || q2 < 0 ? null : json.substring(q1 + 1, q2);
    }

    private static synchronized void send(OutputStream out, int opcode, byte[] payload)
        throws IOException {
      ByteArrayOutputStream f = new ByteArrayOutputStream();
      f.write(0x80 | opcode);
      if (payload.length < 126) {
        f.write(payload.length);
      } else {
        f.write(126);
        f.write(payload.length >> 8);
        f.write(payload.length & 0xff);
      }
      f.write(payload);
      out.write(f.toByteArray());
      out.flush();
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder b = new StringBuilder();
      for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
        if (c != '\r') {
          b.append((char) c);
        }
      }
      return b.toString();
    }

    @Override
    public void close() throws IOException {
      closed = true;
      http.close();
      udp.close();
      for (Socket s : open) {
        s.close();
      }
    }
  }

  @Test
  void aTvWrittenWithRawSocketsIsCheckedWholeWithNoFailure() throws Exception {
    try (RawTv tv = new RawTv()) {
      CheckReport report =
          Checker.run(
              CheckConfig.builder(tv.ciiUrl())
                  .duration(Duration.ofSeconds(2))
                  .rapidConnections(20)
                  .tsClients(3)
                  .availabilityWait(Duration.ofSeconds(1))
                  .build(),
              CheckListener.NONE);
      assertThat(report.reached()).isTrue();
      assertThat(report.results())
          .allSatisfy(
              r ->
                  assertThat(r.status()).as(r.id() + ": " + r.message()).isNotEqualTo(Status.FAIL));
      for (String id :
          List.of(
              "R-CII-1",
              "R-CII-2",
              "R-CII-5",
              "R-CII-14",
              "R-WS-2",
              "R-WS-3",
              "R-WS-4",
              "R-WS-5",
              "R-WC-1",
              "R-WC-3",
              "R-WC-5",
              "R-WC-8",
              "R-TS-1",
              "R-TS-2",
              "R-TS-3",
              "R-TS-4",
              "R-TS-5",
              "R-TS-9")) {
        assertThat(report.resultsOf(id))
            .as(id + " " + report.resultsOf(id))
            .isNotEmpty()
            .allMatch(r -> r.status() == Status.PASS);
      }
      // a fresh setup gets a fresh correlation here, so the rate is measured without a guide
      assertThat(report.resultsOf("R-TS-6"))
          .singleElement()
          .satisfies(r -> assertThat(r.status()).as(r.message()).isEqualTo(Status.PASS));
    }
  }
}
