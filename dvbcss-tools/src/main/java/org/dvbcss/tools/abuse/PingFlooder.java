package org.dvbcss.tools.abuse;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.dvbcss.net.raw.RawWebSocket;

/**
 * Sends ten pings every 10 ms and reads nothing, until the server's inbound frame limit closes it
 * or the round is over (then it resets the connection). One run.
 *
 * @param target where to
 */
record PingFlooder(Target target) implements SessionAbuser {
  @Override
  public int receiveBuffer() {
    return 4096;
  }

  @Override
  public void misbehave(RawWebSocket c, Round round) throws IOException, InterruptedException {
    byte[] payload = new byte[125];
    try {
      do {
        for (int i = 0; i < 10; i++) {
          c.send(RawWebSocket.PING, payload);
        }
      } while (!round.over().await(10, TimeUnit.MILLISECONDS));
    } catch (IOException e) {
      // the server's inbound frame limit closed it (RATE_LIMITED): what it should do
      c.close();
      return;
    }
    c.reset();
  }
}
