package org.dvbcss.tools.abuse;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * The server the abusers go after, and how it is set up: makes each round's bad clients. Immutable;
 * thread safe.
 *
 * @param cii the CSS-CII endpoint
 * @param ts the CSS-TS endpoint, or null to abuse CSS-CII only
 * @param idleMillis the server's idle timeout in milliseconds
 * @param oversizeBytes the size of a text frame the server must refuse as too big, in bytes
 */
record Arena(Target cii, @Nullable Target ts, long idleMillis, int oversizeBytes) {
  /**
   * Where the abuser of a given index goes: odd indexes to CSS-TS if there is one, the rest to
   * CSS-CII.
   *
   * @param index the abuser's index among those of its kind
   * @return its target
   */
  Target target(int index) {
    return index % 2 == 1 && ts != null ? ts : cii;
  }

  /**
   * A bad client of one kind.
   *
   * @param kind how it misbehaves; not {@link Kind#FLOOD} (see {@link #flooder()})
   * @param index its index among those of its kind
   * @return the client
   * @throws IllegalArgumentException for {@link Kind#FLOOD}
   */
  Abuser abuser(Kind kind, int index) {
    Target t = target(index);
    return switch (kind) {
      case INVALID_JSON -> new InvalidJsonClient(t);
      case BINARY -> BadFrameClient.binary(t);
      case OVERSIZE -> BadFrameClient.oversize(t, oversizeBytes);
      case BAD_UTF8 -> BadFrameClient.badUtf8(t);
      case SLOW -> new SlowReader(t, idleMillis);
      case PING_FLOOD -> new PingFlooder(t);
      case HALF_REQUEST -> new HalfRequestClient(t, index % 2 == 0);
      case STALL -> new StalledRequestClient(t, idleMillis);
      case SILENT -> new SilentClient(t, idleMillis);
      case FLOOD -> throw new IllegalArgumentException("see flooder");
    };
  }

  /**
   * A client of a connection flood, against CSS-CII.
   *
   * @return the client
   */
  Abuser flooder() {
    return new FloodClient(cii, idleMillis);
  }

  /**
   * An abuser as a task of one round: an abuser that fails counts down {@link Round#abusersIn()}
   * (it may have failed before it was in) and comes out as {@link Result#FAILED}.
   *
   * @param abuser the abuser
   * @param round its round
   * @return the task
   */
  static Callable<Result> task(Abuser abuser, Round round) {
    return () -> {
      try {
        return abuser.abuse(round);
      } catch (IOException | RuntimeException e) {
        round.abusersIn().countDown(); // it may have failed before it was in
        return Result.FAILED;
      }
    };
  }
}
