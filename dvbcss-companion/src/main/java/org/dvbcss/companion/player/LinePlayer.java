package org.dvbcss.companion.player;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.dvbcss.clock.TimeSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Player} on the far side of a line protocol: an external player (a desktop player's
 * script, a bridge to a browser) reads commands from one stream and answers on another, such as the
 * {@code dvbcss companion --player stdio} process's standard output and input.
 *
 * <p><b>The protocol.</b> Text lines in UTF-8 (ASCII in practice), ended by {@code \n} (a trailing
 * {@code \r} is ignored); numbers are decimal with a {@code .} point.
 *
 * <p>To the player (one command per line):
 *
 * <ul>
 *   <li>{@code query}: asks for a {@code pos} line, sent once per synchroniser tick;
 *   <li>{@code rate R}: play at rate R (a multiple of normal speed; 0 pauses), e.g. {@code rate
 *       1.002500};
 *   <li>{@code seek S}: go to media position S seconds, e.g. {@code seek 12.345000}.
 * </ul>
 *
 * <p>From the player (at any time; not necessarily one per {@code query}):
 *
 * <ul>
 *   <li>{@code pos S at N}: the media position was S seconds at monotonic time N nanoseconds (the
 *       clock of Java's {@code System.nanoTime()}: {@code CLOCK_MONOTONIC} on Linux, so a player on
 *       the same machine reads it with {@code clock_gettime}); {@code pos S} alone is stamped when
 *       the line arrives, which adds the pipe's delay to the error. A trailing {@code seeking} word
 *       ({@code pos S at N seeking}) says the player is seeking, buffering or stalled: the position
 *       is then not used.
 *   <li>{@code latency L}: its output latency is L seconds (0 until said).
 *   <li>{@code quantum Q}: its positions are rounded down to multiples of Q seconds (0.001 until
 *       said: whole milliseconds).
 *   <li>Empty lines and lines starting with {@code #} are ignored. Any other line is counted
 *       ({@link #badLines()}), logged at DEBUG and ignored.
 * </ul>
 *
 * <p>Example, companion's lines marked {@code >}, player's {@code <}:
 *
 * <pre>
 * &lt; latency 0.040
 * &lt; quantum 0.001
 * &gt; query
 * &lt; pos 0.000 at 5123456789000
 * &gt; rate 1.000000
 * &gt; seek 95.150000
 * &gt; query
 * &lt; pos 0.020 at 5123466789000 seeking
 * &gt; query
 * &lt; pos 95.152 at 5123616789000
 * </pre>
 *
 * <p><b>Threading.</b> A daemon thread of its own reads the player's lines until the stream ends;
 * the {@link Player} methods (writing commands) are called by the synchroniser's ticking thread;
 * the read-outs may be called from any thread.
 */
public final class LinePlayer implements Player, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LinePlayer.class);

  private final BufferedReader in;
  private final Writer out;
  private final TimeSource time;
  private final Thread reader;
  private volatile @Nullable Reading latest;
  private volatile double latency;
  private volatile double quantum = 0.001;
  private volatile boolean ended;
  private volatile boolean closed;
  private final AtomicLong badLines = new AtomicLong();
  private final AtomicLong positions = new AtomicLong();

  /**
   * Starts reading the player's lines.
   *
   * @param fromPlayer the player's lines
   * @param toPlayer where commands go (flushed after each)
   * @param time the time source readings are stamped in ({@link TimeSource#system()} for a real
   *     player: {@code pos ... at N} is then in its nanoseconds); also stamps {@code pos} lines
   *     without {@code at}
   */
  public LinePlayer(BufferedReader fromPlayer, Writer toPlayer, TimeSource time) {
    this.in = Objects.requireNonNull(fromPlayer, "fromPlayer");
    this.out = Objects.requireNonNull(toPlayer, "toPlayer");
    this.time = Objects.requireNonNull(time, "time");
    this.reader = new Thread(this::readLines, "dvbcss-line-player");
    reader.setDaemon(true);
    reader.start();
  }

  private void readLines() {
    try {
      String line;
      while ((line = in.readLine()) != null) {
        accept(line);
      }
    } catch (IOException e) {
      log.debug("player stream ended: {}", e.toString());
    } finally {
      ended = true;
    }
  }

  /**
   * Reads one line from the player (the reader thread does this for every line; public for
   * transports that deliver lines themselves).
   *
   * @param raw the line, without its end
   * @return true if understood (or ignorable), false if counted as bad
   */
  public boolean accept(String raw) {
    if (closed) {
      return true;
    }
    long received = time.nanoTime();
    String line = raw.strip();
    if (line.isEmpty() || line.startsWith("#")) {
      return true;
    }
    String[] w = line.split("\\s+");
    try {
      switch (w[0]) {
        case "pos" -> {
          boolean seeking = w[w.length - 1].equals("seeking");
          int n = seeking ? w.length - 1 : w.length;
          long at;
          if (n == 2) {
            at = received;
          } else if (n == 4 && w[2].equals("at")) {
            at = Long.parseLong(w[3]);
          } else {
            return bad(raw);
          }
          latest = new Reading(Double.parseDouble(w[1]), at, !seeking);
          positions.incrementAndGet();
          return true;
        }
        case "latency", "quantum" -> {
          if (w.length != 2) {
            return bad(raw);
          }
          double v = Double.parseDouble(w[1]);
          if (!(v >= 0) || Double.isInfinite(v)) {
            return bad(raw);
          }
          if (w[0].equals("latency")) {
            latency = v;
          } else {
            quantum = v;
          }
          return true;
        }
        default -> {
          return bad(raw);
        }
      }
    } catch (IllegalArgumentException e) {
      return bad(raw);
    }
  }

  private boolean bad(String line) {
    badLines.incrementAndGet();
    log.debug("player line not understood, ignored: {}", line);
    return false;
  }

  private void send(String command) {
    try {
      synchronized (out) {
        out.write(command);
        out.write('\n');
        out.flush();
      }
    } catch (IOException e) {
      log.debug("cannot write to the player: {}", e.toString());
    }
  }

  /** Sends {@code query} and returns the latest position the player sent. */
  @Override
  public @Nullable Reading position() {
    send("query");
    return latest;
  }

  @Override
  public void setRate(double rate) {
    send(String.format(Locale.ROOT, "rate %.6f", rate));
  }

  @Override
  public void seek(double positionSeconds) {
    send(String.format(Locale.ROOT, "seek %.6f", positionSeconds));
  }

  @Override
  public double outputLatencySeconds() {
    return latency;
  }

  @Override
  public double positionQuantumSeconds() {
    return quantum;
  }

  /**
   * Lines from the player that were not understood.
   *
   * @return the count
   */
  public long badLines() {
    return badLines.get();
  }

  /**
   * {@code pos} lines read.
   *
   * @return the count
   */
  public long positions() {
    return positions.get();
  }

  /**
   * Whether the player's stream has ended.
   *
   * @return true once it has
   */
  public boolean ended() {
    return ended;
  }

  /**
   * Stops using the player's lines: later ones are ignored. The reader thread (a daemon) ends when
   * the player's stream does; the streams are the caller's to close.
   */
  @Override
  public void close() {
    closed = true;
  }
}
