package org.dvbcss.tools.abuse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dvbcss.net.ws.CloseCause;
import org.dvbcss.net.ws.WebSocketServer;
import org.jspecify.annotations.Nullable;

/** How {@code dvbcss abuse} words what it found. Stateless; thread safe. */
final class AbuseReport {
  private static final double MIB = 1048576.0;

  private AbuseReport() {}

  /** What happened to one round's abusers, by kind. Not thread safe. */
  static final class Tally {
    private final Map<Kind, int[]> counts = new EnumMap<>(Kind.class);

    /**
     * Counts one abuser.
     *
     * @param kind its kind
     * @param result what happened to it
     */
    void add(Kind kind, Result result) {
      counts.computeIfAbsent(kind, k -> new int[Result.values().length])[result.ordinal()]++;
    }

    /**
     * For each kind seen, in the order of {@link Kind}: {@code label=N}, N those that opened a
     * session or needed none, then {@code +Nx503} and {@code +Nxerror} if any were refused or
     * failed; space separated.
     */
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      counts.forEach(
          (kind, n) -> {
            b.append(b.isEmpty() ? "" : " ").append(kind.label).append('=');
            b.append(n[Result.OPENED.ordinal()] + n[Result.NO_SESSION.ordinal()]);
            if (n[Result.REFUSED_503.ordinal()] > 0) {
              b.append("+").append(n[Result.REFUSED_503.ordinal()]).append("x503");
            }
            if (n[Result.FAILED.ordinal()] > 0) {
              b.append("+").append(n[Result.FAILED.ordinal()]).append("xerror");
            }
          });
      return b.toString();
    }
  }

  /**
   * The server's closes between two readings of its counters: each cause that changed as {@code
   * CAUSE=N}, then {@code refused503=N idleBeforeHandshake=N badRequests=N}.
   *
   * @param before the earlier reading, or null for none (all from zero)
   * @param after the later reading
   * @return the words
   */
  static String closes(WebSocketServer.@Nullable Counters before, WebSocketServer.Counters after) {
    StringBuilder b = new StringBuilder();
    for (CloseCause cause : CloseCause.values()) {
      long n = after.closed(cause) - (before == null ? 0 : before.closed(cause));
      if (n != 0) {
        b.append(b.isEmpty() ? "" : " ").append(cause).append('=').append(n);
      }
    }
    long rejected = after.rejected() - (before == null ? 0 : before.rejected());
    long idle = after.idleBeforeHandshake() - (before == null ? 0 : before.idleBeforeHandshake());
    long bad = after.badRequests() - (before == null ? 0 : before.badRequests());
    b.append(" refused503=").append(rejected);
    b.append(" idleBeforeHandshake=").append(idle);
    b.append(" badRequests=").append(bad);
    return b.toString();
  }

  /**
   * {@code "; delay p50 .. p99 .. max .. ms"} over some delays, or nothing if there are none.
   *
   * @param delays delays in nanoseconds (not changed)
   * @return the words, in milliseconds to one decimal
   */
  static String delays(List<Long> delays) {
    if (delays.isEmpty()) {
      return "";
    }
    List<Long> sorted = new ArrayList<>(delays);
    Collections.sort(sorted);
    int n = sorted.size();
    return String.format(
        Locale.ROOT,
        "; delay p50 %.1f p99 %.1f max %.1f ms",
        sorted.get(n / 2) / 1e6,
        sorted.get(Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)) / 1e6,
        sorted.get(n - 1) / 1e6);
  }

  /**
   * One round's line.
   *
   * @param round the round, from 1
   * @param abusers what happened to its abusers ({@link Tally#toString()})
   * @param closes {@code " closed ...;"} ({@link #closes}), or nothing without an in-process TV
   * @param missed the changes the good companions missed
   * @param delay {@link #delays}
   * @param connections the server's connections left, or {@code "-"}
   * @param heapBytes the heap in use after a GC, in bytes
   * @param directBytes Netty's direct memory in use in bytes, or -1 if unknown
   * @param rssBytes the resident memory in bytes
   * @return the line, without a line end
   */
  static String roundLine(
      int round,
      String abusers,
      String closes,
      int missed,
      String delay,
      String connections,
      long heapBytes,
      long directBytes,
      long rssBytes) {
    return String.format(
        Locale.ROOT,
        "round %d: abusers %s;%s missed %d%s; connections %s; heap %.1f MiB; direct %.1f MiB;"
            + " rss %.1f MiB",
        round,
        abusers,
        closes,
        missed,
        delay,
        connections,
        heapBytes / MIB,
        directBytes / MIB,
        rssBytes / MIB);
  }

  /**
   * How many of {@code expected} a companion did not get, in order.
   *
   * @param seen what it got
   * @param expected what it should have got
   * @return 0 if it got them all in order, else the shortfall, at least 1
   */
  static <T> int missed(List<T> seen, List<T> expected) {
    if (seen.equals(expected)) {
      return 0;
    }
    return Math.max(1, expected.size() - seen.size());
  }

  /**
   * Without a known sequence: how far each companion is behind the one that saw the most, summed; a
   * companion that disagrees with it counts 1.
   *
   * @param seen what each companion got
   * @return the sum
   */
  static <T> int missedAmong(List<List<T>> seen) {
    List<T> most = List.of();
    for (List<T> s : seen) {
      if (s.size() > most.size()) {
        most = List.copyOf(s);
      }
    }
    int missed = 0;
    for (List<T> s : seen) {
      missed += most.subList(0, s.size()).equals(s) ? most.size() - s.size() : 1;
    }
    return missed;
  }
}
