package org.dvbcss.tools.abuse;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.dvbcss.net.raw.RawWebSocket;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.tv.DemoContent;
import org.jspecify.annotations.Nullable;

/** What the raw clients have in common. Stateless; thread safe. */
final class RawClients {
  /** Connect and read timeout of the raw clients. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private RawClients() {}

  /**
   * Connects and asks for a session; a CSS-TS session is sent its setup message.
   *
   * @param t where to
   * @param receiveBuffer the socket's receive buffer in bytes, 0 for the system's default
   * @param in counted down once the handshake is answered
   * @return the session, or null if the server refused it (the connection is then closed)
   * @throws IOException if the connection fails
   */
  static @Nullable RawWebSocket open(Target t, int receiveBuffer, CountDownLatch in)
      throws IOException {
    RawWebSocket c = RawWebSocket.connect(t.address(), receiveBuffer, TIMEOUT);
    int status = RawWebSocket.statusCode(c.handshake(t.path()));
    in.countDown();
    if (status == 101) {
      if (t.timestamps()) {
        c.sendText(new SetupData("", DemoContent.PTS).encode());
      }
      return c;
    }
    c.close();
    return null;
  }

  /**
   * Sends a close frame (1000), reads until the server's, and closes the connection.
   *
   * @param c the session
   * @throws IOException if the connection fails
   */
  static void closeFromClient(RawWebSocket c) throws IOException {
    c.send(RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xE8});
    c.readUntilClose();
    c.close();
  }

  /**
   * A socket read timeout for clients that wait for the server to give up on them.
   *
   * @param idleMillis the server's idle timeout in milliseconds
   * @return that plus 5 s, in milliseconds
   */
  static int beyondIdle(long idleMillis) {
    return (int) Math.min(Integer.MAX_VALUE, idleMillis + 5_000);
  }

  /**
   * How often a client that reads nothing sends something to keep the idle timeout away.
   *
   * @param idleMillis the server's idle timeout in milliseconds
   * @return a quarter of it, at least 10, in milliseconds
   */
  static long keepAliveMillis(long idleMillis) {
    return Math.max(10, idleMillis / 4);
  }
}
