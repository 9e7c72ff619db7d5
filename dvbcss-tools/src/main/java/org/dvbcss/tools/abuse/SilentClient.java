package org.dvbcss.tools.abuse;

import java.io.IOException;
import org.dvbcss.net.raw.RawWebSocket;

/**
 * Opens a session and sends nothing, until the server's idle timeout closes it. One run.
 *
 * @param target where to
 * @param idleMillis the server's idle timeout in milliseconds
 */
record SilentClient(Target target, long idleMillis) implements SessionAbuser {
  @Override
  public void misbehave(RawWebSocket c, Round round) throws IOException, InterruptedException {
    try {
      c.socket().setSoTimeout(RawClients.beyondIdle(idleMillis));
      c.readUntilClose(); // the idle timeout's 1001
    } finally {
      c.close();
    }
  }
}
