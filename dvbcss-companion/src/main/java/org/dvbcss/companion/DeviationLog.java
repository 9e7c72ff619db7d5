package org.dvbcss.companion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.dvbcss.clock.TimeSource;
import org.dvbcss.protocol.Deviation;

/**
 * What a companion says about how a TV deviates from the spec: counts the deviations it accepted by
 * kind and the messages it rejected by protocol, warns once per kind when a kind is first seen, and
 * warns of rejected messages with their reason, at most once per {@link #RATE_LIMIT_NANOS} per
 * protocol (the next warning after a quiet spell says how many were not shown).
 *
 * <p>Warnings go to a sink (the companion's log at WARN); the decisions (a kind seen for the first
 * time, a rejection) are returned so the caller can tell its listeners outside any lock.
 *
 * <p>Time is read from a {@link TimeSource} (nanoseconds), so tests drive the rate limit by hand.
 * Thread safe: CII and TS connections report concurrently.
 */
final class DeviationLog {
  /** Rejection warnings per protocol: at most one per this many nanoseconds (1 s). */
  static final long RATE_LIMIT_NANOS = 1_000_000_000L;

  private final TimeSource time;
  private final Consumer<String> warn;
  private final EnumMap<Deviation, Long> deviations = new EnumMap<>(Deviation.class);
  private final Map<String, Long> rejected = new LinkedHashMap<>();
  private final Map<String, Limit> limits = new TreeMap<>();

  /** The rate limit of one protocol's warnings. */
  private static final class Limit {
    long lastWarnedNanos;
    long suppressed;
  }

  /**
   * A log.
   *
   * @param time the time source for the rate limit
   * @param warn where each warning line goes
   */
  DeviationLog(TimeSource time, Consumer<String> warn) {
    this.time = Objects.requireNonNull(time, "time");
    this.warn = Objects.requireNonNull(warn, "warn");
  }

  /** The warning for a kind seen for the first time. */
  static String firstSeenWarning(Deviation kind) {
    return "TV deviates from the spec: " + kind.description() + " (accepted)";
  }

  /**
   * Counts a message read with these deviations, and warns of each kind seen for the first time.
   *
   * @param kinds the kinds accepted in the message
   * @return the kinds seen for the first time, in {@link Deviation} order (usually none)
   */
  List<Deviation> accepted(Set<Deviation> kinds) {
    List<Deviation> first = new ArrayList<>(0);
    synchronized (this) {
      for (Deviation d : kinds) {
        long count = deviations.merge(d, 1L, Long::sum);
        if (count == 1) {
          first.add(d);
        }
      }
    }
    for (Deviation d : first) {
      warn.accept(firstSeenWarning(d));
    }
    return first;
  }

  /**
   * Counts a rejected message and warns of it, unless a warning for the same protocol was given in
   * the last second (then it is counted as not shown, and the next warning says so).
   *
   * @param protocol the protocol, e.g. {@code CSS-TS}
   * @param reason why it was rejected
   */
  void rejected(String protocol, String reason) {
    String line = null;
    synchronized (this) {
      rejected.merge(protocol, 1L, Long::sum);
      long now = time.nanoTime();
      Limit limit = limits.get(protocol);
      if (limit == null || now - limit.lastWarnedNanos >= RATE_LIMIT_NANOS) {
        if (limit == null) {
          limit = new Limit();
          limits.put(protocol, limit);
        }
        line = rejectedWarning(protocol, reason, limit.suppressed);
        limit.lastWarnedNanos = now;
        limit.suppressed = 0;
      } else {
        limit.suppressed++;
      }
    }
    if (line != null) {
      warn.accept(line);
    }
  }

  private static String rejectedWarning(String protocol, String reason, long notShown) {
    return "TV sent an invalid "
        + protocol
        + " message (rejected): "
        + reason
        + (notShown == 0 ? "" : " (" + notShown + " more rejected before this, not shown)");
  }

  /** Warns of the rejections not shown yet, if any (when the companion stops). */
  void flush() {
    List<String> lines = new ArrayList<>();
    synchronized (this) {
      for (Map.Entry<String, Limit> e : limits.entrySet()) {
        long n = e.getValue().suppressed;
        if (n != 0) {
          lines.add(n + " more invalid " + e.getKey() + " messages were rejected, not shown");
          e.getValue().suppressed = 0;
        }
      }
    }
    lines.forEach(warn);
  }

  /**
   * The deviations accepted so far.
   *
   * @return for each kind seen, the number of messages read with it; unmodifiable, in {@link
   *     Deviation} order
   */
  synchronized Map<Deviation, Long> deviations() {
    return Collections.unmodifiableMap(new EnumMap<>(deviations));
  }

  /**
   * The messages rejected so far.
   *
   * @return for each protocol with any, the number rejected; unmodifiable, in the order first seen
   */
  synchronized Map<String, Long> rejected() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(rejected));
  }
}
