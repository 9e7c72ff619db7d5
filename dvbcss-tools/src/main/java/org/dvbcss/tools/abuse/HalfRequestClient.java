package org.dvbcss.tools.abuse;

import java.io.IOException;
import org.dvbcss.net.raw.RawWebSocket;

/**
 * Sends the start of a handshake request and then resets or closes the connection. One run.
 *
 * @param target where to
 * @param reset whether to reset the connection rather than close it
 */
record HalfRequestClient(Target target, boolean reset) implements Abuser {
  @Override
  public Result abuse(Round round) throws IOException {
    RawWebSocket c = RawWebSocket.connect(target.address(), 0, RawClients.TIMEOUT);
    c.writeRaw(RawWebSocket.requestStart(target.path()));
    round.abusersIn().countDown();
    if (reset) {
      c.reset();
    } else {
      c.close();
    }
    return Result.NO_SESSION;
  }
}
