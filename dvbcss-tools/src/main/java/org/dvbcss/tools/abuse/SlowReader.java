package org.dvbcss.tools.abuse;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.dvbcss.net.raw.RawWebSocket;

/**
 * Reads nothing, with a small receive buffer, but keeps the idle timeout away with pongs until the
 * round is over; then resets the connection. One run.
 *
 * @param target where to
 * @param idleMillis the server's idle timeout in milliseconds
 */
record SlowReader(Target target, long idleMillis) implements SessionAbuser {
  @Override
  public int receiveBuffer() {
    return 4096;
  }

  @Override
  public void misbehave(RawWebSocket c, Round round) throws IOException, InterruptedException {
    long keepAlive = RawClients.keepAliveMillis(idleMillis);
    do {
      c.send(RawWebSocket.PONG, new byte[0]); // keeps the idle timeout away; reads nothing
    } while (!round.over().await(keepAlive, TimeUnit.MILLISECONDS));
    c.reset();
  }
}
