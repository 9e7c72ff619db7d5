package org.dvbcss.net.wc;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dvbcss.clock.TimeSource;
import org.dvbcss.clock.TokenBucket;

/**
 * A token bucket per source address, in a table of bounded size: decides whether a datagram from an
 * address may be answered.
 *
 * <p>Each address has a {@link TokenBucket} of {@code burst} tokens that refills at {@code
 * ratePerSecond}, on nanoseconds of the injected {@link TimeSource}; a datagram takes one token or
 * is refused. The interval between tokens is {@code 1e9 / ratePerSecond} rounded to whole
 * nanoseconds, so counts are exact when time is driven by hand.
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
  private final double ratePerSecond;
  private final int burst;
  private final int maxSources;
  private final LinkedHashMap<InetAddress, TokenBucket> sources; // guarded by this
  private long forgotten; // guarded by this

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
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
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
      TokenBucket bucket = sources.get(source); // moves it to the recent end
      if (bucket == null) {
        if (sources.size() >= maxSources) {
          forgetEldest();
        }
        bucket = new TokenBucket(ratePerSecond, burst, now);
        sources.put(source, bucket);
      }
      boolean allowed = bucket.tryTake(now);
      forgetIdle(now);
      return allowed;
    }
  }

  private void forgetEldest() {
    Iterator<Map.Entry<InetAddress, TokenBucket>> it = sources.entrySet().iterator();
    it.next();
    it.remove();
    forgotten++;
  }

  private void forgetIdle(long now) {
    Iterator<Map.Entry<InetAddress, TokenBucket>> it = sources.entrySet().iterator();
    for (int i = 0; i < 2 && it.hasNext(); i++) {
      if (!it.next().getValue().isFull(now)) {
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
