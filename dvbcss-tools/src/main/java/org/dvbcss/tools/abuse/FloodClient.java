package org.dvbcss.tools.abuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.dvbcss.net.raw.RawWebSocket;

/**
 * One of a round's connection flood: holds a session, reading nothing but keeping the idle timeout
 * away, until the round is over, then closes it. It counts down {@link Round#floodIn()}, not {@link
 * Round#abusersIn()}, and reports its own failures as {@link Result#FAILED}. One run.
 *
 * @param target where to
 * @param idleMillis the server's idle timeout in milliseconds
 */
record FloodClient(Target target, long idleMillis) implements Abuser {
  @Override
  public Result abuse(Round round) throws InterruptedException {
    try {
      RawWebSocket c;
      int status;
      try {
        c = RawWebSocket.connect(target.address(), 0, RawClients.TIMEOUT);
        status = RawWebSocket.statusCode(c.handshake(target.path()));
      } finally {
        round.floodIn().countDown();
      }
      if (status != 101) {
        c.close();
        return Result.REFUSED_503;
      }
      // reads nothing until the round is over, but keeps the idle timeout away
      long keepAlive = RawClients.keepAliveMillis(idleMillis);
      do {
        c.send(RawWebSocket.PONG, "flood".getBytes(StandardCharsets.US_ASCII));
      } while (!round.over().await(keepAlive, TimeUnit.MILLISECONDS));
      RawClients.closeFromClient(c);
      return Result.OPENED;
    } catch (IOException | RuntimeException e) {
      return Result.FAILED;
    }
  }
}
