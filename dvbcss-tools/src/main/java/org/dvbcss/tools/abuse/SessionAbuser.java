package org.dvbcss.tools.abuse;

import java.io.IOException;
import org.dvbcss.net.raw.RawWebSocket;

/**
 * An abuser that misbehaves on one raw WebSocket session: it opens the session (as {@link
 * RawClients#open}); a refused handshake is {@link Result#REFUSED_503}, an accepted one {@link
 * Result#OPENED} once {@link #misbehave} returns. Each instance runs once, on one thread.
 */
interface SessionAbuser extends Abuser {
  /**
   * Where to connect.
   *
   * @return the target
   */
  Target target();

  /**
   * The socket's receive buffer.
   *
   * @return bytes; 0 (the default) for the system's default
   */
  default int receiveBuffer() {
    return 0;
  }

  /**
   * Misbehaves on the accepted session, and closes or resets it.
   *
   * @param c the open session
   * @param round the round's latches
   * @throws IOException if the connection fails in a way that is not the point of the abuse
   * @throws InterruptedException if interrupted while waiting for the round to end
   */
  void misbehave(RawWebSocket c, Round round) throws IOException, InterruptedException;

  @Override
  default Result abuse(Round round) throws IOException, InterruptedException {
    RawWebSocket c = RawClients.open(target(), receiveBuffer(), round.abusersIn());
    if (c == null) {
      return Result.REFUSED_503;
    }
    misbehave(c, round);
    return Result.OPENED;
  }
}
