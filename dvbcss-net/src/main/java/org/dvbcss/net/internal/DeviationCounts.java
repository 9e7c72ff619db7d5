package org.dvbcss.net.internal;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import org.dvbcss.protocol.Deviation;

/**
 * Counts messages per kind of {@link Deviation}. Thread safe: {@link #add} from the reading thread,
 * {@link #snapshot()} from any. Not API.
 */
public final class DeviationCounts {
  private final AtomicLongArray counts = new AtomicLongArray(Deviation.values().length);

  /**
   * Counts one message read with these deviations.
   *
   * @param kinds the kinds accepted in the message
   */
  public void add(Set<Deviation> kinds) {
    for (Deviation d : kinds) {
      counts.incrementAndGet(d.ordinal());
    }
  }

  /**
   * The counts so far.
   *
   * @return for each kind seen at least once, the number of messages; unmodifiable, in {@link
   *     Deviation} order
   */
  public Map<Deviation, Long> snapshot() {
    EnumMap<Deviation, Long> m = new EnumMap<>(Deviation.class);
    for (Deviation d : Deviation.values()) {
      long n = counts.get(d.ordinal());
      if (n != 0) {
        m.put(d, n);
      }
    }
    return Collections.unmodifiableMap(m);
  }

  /**
   * An unmodifiable copy of a map of counts, in {@link Deviation} order.
   *
   * @param counts the counts
   * @return the copy
   * @throws NullPointerException if the map or an entry is null
   */
  public static Map<Deviation, Long> copy(Map<Deviation, Long> counts) {
    Objects.requireNonNull(counts, "deviations");
    EnumMap<Deviation, Long> m = new EnumMap<>(Deviation.class);
    for (Map.Entry<Deviation, Long> e : counts.entrySet()) {
      m.put(Objects.requireNonNull(e.getKey()), Objects.requireNonNull(e.getValue()));
    }
    return Collections.unmodifiableMap(m);
  }
}
