package org.dvbcss.net.wc;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dvbcss.clock.TimeSource;

/**
 * A token bucket per source address, in a table of bounded size: decides whether a datagram from an
 * address may be answered.
 *
 * <p>Each address has a bucket of {@code burst} tokens that refills at {@code ratePerSecond}; a
 * datagram takes one token or is refused. It is kept in the equivalent "virtual scheduling" form:
 * per address one {@code long}, the time at which its bucket would be full again, in nanoseconds of
 * the injected {@link TimeSource}. The emission interval {@code 1e9 / ratePerSecond} is rounded to
 * whole nanoseconds, so counts are exact when time is driven by hand.
 *
 * <p>The table holds at most {@code maxSources} addresses. An address whose bucket has refilled is
 * indistinguishable from one never seen, so such idle entries are forgotten as they reach the old
 * end of the table (up to two per call); when the table is full anyway, the least recently seen
 * address is forgotten, and if it comes back it starts with a full bucket.
 *
 * <p>Thread safe: one lock guards the table; the work under it is one hash lookup and a few
 * arithmetic operations.
 */
final class SourceRateLimiter {
  /** The default bound on the table. */
  static final int DEFAULT_MAX_SOURCES = 65_536;

  private final TimeSource time;
  private final long intervalNanos;
  private final long toleranceNanos;
  private final int maxSources;
  private final LinkedHashMap<InetAddress, Bucket> sources; // guarded by this
  private long forgotten; // guarded by this

  /** A source's state: when its bucket is full again, nanoseconds of the time source. */
  private static final class Bucket {
    long fullAt;

    Bucket(long fullAt) {
      this.fullAt = fullAt;
    }
  }

  /**
   * A limiter.
   *
   * @param ratePerSecond tokens added per second, 0.001 to 1e9
   * @param burst the bucket's size, 1 to 1,000,000: datagrams a quiet source may send at once
   * @param maxSources the most addresses remembered at once, 1 or more
   * @param time where the time comes from
   */
  SourceRateLimiter(double ratePerSecond, int burst, int maxSources, TimeSource time) {
    checkRate(ratePerSecond, burst);
    if (maxSources < 1) {
      throw new IllegalArgumentException("maxSources must be >= 1: " + maxSources);
    }
    this.time = time;
    this.intervalNanos = Math.max(1, Math.round(1e9 / ratePerSecond));
    this.toleranceNanos = (burst - 1) * intervalNanos;
    this.maxSources = maxSources;
    this.sources = new LinkedHashMap<>(16, 0.75f, true);
  }

  static void checkRate(double ratePerSecond, int burst) {
    if (!(ratePerSecond >= 0.001 && ratePerSecond <= 1e9)) {
      throw new IllegalArgumentException(
          "rate must be 0.001 to 1e9 requests per second: " + ratePerSecond);
    }
    if (burst < 1 || burst > 1_000_000) {
      throw new IllegalArgumentException("burst must be 1 to 1000000: " + burst);
    }
  }

  /**
   * Takes a token for a datagram from an address, if it has one.
   *
   * @param source the datagram's source address (the port does not matter)
   * @return true to answer the datagram, false to drop it
   */
  boolean tryAcquire(InetAddress source) {
    long now = time.nanoTime();
    synchronized (this) {
      Bucket bucket = sources.get(source); // moves it to the recent end
      if (bucket == null) {
        if (sources.size() >= maxSources) {
          forgetEldest();
        }
        bucket = new Bucket(now);
        sources.put(source, bucket);
      }
      // compare differences, not values: the time source's origin is arbitrary
      long fullAt = bucket.fullAt - now < 0 ? now : bucket.fullAt;
      boolean allowed = fullAt - now <= toleranceNanos;
      bucket.fullAt = allowed ? fullAt + intervalNanos : fullAt;
      forgetIdle(now);
      return allowed;
    }
  }

  private void forgetEldest() {
    Iterator<Map.Entry<InetAddress, Bucket>> it = sources.entrySet().iterator();
    it.next();
    it.remove();
    forgotten++;
  }

  private void forgetIdle(long now) {
    Iterator<Map.Entry<InetAddress, Bucket>> it = sources.entrySet().iterator();
    for (int i = 0; i < 2 && it.hasNext(); i++) {
      if (it.next().getValue().fullAt - now > 0) {
        return;
      }
      it.remove();
    }
  }

  /**
   * How many addresses the table holds now.
   *
   * @return 0 to {@code maxSources}
   */
  synchronized int size() {
    return sources.size();
  }

  /**
   * How many addresses were forgotten because the table was full (idle ones forgotten early are not
   * counted: they lose nothing).
   *
   * @return a count
   */
  synchronized long forgottenWhileFull() {
    return forgotten;
  }
}
