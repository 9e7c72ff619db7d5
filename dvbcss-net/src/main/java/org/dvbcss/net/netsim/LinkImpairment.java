package org.dvbcss.net.netsim;

/**
 * What one leg of a path does to what crosses it: an immutable value.
 *
 * <p>Each datagram (UDP) or chunk of a stream (TCP) first waits for the link's bandwidth, then is
 * delayed by {@code delayNanos} plus a jitter drawn uniformly from {@code [0, jitterNanos]}: the
 * delay is the least a packet takes, the mean is {@code delay + jitter / 2}. That keeps "nothing
 * arrives before the delay" true, which a CSS-WC client's error bound relies on when the delay is
 * fixed, and keeps jitter from ever making a negative delay.
 *
 * <p>Loss is independent per packet with probability {@code loss}, plus bursts from a two-state
 * Gilbert-Elliott chain: before each packet a good link turns bad with probability {@code
 * burstEnter} and a bad one turns good with probability {@code burstExit}; every packet sent while
 * bad is lost. Bursts last {@code 1 / burstExit} packets on average. On TCP a lost chunk is not
 * lost: it arrives after the retransmission delay of {@link NetsimConfig#tcpLossDelayNanos()}.
 *
 * <p>UDP only: with probability {@code reorder} a datagram is held {@code reorderNanos} longer, so
 * later ones overtake it; with probability {@code duplicate} it is sent twice.
 *
 * <p>{@code bytesPerSecond} (0: unlimited) is the link's rate: a packet leaves once the link has
 * sent everything before it, taking {@code bytes / rate} seconds, a token bucket with no burst
 * allowance. During an {@code outage} UDP datagrams are dropped and TCP is held or reset ({@link
 * NetsimConfig.TcpOutage}).
 *
 * @param delayNanos the least delay, nanoseconds, 0 or more
 * @param jitterNanos the width of the uniform extra delay, nanoseconds, 0 or more
 * @param loss the probability of losing each packet, 0 to 1
 * @param burstEnter the probability that a good link turns bad before a packet, 0 to 1
 * @param burstExit the probability that a bad link turns good before a packet, 0 to 1 (positive
 *     when {@code burstEnter} is)
 * @param reorder the probability of holding a datagram back, 0 to 1
 * @param reorderNanos how long a held-back datagram waits more, nanoseconds, 0 or more
 * @param duplicate the probability of sending a datagram twice, 0 to 1
 * @param bytesPerSecond the link's rate, bytes per second; 0 for unlimited
 * @param outage whether the leg is down
 */
