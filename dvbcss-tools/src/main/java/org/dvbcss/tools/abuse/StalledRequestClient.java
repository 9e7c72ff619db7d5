package org.dvbcss.tools.abuse;

import java.io.IOException;
import java.net.SocketTimeoutException;
import org.dvbcss.net.raw.RawWebSocket;

/**
 * Sends the start of a handshake request and never the rest, until the server gives up on it. One
 * run.
 *
 * @param target where to
 * @param idleMillis the server's idle timeout in milliseconds
 */
record StalledRequestClient(Target target, long idleMillis) implements Abuser {
  @Override
  public Result abuse(Round round) throws IOException {
    try (RawWebSocket c = RawWebSocket.connect(target.address(), 0, RawClients.TIMEOUT)) {
      c.socket().setSoTimeout(RawClients.beyondIdle(idleMillis));
      c.writeRaw(RawWebSocket.requestStart(target.path()));
      round.abusersIn().countDown();
      c.socket().getInputStream().read(); // until the server gives up on it
    } catch (SocketTimeoutException e) {
      return Result.FAILED; // the server kept it
    }
    return Result.NO_SESSION;
  }
}
