package org.dvbcss.net.netsim;

import java.util.SplittableRandom;

/**
 * The socket-free decisions of one leg: for each datagram or stream chunk that arrives at a time,
 * whether it is lost and when it is released. The proxies ask; tests ask on virtual time.
 *
 * <p>Times are nanoseconds on whatever time source the caller reads (the proxies read {@link
 * System#nanoTime()}); {@code startNanos} on that source is time 0 of the script. Random choices
 * come from a generator seeded from the configuration's seed and the leg, drawn only for the
 * impairments that are on, so one seed and the same arrivals give the same decisions.
 *
 * <p>Thread safe: every method is synchronized (a leg is one link, whose rate and burst state all
 * its traffic shares).
 */
public final class LinkModel {
  private final Direction leg;
  private final LinkImpairment base;
  private final Script script;
  private final long startNanos;
  private final long tcpLossDelayNanos;
  private final SplittableRandom random;
  private long linkFreeAt = Long.MIN_VALUE;
  private boolean bad;
  private long forwarded;
  private long dropped;
  private long duplicated;
  private long reordered;
  private long delayed;
  private long retransmitted;
  private long bytes;

  private static final long[] NONE = {};

  /**
   * Creates the model of a leg.
   *
   * @param leg which leg
   * @param config the impairments, script, seed and TCP loss delay
   * @param startNanos time 0 of the script, nanoseconds on the caller's time source
   */
  public LinkModel(Direction leg, NetsimConfig config, long startNanos) {
    this.leg = leg;
    this.base = config.leg(leg);
    this.script = config.script();
    this.startNanos = startNanos;
    this.tcpLossDelayNanos = config.tcpLossDelayNanos();
    this.random = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + leg.ordinal() + 1);
  }

  /**
   * The leg this models.
   *
   * @return the leg
   */
  public Direction leg() {
    return leg;
  }

  /**
   * The leg's impairment at a time, with the script applied.
   *
   * @param nowNanos nanoseconds on the caller's time source
   * @return the impairment then
   */
  public LinkImpairment impairmentAt(long nowNanos) {
    return script.at(base, leg, elapsed(nowNanos));
  }

  /**
   * Whether the leg is down at a time.
   *
   * @param nowNanos nanoseconds on the caller's time source
   * @return true during an outage
   */
  public boolean down(long nowNanos) {
    return impairmentAt(nowNanos).outage();
  }

  /**
   * Decides a datagram's fate.
   *
   * @param nowNanos when it arrived, nanoseconds on the caller's time source
   * @param size its size, bytes
   * @return when to send it: empty if lost, two equal times if duplicated
   */
  public synchronized long[] datagram(long nowNanos, int size) {
    LinkImpairment imp = impairmentAt(nowNanos);
    if (imp.outage() || lost(imp)) {
      dropped++;
      return NONE;
    }
    long release = pace(nowNanos, size, imp) + delay(imp);
    if (imp.reorder() > 0 && random.nextDouble() < imp.reorder()) {
      release += imp.reorderNanos();
      reordered++;
    }
    count(nowNanos, size, release);
    if (imp.duplicate() > 0 && random.nextDouble() < imp.duplicate()) {
      duplicated++;
      return new long[] {release, release};
    }
    return new long[] {release};
  }

  /**
   * Decides when a chunk of a TCP stream is delivered. Nothing is lost: a chunk the loss model
   * picks arrives {@link NetsimConfig#tcpLossDelayNanos()} later, as after a retransmission; during
   * an outage it is held until the outage ends. Order is kept: the time is never before {@code
   * notBeforeNanos}.
   *
   * @param nowNanos when it arrived, nanoseconds on the caller's time source
   * @param size its size, bytes
   * @param notBeforeNanos the release of the chunk before it on the same connection
   * @return when to deliver it; {@link Long#MAX_VALUE} if the outage never ends
   */
  public synchronized long chunk(long nowNanos, int size, long notBeforeNanos) {
    long t = nowNanos;
    LinkImpairment imp = impairmentAt(nowNanos);
    if (imp.outage()) {
      long end = script.outageEnd(base, leg, elapsed(nowNanos));
      if (end == Long.MAX_VALUE) {
        return Long.MAX_VALUE;
      }
      t = startNanos + end;
      imp = impairmentAt(t);
    }
    long release = pace(t, size, imp) + delay(imp);
    if (lost(imp)) {
      release += tcpLossDelayNanos;
      retransmitted++;
    }
    release = Math.max(release, notBeforeNanos);
    count(nowNanos, size, release);
    return release;
  }

  /**
   * When the end of a TCP stream (the sender's close) is passed on: after the leg's least delay,
   * after any outage the leg is in (so a close is held with the bytes before it), never before
   * {@code notBeforeNanos}. Not counted and draws nothing random.
   *
   * @param nowNanos when the end was read, nanoseconds on the caller's time source
   * @param notBeforeNanos the release of the last chunk on the same connection
   * @return when to pass it on; {@link Long#MAX_VALUE} if the outage never ends
   */
  public synchronized long endAt(long nowNanos, long notBeforeNanos) {
    long t = nowNanos;
    if (down(nowNanos)) {
      long end = script.outageEnd(base, leg, elapsed(nowNanos));
      if (end == Long.MAX_VALUE) {
        return Long.MAX_VALUE;
      }
      t = startNanos + end;
    }
    return Math.max(t + impairmentAt(t).delayNanos(), notBeforeNanos);
  }

  /**
   * What the leg has done so far.
   *
   * @return a snapshot of its counters
   */
  public synchronized LinkCounters counters() {
    return new LinkCounters(
        forwarded, dropped, duplicated, reordered, delayed, retransmitted, bytes);
  }

  /** Counts a datagram dropped before the model saw it (the proxy was full). */
  synchronized void countDropped() {
    dropped++;
  }

  private long elapsed(long nowNanos) {
    return Math.max(0, nowNanos - startNanos);
  }

  private void count(long nowNanos, int size, long release) {
    forwarded++;
    bytes += size;
    if (release > nowNanos) {
      delayed++;
    }
  }

  /** Steps the burst chain, then draws the independent loss. */
  private boolean lost(LinkImpairment imp) {
    if (imp.burstEnter() == 0) {
      bad = false;
    } else if (bad) {
      bad = random.nextDouble() >= imp.burstExit();
    } else {
      bad = random.nextDouble() < imp.burstEnter();
    }
    if (bad) {
      return true;
    }
    return imp.loss() > 0 && random.nextDouble() < imp.loss();
  }

  private long delay(LinkImpairment imp) {
    long jitter = imp.jitterNanos() == 0 ? 0 : random.nextLong(imp.jitterNanos() + 1);
    return imp.delayNanos() + jitter;
  }

  /** When the link has finished sending this packet: after everything before it. */
  private long pace(long nowNanos, int size, LinkImpairment imp) {
    if (imp.bytesPerSecond() == 0) {
      return nowNanos;
    }
    long sendNanos = (long) Math.ceil(size * 1e9 / imp.bytesPerSecond());
    linkFreeAt = Math.max(nowNanos, linkFreeAt) + sendNanos;
    return linkFreeAt;
  }
}