public record LinkImpairment(
    long delayNanos,
    long jitterNanos,
    double loss,
    double burstEnter,
    double burstExit,
    double reorder,
    long reorderNanos,
    double duplicate,
    long bytesPerSecond,
    boolean outage) {

  /** Nothing done: no delay, no loss, unlimited, up. */
  public static final LinkImpairment NONE = builder().build();

  /** The hold of a reordered datagram unless set: 5 ms. */
  public static final long DEFAULT_REORDER_NANOS = 5_000_000L;

  /** Checks every field. */
  public LinkImpairment {
    nonNegative("delay", delayNanos);
    nonNegative("jitter", jitterNanos);
    nonNegative("reorder hold", reorderNanos);
    nonNegative("bandwidth", bytesPerSecond);
    probability("loss", loss);
    probability("burst enter", burstEnter);
    probability("burst exit", burstExit);
    probability("reorder", reorder);
    probability("duplicate", duplicate);
    if (burstEnter > 0 && burstExit == 0) {
      throw new IllegalArgumentException("a burst that never ends: burst exit must be > 0");
    }
    if (delayNanos > Long.MAX_VALUE / 4 || jitterNanos > Long.MAX_VALUE / 4) {
      throw new IllegalArgumentException("delay or jitter too large");
    }
  }

  private static void nonNegative(String what, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " must be >= 0: " + value);
    }
  }

  private static void probability(String what, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(what + " must be a probability, 0 to 1: " + p);
    }
  }

  /**
   * A builder with nothing set: {@link #NONE}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from this value.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder()
        .delayNanos(delayNanos)
        .jitterNanos(jitterNanos)
        .loss(loss)
        .burst(burstEnter, burstExit)
        .reorder(reorder, reorderNanos)
        .duplicate(duplicate)
        .bytesPerSecond(bytesPerSecond)
        .outage(outage);
  }

  /**
   * This value with a script change applied.
   *
   * @param patch what a change sets or adds
   * @return the changed value
   */
  public LinkImpairment with(Patch patch) {
    Builder b = toBuilder();
    if (patch.delayNanos() != null) {
      long d = patch.delayNanos();
      b.delayNanos(patch.delayRelative() ? Math.max(0, delayNanos + d) : d);
    }
    if (patch.jitterNanos() != null) {
      b.jitterNanos(patch.jitterNanos());
    }
    if (patch.loss() != null) {
      b.loss(patch.loss());
    }
    if (patch.duplicate() != null) {
      b.duplicate(patch.duplicate());
    }
    if (patch.reorder() != null) {
      b.reorder(patch.reorder(), reorderNanos);
    }
    if (patch.bytesPerSecond() != null) {
      b.bytesPerSecond(patch.bytesPerSecond());
    }
    if (patch.outage()) {
      b.outage(true);
    }
    return b.build();
  }

  /**
   * What one script change does to a leg: each field set replaces (or, for a relative delay, adds
   * to) the leg's value while the change lasts; a null field leaves it alone.
   *
   * @param delayNanos the delay to set, or to add when {@code delayRelative} (may be negative: the
   *     sum is floored at 0), nanoseconds; null to leave
   * @param delayRelative whether {@code delayNanos} is added
   * @param jitterNanos the jitter to set, nanoseconds; null to leave
   * @param loss the loss probability to set; null to leave
   * @param duplicate the duplication probability to set; null to leave
   * @param reorder the reorder probability to set; null to leave
   * @param bytesPerSecond the rate to set, bytes per second, 0 unlimited; null to leave
   * @param outage whether the leg is down while the change lasts
   */
  public record Patch(
      @org.jspecify.annotations.Nullable Long delayNanos,
      boolean delayRelative,
      @org.jspecify.annotations.Nullable Long jitterNanos,
      @org.jspecify.annotations.Nullable Double loss,
      @org.jspecify.annotations.Nullable Double duplicate,
      @org.jspecify.annotations.Nullable Double reorder,
      @org.jspecify.annotations.Nullable Long bytesPerSecond,
      boolean outage) {

    /** A change that only takes the leg down. */
    public static final Patch OUTAGE = new Patch(null, false, null, null, null, null, null, true);

    /**
     * A change that adds to the delay: a route change.
     *
     * @param nanos added, nanoseconds (negative takes away)
     * @return the change
     */
    public static Patch addDelay(long nanos) {
      return new Patch(nanos, true, null, null, null, null, null, false);
    }

    /**
     * A change that sets the delay.
     *
     * @param nanos the new delay, nanoseconds, 0 or more
     * @return the change
     */
    public static Patch setDelay(long nanos) {
      return new Patch(nanos, false, null, null, null, null, null, false);
    }

    /**
     * A change that sets the loss probability.
     *
     * @param loss 0 to 1
     * @return the change
     */
    public static Patch setLoss(double loss) {
      return new Patch(null, false, null, loss, null, null, null, false);
    }
  }

  /** Builds a {@link LinkImpairment}. Not thread safe. */
  public static final class Builder {
    private long delayNanos;
    private long jitterNanos;
    private double loss;
    private double burstEnter;
    private double burstExit = 1;
    private double reorder;
    private long reorderNanos = DEFAULT_REORDER_NANOS;
    private double duplicate;
    private long bytesPerSecond;
    private boolean outage;

    private Builder() {}

    /**
     * Sets the least delay.
     *
     * @param nanos nanoseconds, 0 or more
     * @return this
     */
    public Builder delayNanos(long nanos) {
      this.delayNanos = nanos;
      return this;
    }

    /**
     * Sets the width of the uniform extra delay.
     *
     * @param nanos nanoseconds, 0 or more
     * @return this
     */
    public Builder jitterNanos(long nanos) {
      this.jitterNanos = nanos;
      return this;
    }

    /**
     * Sets the independent loss probability.
     *
     * @param p 0 to 1
     * @return this
     */
    public Builder loss(double p) {
      this.loss = p;
      return this;
    }

    /**
     * Sets the burst loss chain; {@code (0, 1)} turns it off.
     *
     * @param enter the probability that a good link turns bad before a packet
     * @param exit the probability that a bad link turns good before a packet
     * @return this
     */
    public Builder burst(double enter, double exit) {
      this.burstEnter = enter;
      this.burstExit = exit;
      return this;
    }

    /**
     * Sets reordering (UDP).
     *
     * @param p the probability of holding a datagram back
     * @param holdNanos how much longer it waits, nanoseconds
     * @return this
     */
    public Builder reorder(double p, long holdNanos) {
      this.reorder = p;
      this.reorderNanos = holdNanos;
      return this;
    }

    /**
     * Sets duplication (UDP).
     *
     * @param p the probability of sending a datagram twice
     * @return this
     */
    public Builder duplicate(double p) {
      this.duplicate = p;
      return this;
    }

    /**
     * Sets the rate.
     *
     * @param rate bytes per second; 0 for unlimited
     * @return this
     */
    public Builder bytesPerSecond(long rate) {
      this.bytesPerSecond = rate;
      return this;
    }

    /**
     * Takes the leg down, or up.
     *
     * @param down whether it is down
     * @return this
     */
    public Builder outage(boolean down) {
      this.outage = down;
      return this;
    }

    /**
     * Builds the value.
     *
     * @return the impairment
     * @throws IllegalArgumentException if a field is out of range
     */
    public LinkImpairment build() {
      return new LinkImpairment(
          delayNanos,
          jitterNanos,
          loss,
          burstEnter,
          burstExit,
          reorder,
          reorderNanos,
          duplicate,
          bytesPerSecond,
          outage);
    }
  }
}
